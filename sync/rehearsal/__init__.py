"""Simulated seats for `phonghop rehearse` (and the benchmarks that use it): real devices enrolled
through /v1/enroll on real TLS WebSockets, spread over worker processes."""
