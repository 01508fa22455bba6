"""The prime-order group of Ed25519 through libsodium, and its wire encodings (docs/sealed.md).

Points are 32-byte Ed25519 encodings, scalars 32 bytes little-endian below ORDER. libsodium
refuses to return the neutral element from a scalar multiplication and refuses a zero scalar,
so both are handled here: exponential ElGamal needs 0·G, and a tally can add up to it."""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import secrets
from typing import Any, Final

from nacl import bindings as _na

from app.errors import DomainError

ORDER: Final = 2**252 + 27742317777372353535851937790883648493
# The neutral element's encoding (y = 1); never accepted from outside (small order).
IDENTITY: Final = (1).to_bytes(32, "little")
GENERATOR: Final = _na.crypto_scalarmult_ed25519_base_noclamp((1).to_bytes(32, "little"))
ZERO: Final = bytes(32)


class TallyError(DomainError):
    """A sealed ballot, deal, share or result that does not hold up (stable code + Vietnamese)."""

    def __init__(self, message: str, detail: dict[str, Any] | None = None, code: str = "bad_request"):
        super().__init__(code, message, detail)


def scalar(n: int) -> bytes:
    return (n % ORDER).to_bytes(32, "little")


def scalar_int(s: bytes) -> int:
    return int.from_bytes(s, "little")


def random_scalar() -> bytes:
    while True:
        n = secrets.randbelow(ORDER)
        if n:
            return scalar(n)


def s_add(x: bytes, y: bytes) -> bytes:
    return _na.crypto_core_ed25519_scalar_add(x, y)


def s_sub(x: bytes, y: bytes) -> bytes:
    return _na.crypto_core_ed25519_scalar_sub(x, y)


def s_mul(x: bytes, y: bytes) -> bytes:
    return _na.crypto_core_ed25519_scalar_mul(x, y)


def base_mul(s: bytes) -> bytes:
    if s == ZERO:
        return IDENTITY
    return _na.crypto_scalarmult_ed25519_base_noclamp(s)


def mul(s: bytes, point: bytes) -> bytes:
    if s == ZERO or point == IDENTITY:
        return IDENTITY
    return _na.crypto_scalarmult_ed25519_noclamp(s, point)


def add(p: bytes, q: bytes) -> bytes:
    if p == IDENTITY:
        return q
    if q == IDENTITY:
        return p
    return _na.crypto_core_ed25519_add(p, q)


def sub(p: bytes, q: bytes) -> bytes:
    if q == IDENTITY:
        return p
    if p == q:
        return IDENTITY
    return _na.crypto_core_ed25519_sub(p, q)


@functools.lru_cache(maxsize=1024)
def small_mul(n: int) -> bytes:
    """n·G for a count (0 included); every proof branch needs one, always the same few."""
    return base_mul(scalar(n))


def is_point(data: bytes) -> bool:
    """In the prime-order subgroup, canonical, not of small order (libsodium's own check)."""
    return len(data) == 32 and bool(_na.crypto_core_ed25519_is_valid_point(data))


def hash_to_scalar(label: str, *parts: bytes | str | int) -> bytes:
    h = hashlib.sha512(label.encode())
    for part in parts:
        raw = part.encode() if isinstance(part, str) else str(part).encode() if isinstance(part, int) else part
        h.update(len(raw).to_bytes(4, "big"))
        h.update(raw)
    return _na.crypto_core_ed25519_scalar_reduce(h.digest())


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _raw(text: object, field: str, what: str) -> bytes:
    if isinstance(text, str) and len(text) == 44:
        try:
            data = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            data = b""
        if len(data) == 32:
            return data
    raise TallyError(f"{what} không đúng định dạng.", {"reason": "shape", "field": field})


def point_from_b64(text: object, field: str) -> bytes:
    data = _raw(text, field, "Điểm mã hóa")
    if not is_point(data):
        raise TallyError("Điểm mã hóa không thuộc nhóm của phiếu kín.", {"reason": "point", "field": field})
    return data


def scalar_from_b64(text: object, field: str) -> bytes:
    data = _raw(text, field, "Số của bằng chứng")
    if scalar_int(data) >= ORDER:
        raise TallyError("Số của bằng chứng không hợp lệ.", {"reason": "scalar", "field": field})
    return data
