"""The parts the voting records share: labels, Vietnam time, the header, title and signature blocks."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Final

from app import vote_labels
from app.clock import parse_iso, vn_date
from app.documents_compose import Block, Columns, Paragraph, Spacer, Style
from app.model import Delegate, Meeting
from app.vote_labels import OPTION_LABELS

VN_TIME: Final = timezone(timedelta(hours=7))

# In a printed table a dash reads better than "Không" for "no consequence".
CONSEQUENCE_LABELS: Final = {**vote_labels.CONSEQUENCE_LABELS, "none": "—"}


# The administrative levels a council's name carries before its place ("tỉnh Ninh Bình").
_LEVELS: Final = ("thành phố", "tỉnh", "đặc khu", "phường", "xã")


# ---------------------------------------------------------------------------------------------
# Words and numbers.


def kind_label(created: Mapping[str, Any]) -> str:
    return vote_labels.kind_label(str(created.get("kind", "")), str(created.get("rule", "")))


def option_label(key: str) -> str:
    return OPTION_LABELS.get(key, key)


def fingerprint(signature: str) -> str:
    """The first 16 hex digits of SHA-256 over the signature as the log writes it (base64 text),
    so anyone holding the log can recompute it without decoding anything."""
    return hashlib.sha256(signature.encode("utf-8")).hexdigest()[:16]


def vn_moment(at: str) -> datetime:
    return parse_iso(at).astimezone(VN_TIME)


def hhmm(at: str) -> str:
    return vn_moment(at).strftime("%H:%M")


def ddmmyyyy(at: str) -> str:
    return vn_moment(at).strftime("%d/%m/%Y")


def meeting_date(meeting: Meeting) -> str:
    """The meeting's own date (YYYY-MM-DD, a calendar day, no zone) as dd/mm/yyyy."""
    return vn_date(meeting.date)


def place_date(meeting: Meeting, day: datetime) -> str:
    """"Ninh Bình, ngày 10 tháng 12 năm 2026"; Nghị định 30/2020 pads days below 10 and the
    months January and February with a zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{council_place(meeting.council)}, ngày {day.day:02d} tháng {month} năm {day.year}"


def council_place(council: str) -> str:
    rest = _strip_prefix(council, "hội đồng nhân dân")
    for level in _LEVELS:
        stripped = _strip_prefix(rest, level)
        if stripped != rest:
            return stripped
    return rest


def _strip_prefix(text: str, prefix: str) -> str:
    if text.lower().startswith(prefix + " "):
        return text[len(prefix) + 1 :].strip()
    return text.strip()


def duration_words(seconds: int) -> str:
    minutes, rest = divmod(max(0, seconds), 60)
    if not minutes:
        return f"{rest} giây"
    return f"{minutes} phút {rest:02d} giây" if rest else f"{minutes} phút"


def person_name(delegates: Mapping[str, Delegate], delegate_id: str) -> str:
    found = delegates.get(delegate_id)
    return found.name if found is not None else delegate_id


# ---------------------------------------------------------------------------------------------
# The parts of an administrative document.


def center(text: str, size: float = 13, style: Style = "bold", rule: float = 0, space_after: float = 0) -> Paragraph:
    return Paragraph(text, size=size, style=style, align="center", space_after=space_after, rule=rule)


def line(text: str, style: Style = "regular", left: float = 0, size: float = 13, space_after: float = 3) -> Paragraph:
    """A left-aligned line: figures must not be spread out by justification."""
    return Paragraph(text, size=size, style=style, align="left", left=left, space_after=space_after)


def heading(text: str) -> Paragraph:
    return Paragraph(text, style="bold", align="left", space_before=6, space_after=4)


def header(meeting: Meeting, day: datetime, unit: str | None = None) -> Columns:
    """Issuing body on the left (the council, or a body of it such as the Ban kiểm phiếu);
    quốc hiệu, tiêu ngữ, place and date on the right."""
    rest = _strip_prefix(meeting.council, "hội đồng nhân dân")
    is_council = rest != meeting.council.strip()
    if unit is None:
        top, bottom = ("HỘI ĐỒNG NHÂN DÂN" if is_council else ""), rest.upper()
    else:
        top, bottom = (f"HĐND {rest.upper()}" if is_council else rest.upper()), unit
    left: list[Paragraph | Spacer] = [center(top, 12.5, "regular" if unit else "bold")] if top else []
    left.append(center(bottom, 12.5, "bold", rule=0.45))
    return Columns(
        left=tuple(left),
        right=(
            center("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11.5),
            center("Độc lập - Tự do - Hạnh phúc", 12.5, rule=1.0),
            Spacer(8),
            center(place_date(meeting, day), 12.5, "italic"),
        ),
        split=0.4,
        space_after=14,
    )


def title(kind: str, about: str) -> list[Block]:
    return [center(kind, 14), center(about, 13, rule=0.3, space_after=4), Spacer(10)]


def signatures(left: tuple[str, str], right: tuple[str, str]) -> Columns:
    """Two signers side by side: (role, name) each, with room to sign."""

    def block(role: str, name: str) -> tuple[Paragraph | Spacer, ...]:
        return (
            center(role, 13),
            center("(Ký, ghi rõ họ tên)", 12, "italic"),
            Spacer(58),
            center(name, 13),
        )

    return Columns(left=block(*left), right=block(*right), split=0.5, space_after=10)


def fingerprint_line(closed: Mapping[str, Any], left: float = 0) -> Paragraph:
    signature = closed.get("signature")
    code = fingerprint(signature) if isinstance(signature, str) and signature else "(chưa ký)"
    return Paragraph(
        f"Mã đối chiếu với bản lưu: {code} (16 ký tự đầu SHA-256 của chữ ký kết quả, "
        f"mã biểu quyết {closed.get('vote_id', '')}).",
        size=10,
        style="italic",
        align="left",
        left=left,
        space_before=8,
    )
