"""Zero-knowledge proofs (Fiat–Shamir over SHA-512): each binds its label and context parts,
so a proof made for one vote, question or option checks nowhere else (docs/sealed.md)."""

from __future__ import annotations

from collections.abc import Sequence

from app.tally.group import (
    base_mul,
    hash_to_scalar,
    mul,
    random_scalar,
    s_add,
    s_mul,
    s_sub,
    small_mul,
    sub,
)

RANGE: str = "phonghop/v1/sealed/range"
POK: str = "phonghop/v1/sealed/pok"
DECRYPT: str = "phonghop/v1/sealed/decrypt"

Part = bytes | str | int


def prove_range(
    context: Sequence[Part], public_key: bytes, a: bytes, b: bytes, r: bytes, value: int, lo: int, hi: int
) -> list[bytes]:
    """(a, b) encrypts `value` in [lo, hi] with randomness r: one real branch, the others simulated.
    Returns [c_lo … c_hi, s_lo … s_hi]."""
    n = hi - lo + 1
    cs: list[bytes] = [b""] * n
    ss: list[bytes] = [b""] * n
    commits: list[bytes] = []
    w = random_scalar()
    for i in range(n):
        k = lo + i
        if k == value:
            commits += [base_mul(w), mul(w, public_key)]
            continue
        cs[i], ss[i] = random_scalar(), random_scalar()
        commits += [
            sub(base_mul(ss[i]), mul(cs[i], a)),
            sub(mul(ss[i], public_key), mul(cs[i], sub(b, small_mul(k)))),
        ]
    c = hash_to_scalar(RANGE, *context, a, b, *commits)
    real = value - lo
    c_real = c
    for i in range(n):
        if i != real:
            c_real = s_sub(c_real, cs[i])
    cs[real] = c_real
    ss[real] = s_add(w, s_mul(c_real, r))
    return cs + ss


def verify_range(
    context: Sequence[Part], public_key: bytes, a: bytes, b: bytes, proof: Sequence[bytes], lo: int, hi: int
) -> bool:
    n = hi - lo + 1
    if len(proof) != 2 * n:
        return False
    cs, ss = proof[:n], proof[n:]
    commits: list[bytes] = []
    total = bytes(32)
    for i in range(n):
        commits += [
            sub(base_mul(ss[i]), mul(cs[i], a)),
            sub(mul(ss[i], public_key), mul(cs[i], sub(b, small_mul(lo + i)))),
        ]
        total = s_add(total, cs[i])
    return total == hash_to_scalar(RANGE, *context, a, b, *commits)


def prove_pok(context: Sequence[Part], secret: bytes, commitment: bytes) -> list[bytes]:
    """Schnorr: the dealer knows the discrete log of its first commitment (no rogue key)."""
    w = random_scalar()
    c = hash_to_scalar(POK, *context, commitment, base_mul(w))
    return [c, s_add(w, s_mul(c, secret))]


def verify_pok(context: Sequence[Part], commitment: bytes, proof: Sequence[bytes]) -> bool:
    if len(proof) != 2:
        return False
    c, s = proof
    return c == hash_to_scalar(POK, *context, commitment, sub(base_mul(s), mul(c, commitment)))


def prove_dleq(context: Sequence[Part], x: bytes, a: bytes, big_x: bytes, d: bytes) -> list[bytes]:
    """Chaum–Pedersen: log_G X = log_A D (a decryption share made with the member's own key)."""
    w = random_scalar()
    c = hash_to_scalar(DECRYPT, *context, a, big_x, d, base_mul(w), mul(w, a))
    return [c, s_add(w, s_mul(c, x))]


def verify_dleq(context: Sequence[Part], a: bytes, big_x: bytes, d: bytes, proof: Sequence[bytes]) -> bool:
    if len(proof) != 2:
        return False
    c, s = proof
    t1 = sub(base_mul(s), mul(c, big_x))
    t2 = sub(mul(s, a), mul(c, d))
    return c == hash_to_scalar(DECRYPT, *context, a, big_x, d, t1, t2)
