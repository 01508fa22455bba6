"""What checking a meeting archive found (app/archive_verify.py): each problem as a `Finding`
with a stable code and its place, and the `Report` people and programs read (`phonghop verify`
prints its verdict, `--json` its dict)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal

from app.archive import PART_LABELS
from app.archive_votes import VoteCheck

Status = Literal["valid", "invalid", "unreadable"]

# The headline names the most telling finding: a broken line or link before its consequences.
PRIORITY: Final = (
    "not_an_archive", "unsupported_version", "truncated", "unreadable", "bad_format", "chain_broken",
    "bad_result_signature", "bad_ballot_signature", "unknown_device", "ballot_mismatch", "recount_mismatch",
    "document_mismatch", "head_mismatch", "room_key_mismatch", "bad_manifest_signature", "archive_hash_mismatch",
)
SHOWN: Final = 30  # findings listed in the verdict; the rest are in --json


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: a stable code, a Vietnamese message and where it is."""

    code: str
    message: str
    part: str | None = None
    line: int | None = None
    seq: int | None = None
    vote_id: str | None = None
    delegate_id: str | None = None
    document_id: str | None = None
    detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        keys = ("code", "message", "part", "line", "seq", "vote_id", "delegate_id", "document_id", "detail")
        return {k: getattr(self, k) for k in keys if getattr(self, k) is not None}

    def where(self) -> str:
        bits = []
        if self.part is not None:
            bits.append(PART_LABELS.get(self.part, self.part))
        if self.line is not None:
            bits.append(f"dòng {self.line}")
        if self.seq is not None:
            bits.append(f"sự kiện số {self.seq}")
        bits += [x for x in (self.vote_id, self.delegate_id, self.document_id) if x is not None]
        return ", ".join(bits)


@dataclass(frozen=True, slots=True)
class Report:
    """What the check found: valid, invalid (findings, most telling first) or unreadable, and
    what was checked (events, votes recounted, ballots, documents, the room key)."""

    status: Status
    findings: tuple[Finding, ...]
    meeting_id: str | None = None
    exported_at: str | None = None
    room_key: str | None = None
    events: int = 0
    server_events: int = 0
    head: str | None = None
    head_seq: int = 0
    votes: tuple[VoteCheck, ...] = ()
    open_ballots: int = 0
    secret_boxes: int = 0
    documents: int = 0
    room_key_checked: bool = False

    @property
    def valid(self) -> bool:
        return self.status == "valid"

    @property
    def exit_code(self) -> int:
        return {"valid": 0, "invalid": 1, "unreadable": 2}[self.status]

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}

    def headline(self) -> str:
        if self.status == "unreadable":
            return f"KHÔNG ĐỌC ĐƯỢC: {self.findings[0].message}"
        if self.status == "invalid":
            more = len(self.findings) - 1
            tail = f"; và {more} vấn đề khác" if more else ""
            return f"KHÔNG HỢP LỆ: {self.findings[0].message.rstrip('.')}{tail}."
        signed = sum(v.signature_ok for v in self.votes)
        counted = [v for v in self.votes if v.recount != "not_recountable"]
        hands = len(self.votes) - len(counted)
        text = (f"HỢP LỆ: chuỗi sự kiện nguyên vẹn ({self.events} sự kiện), {signed} kết quả biểu quyết có chữ ký "
                f"hợp lệ, {sum(v.recount == 'ok' for v in counted)}/{len(counted)} kiểm lại khớp")
        if hands:
            text += f"; {hands} biểu quyết giơ tay do thư ký nhập số đếm, không kiểm lại được từ phiếu"
        return text + "."

    def verdict(self) -> str:
        """The text for people: the headline, then each problem with its place, then what was checked."""
        lines = [self.headline()]
        if self.status != "valid":
            for finding in self.findings[:SHOWN]:
                lines.append(f"  - {finding.message} [{finding.code}{'; ' + finding.where() if finding.where() else ''}]")
            if len(self.findings) > SHOWN:
                lines.append(f"  … và {len(self.findings) - SHOWN} vấn đề khác (xem --json).")
        if self.meeting_id is not None:
            lines.append(
                f"Kỳ họp {self.meeting_id}, xuất lúc {self.exported_at}: {self.events} sự kiện kỳ họp, "
                f"{self.server_events} sự kiện của máy chủ, {len(self.votes)} biểu quyết đã kết thúc, "
                f"{self.open_ballots} phiếu công khai, {self.secret_boxes} hòm phiếu kín, "
                f"{self.documents} phiên bản tài liệu công khai."
            )
            if self.head is not None:
                lines.append(f"Sự kiện cuối của kỳ họp: số {self.head_seq}, mã băm {self.head}.")
            if self.room_key_checked:
                lines.append(f"Khóa phòng họp: {self.room_key} (đúng khóa đã cho).")
            else:
                lines.append(f"Khóa phòng họp đã ký: {self.room_key}; hãy so với khóa công bố của phòng họp "
                             "(hoặc kiểm tra với --room-key).")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "valid": self.valid,
            "verdict": self.headline(),
            "meeting_id": self.meeting_id,
            "exported_at": self.exported_at,
            "room_key": self.room_key,
            "room_key_checked": self.room_key_checked,
            "events": self.events,
            "server_events": self.server_events,
            "head": self.head,
            "head_seq": self.head_seq,
            "votes": [v.to_dict() for v in self.votes],
            "open_ballots": self.open_ballots,
            "secret_boxes": self.secret_boxes,
            "documents": self.documents,
            "findings": [f.to_dict() for f in self.findings],
        }


def ranked(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """The findings, the most telling first (PRIORITY); the headline names the first."""
    rank = {code: i for i, code in enumerate(PRIORITY)}
    return tuple(sorted(findings, key=lambda f: rank.get(f.code, len(rank))))
