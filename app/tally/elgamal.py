"""Exponential ElGamal under the committee's key, and the homomorphic tally (docs/sealed.md).

A ciphertext of m is (r·G, r·P + m·G): adding ciphertexts adds the m's, so the sum of every
ballot's option is an encryption of that option's count, and only the count is ever decrypted."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from app.tally.group import IDENTITY, TallyError, add, b64, base_mul, mul, point_from_b64, small_mul

if TYPE_CHECKING:
    from app.tally.ballot import Question

Ciphertext = tuple[bytes, bytes]
Tally = list[list[Ciphertext]]


def encrypt(public_key: bytes, m: int, r: bytes) -> Ciphertext:
    return base_mul(r), add(mul(r, public_key), small_mul(m))


def add_ct(x: Ciphertext, y: Ciphertext) -> Ciphertext:
    return add(x[0], y[0]), add(x[1], y[1])


def sum_ct(items: Iterable[Ciphertext]) -> Ciphertext:
    total: Ciphertext = (IDENTITY, IDENTITY)
    for item in items:
        total = add_ct(total, item)
    return total


def _ballot_of(entry: Mapping[str, Any]) -> Mapping[str, Any]:
    # The log's vote.ballot_recorded data holds the ballot under "ballot"; a bare ballot is one too.
    inner = entry.get("ballot")
    return inner if isinstance(inner, Mapping) else entry


def tally_of(questions: Sequence[Question], ballots: Iterable[Mapping[str, Any]]) -> Tally:
    """The sum per question and option of ballots already checked (check_ballot)."""
    tally: Tally = [[(IDENTITY, IDENTITY)] * q.n_options for q in questions]
    for entry in ballots:
        for qi, question in enumerate(_ballot_of(entry)["questions"]):
            row = tally[qi]
            for oi, option in enumerate(question["options"]):
                a, b = _decode(option["a"]), _decode(option["b"])
                row[oi] = (add(row[oi][0], a), add(row[oi][1], b))
    return tally


def _decode(text: str) -> bytes:
    return base64.b64decode(text)


def tally_to_json(tally: Tally) -> list[list[list[str]]]:
    return [[[b64(a), b64(b)] for a, b in row] for row in tally]


def point_or_identity(text: object, field: str) -> bytes:
    """A tally of no ballot (or a share of it) is the neutral element, which no ballot may hold."""
    if text == b64(IDENTITY):
        return IDENTITY
    return point_from_b64(text, field)


def tally_from_json(obj: object, questions: Sequence[Question] | None = None) -> Tally:
    if not isinstance(obj, list) or (questions is not None and len(obj) != len(questions)):
        raise TallyError("Tổng phiếu mã hóa không đúng định dạng.", {"reason": "shape", "field": "tally"})
    tally: Tally = []
    for qi, row in enumerate(obj):
        if not isinstance(row, list) or (questions is not None and len(row) != questions[qi].n_options):
            raise TallyError("Tổng phiếu mã hóa không đúng định dạng.", {"reason": "shape", "field": "tally"})
        parsed: list[Ciphertext] = []
        for pair in row:
            if not isinstance(pair, list) or len(pair) != 2:
                raise TallyError("Tổng phiếu mã hóa không đúng định dạng.", {"reason": "shape", "field": "tally"})
            parsed.append((point_or_identity(pair[0], "tally"), point_or_identity(pair[1], "tally")))
        tally.append(parsed)
    return tally

