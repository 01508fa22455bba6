"""The `phonghop` program: the one composition root of PhòngHọp."""
