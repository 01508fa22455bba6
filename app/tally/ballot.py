"""A sealed ballot: every option encrypted as 0 or 1, each question's total in its range, with
the proofs; made at the seat, checked by the room and by `phonghop verify` (docs/sealed.md)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from app.canonical import canonical_json
from app.tally.elgamal import encrypt, sum_ct
from app.tally.group import TallyError, b64, point_from_b64, random_scalar, s_add, scalar_from_b64
from app.tally.proofs import prove_range, verify_range

if TYPE_CHECKING:
    from app.model import Vote

VERSION: Final = 1
TOTAL: Final = -1  # the option index that names a question's total in a proof's context


@dataclass(frozen=True, slots=True)
class Question:
    n_options: int
    lo: int
    hi: int


def questions_for(kind: str, n_options: int, n_subjects: int, seats: int) -> tuple[Question, ...]:
    if kind == "secret":
        return (Question(n_options, 1, 1),)
    if kind == "confidence":
        # A subject left blank is no valid mark for that subject (docs/votes.md), not a bad ballot.
        return tuple(Question(n_options, 0, 1) for _ in range(n_subjects))
    if kind == "election":
        return (Question(n_options, 0, seats),)
    raise TallyError("Loại biểu quyết này không bỏ phiếu kín mã hóa.", {"reason": "kind", "kind": kind})


def vote_questions(vote: Vote) -> tuple[Question, ...]:
    return questions_for(vote.kind, len(vote.options), len(vote.subjects), vote.seats)


def marks_for(vote: Vote, choice: str | dict[str, str] | list[str]) -> list[list[int]]:
    """The plaintext choice of `vote.cast` as 0/1 marks; what no sealed ballot can hold is refused."""
    options = list(vote.options)
    if vote.kind == "secret":
        if not isinstance(choice, str) or choice not in options:
            raise TallyError("Lựa chọn không có trong phiếu biểu quyết.", {"reason": "choice"})
        return [[int(o == choice) for o in options]]
    if vote.kind == "confidence":
        subjects = [p.person_id for p in vote.subjects]
        if not isinstance(choice, dict) or not set(choice) <= set(subjects) or not set(choice.values()) <= set(options):
            raise TallyError("Phiếu có người hoặc mức tín nhiệm không có trong danh sách.", {"reason": "choice"})
        return [[int(choice.get(s) == o) for o in options] for s in subjects]
    if vote.kind == "election":
        if not isinstance(choice, list) or len(set(choice)) != len(choice) or not set(choice) <= set(options):
            raise TallyError("Phiếu bầu có tên trùng hoặc không có trong danh sách ứng cử viên.", {"reason": "choice"})
        if len(choice) > vote.seats:
            raise TallyError(
                f"Chỉ được chọn tối đa {vote.seats} người; hãy bỏ bớt tên trước khi gửi phiếu.",
                {"reason": "too_many", "seats": vote.seats},
            )
        return [[int(o in choice) for o in options]]
    raise TallyError("Loại biểu quyết này không bỏ phiếu kín mã hóa.", {"reason": "kind", "kind": vote.kind})


def _context(vote_id: str, public_key: bytes, question: int, option: int) -> list[bytes | str | int]:
    return [vote_id, public_key, question, option]


def seal_ballot(
    vote_id: str, public_key: bytes, questions: Sequence[Question], marks: Sequence[Sequence[int]]
) -> dict[str, Any]:
    if len(marks) != len(questions):
        raise TallyError("Phiếu không khớp với các câu hỏi của cuộc bỏ phiếu.", {"reason": "shape"})
    out: list[dict[str, Any]] = []
    for qi, (question, row) in enumerate(zip(questions, marks, strict=True)):
        if len(row) != question.n_options or any(m not in (0, 1) for m in row):
            raise TallyError("Phiếu không khớp với các lựa chọn của cuộc bỏ phiếu.", {"reason": "shape", "question": qi})
        if not question.lo <= sum(row) <= question.hi:
            raise TallyError("Số lựa chọn trên phiếu không hợp lệ.", {"reason": "total", "question": qi})
        options, cts, r_total = [], [], bytes(32)
        for oi, m in enumerate(row):
            r = random_scalar()
            a, b = encrypt(public_key, m, r)
            proof = prove_range(_context(vote_id, public_key, qi, oi), public_key, a, b, r, m, 0, 1)
            options.append({"a": b64(a), "b": b64(b), "proof": [b64(x) for x in proof]})
            cts.append((a, b))
            r_total = s_add(r_total, r)
        ta, tb = sum_ct(cts)
        total = prove_range(
            _context(vote_id, public_key, qi, TOTAL), public_key, ta, tb, r_total, sum(row), question.lo, question.hi
        )
        out.append({"options": options, "total": [b64(x) for x in total]})
    return {"v": VERSION, "questions": out}


def _shape(message: str, **detail: Any) -> TallyError:
    return TallyError(message, {"reason": "shape", **detail})


def check_ballot(vote_id: str, public_key: bytes, questions: Sequence[Question], ballot: object) -> list[bytes]:
    """Every point valid, every proof right; returns each option's A (copies are found by them)."""
    if not isinstance(ballot, Mapping) or ballot.get("v") != VERSION or set(ballot) != {"v", "questions"}:
        raise _shape("Phiếu mã hóa không đúng định dạng.")
    rows = ballot["questions"]
    if not isinstance(rows, list) or len(rows) != len(questions):
        raise _shape("Phiếu mã hóa không có đủ các câu hỏi.")
    seen: list[bytes] = []
    for qi, (question, row) in enumerate(zip(questions, rows, strict=True)):
        if not isinstance(row, Mapping) or set(row) != {"options", "total"}:
            raise _shape("Phiếu mã hóa không đúng định dạng.", question=qi)
        options, total = row["options"], row["total"]
        if not isinstance(options, list) or len(options) != question.n_options:
            raise _shape("Phiếu mã hóa không có đủ các lựa chọn.", question=qi)
        if not isinstance(total, list) or len(total) != 2 * (question.hi - question.lo + 1):
            raise _shape("Bằng chứng tổng của phiếu không đúng định dạng.", question=qi)
        cts = []
        for oi, option in enumerate(options):
            if not isinstance(option, Mapping) or set(option) != {"a", "b", "proof"}:
                raise _shape("Phiếu mã hóa không đúng định dạng.", question=qi, option=oi)
            a, b = point_from_b64(option["a"], "ballot"), point_from_b64(option["b"], "ballot")
            proof = option["proof"]
            if not isinstance(proof, list) or len(proof) != 4:
                raise _shape("Bằng chứng của phiếu không đúng định dạng.", question=qi, option=oi)
            scalars = [scalar_from_b64(x, "ballot") for x in proof]
            if not verify_range(_context(vote_id, public_key, qi, oi), public_key, a, b, scalars, 0, 1):
                raise _refused(qi, oi)
            cts.append((a, b))
            seen.append(a)
        ta, tb = sum_ct(cts)
        scalars = [scalar_from_b64(x, "ballot") for x in total]
        if not verify_range(
            _context(vote_id, public_key, qi, TOTAL), public_key, ta, tb, scalars, question.lo, question.hi
        ):
            raise _refused(qi, TOTAL)
    return seen


def _refused(question: int, option: int) -> TallyError:
    return TallyError(
        "Bằng chứng của phiếu mã hóa không đúng; phiếu không được ghi nhận.",
        {"reason": "proof", "question": question, "option": option},
    )


def tracking(ballot: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(ballot)).hexdigest()


def tracking_code(tracking_hex: str) -> str:
    """What a person reads and compares: 10 base32 characters, in two groups of five."""
    text = base64.b32encode(bytes.fromhex(tracking_hex)).decode()[:10]
    return f"{text[:5]}-{text[5:]}"
