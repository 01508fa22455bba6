"""Counting: each holder's share of the tally's decryption with its proof; any t of them give
the counts, and never a single ballot (docs/sealed.md)."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

from app.tally.elgamal import Tally, point_or_identity
from app.tally.group import (
    IDENTITY,
    ORDER,
    TallyError,
    add,
    b64,
    base_mul,
    mul,
    scalar,
    scalar_from_b64,
    sub,
)
from app.tally.proofs import prove_dleq, verify_dleq


def _context(vote_id: str, member: str, question: int, option: int) -> list[bytes | str | int]:
    return [vote_id, member, question, option]


def decryption_shares(vote_id: str, member: str, x: bytes, tally: Tally) -> list[list[list[str]]]:
    big_x = base_mul(x)
    out: list[list[list[str]]] = []
    for qi, row in enumerate(tally):
        items = []
        for oi, (a, _b) in enumerate(row):
            d = mul(x, a)
            c, s = prove_dleq(_context(vote_id, member, qi, oi), x, a, big_x, d)
            items.append([b64(d), b64(c), b64(s)])
        out.append(items)
    return out


def check_decryption(vote_id: str, member: str, verification_key: bytes, tally: Tally, shares: object) -> list[list[bytes]]:
    if not isinstance(shares, list) or len(shares) != len(tally):
        raise TallyError("Phần giải mã không khớp với tổng phiếu.", {"reason": "shape", "member": member})
    found: list[list[bytes]] = []
    for qi, (row, items) in enumerate(zip(tally, shares, strict=True)):
        if not isinstance(items, list) or len(items) != len(row):
            raise TallyError("Phần giải mã không khớp với tổng phiếu.", {"reason": "shape", "member": member})
        points = []
        for oi, ((a, _b), item) in enumerate(zip(row, items, strict=True)):
            if not isinstance(item, list) or len(item) != 3:
                raise TallyError("Phần giải mã không đúng định dạng.", {"reason": "shape", "member": member})
            d = point_or_identity(item[0], "shares")
            proof = [scalar_from_b64(item[1], "shares"), scalar_from_b64(item[2], "shares")]
            if (a == IDENTITY) != (d == IDENTITY) or not verify_dleq(
                _context(vote_id, member, qi, oi), a, verification_key, d, proof
            ):
                raise TallyError(
                    "Bằng chứng giải mã của thành viên Ban kiểm phiếu không đúng.",
                    {"reason": "proof", "member": member, "question": qi, "option": oi},
                )
            points.append(d)
        found.append(points)
    return found


def lagrange_at_zero(indices: Sequence[int]) -> dict[int, bytes]:
    out = {}
    for j in indices:
        num, den = 1, 1
        for k in indices:
            if k != j:
                num = num * k % ORDER
                den = den * (k - j) % ORDER
        out[j] = scalar(num * pow(den, -1, ORDER))
    return out


_TABLE: list[bytes] = [IDENTITY]
_TABLE_LOCK = threading.Lock()


def _multiples(most: int) -> dict[bytes, int]:
    with _TABLE_LOCK:
        while len(_TABLE) <= most:
            _TABLE.append(add(_TABLE[-1], base_mul(scalar(1))))
        return {point: m for m, point in enumerate(_TABLE[: most + 1])}


def combine(tally: Tally, shares_by_index: Mapping[int, list[list[bytes]]], most: int) -> list[list[int]]:
    lam = lagrange_at_zero(sorted(shares_by_index))
    lookup = _multiples(most)
    counts: list[list[int]] = []
    for qi, row in enumerate(tally):
        values = []
        for oi, (_a, b) in enumerate(row):
            xa = IDENTITY
            for j, shares in shares_by_index.items():
                xa = add(xa, mul(lam[j], shares[qi][oi]))
            m = lookup.get(sub(b, xa))
            if m is None:
                raise TallyError("Không tìm được số phiếu từ các phần giải mã.", {"reason": "count", "question": qi,
                                                                               "option": oi})
            values.append(m)
        counts.append(values)
    return counts

