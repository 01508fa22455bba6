"""Sealed secret ballots (docs/sealed.md): the counting committee's threshold key, encrypted
ballots with their proofs, the homomorphic tally and its joint decryption. Qt-free, socket-free."""
