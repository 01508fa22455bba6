"""Seat cards: one-time enrollment codes per seat and role device, printed as an A4 PDF."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import segno

from app.clock import parse_iso
from app.documents_canvas import Canvas, FaceName, text_width, wrap_words
from app.documents_compose import PAGE_HEIGHT, PAGE_WIDTH, PdfMetadata
from app.errors import DomainError
from app.keys import code_hash, new_code
from app.model import (
    CHAIR,
    DELEGATE,
    DISPLAY,
    ROLE_LABELS,
    SECRETARY,
    TECHNICIAN,
    Enrollment,
    MeetingState,
    Seat,
    ServerState,
)

# Cards are printed the day before the session: a day to enroll every seat (the domain allows a week).
CARD_TTL_S: Final = 24 * 3600
CARD_ROLES: Final = (CHAIR, SECRETARY, DISPLAY, TECHNICIAN)


@dataclass(frozen=True, slots=True)
class SeatCard:
    """What one card shows; `expires_at` is printed in its own time zone (give it the local one)."""

    role: str
    link: str
    expires_at: datetime
    seat_label: str = ""
    delegate_name: str = ""
    delegate_title: str = ""


@dataclass(frozen=True, slots=True)
class IssuedCode:
    """A fresh one-time code: the `device.enroll` args (its hash only) and the card (the code
    itself, inside the link). Attributes: args, card."""

    args: Mapping[str, Any]
    card: SeatCard

    @property
    def code_hash(self) -> str:
        return str(self.args["code_hash"])


def issue_codes(
    meeting: MeetingState,
    *,
    link: Callable[[str], str],
    now: datetime,
    seats: Sequence[str] | None = None,
    roles: Sequence[str] = (),
    ttl_s: int = CARD_TTL_S,
    make_code: Callable[[], str] = new_code,
) -> list[IssuedCode]:
    """A new code for each chosen seat (labels or ids; None: every seat with a delegate, in hall
    order) and each role device. Re-issuing a lost card is the same call for its seat alone.

    `link` turns a code into its enrollment link: sync.links.enrollment_link with the room's
    host, port and certificate fingerprint (app/ does not import sync/).
    """
    if meeting.meeting is None:
        raise DomainError("not_found", "Chưa có cuộc họp nào để in thẻ ghế.")
    meeting_id = meeting.meeting.meeting_id
    expires = now + timedelta(seconds=ttl_s)
    wanted: list[tuple[dict[str, Any], SeatCard]] = []
    for seat in _chosen_seats(meeting, seats):
        assert seat.delegate_id is not None  # _chosen_seats keeps only seats with a delegate
        delegate = meeting.delegates[seat.delegate_id]
        args = {"role": DELEGATE, "meeting_id": meeting_id, "delegate_id": delegate.delegate_id, "seat": seat.seat_id}
        wanted.append((args, SeatCard(DELEGATE, "", expires, seat.label, delegate.name, delegate.title)))
    for role in dict.fromkeys(roles):
        wanted.append(_role_device(meeting, meeting_id, role, expires))
    issued = []
    for args, blank in wanted:
        code = make_code()
        command = {**{k: v for k, v in args.items() if v is not None}, "code_hash": code_hash(code), "ttl_s": ttl_s}
        card = SeatCard(blank.role, link(code), expires, blank.seat_label,
                        blank.delegate_name, blank.delegate_title)
        issued.append(IssuedCode(command, card))
    return issued


def _chosen_seats(meeting: MeetingState, chosen: Sequence[str] | None) -> list[Seat]:
    in_order = sorted(meeting.seats.values(), key=lambda s: (s.row, s.col, s.label))
    if chosen is None:
        return [s for s in in_order if s.delegate_id in meeting.delegates]
    by_name = {s.label: s for s in in_order} | {s.seat_id: s for s in in_order}
    result: list[Seat] = []
    for name in dict.fromkeys(chosen):
        seat = by_name.get(name.strip())
        if seat is None:
            raise DomainError("not_found", f"Không có ghế {name} trong hội trường.", {"seat": name})
        if seat.delegate_id not in meeting.delegates:
            raise DomainError("conflict", f"Ghế {seat.label} chưa xếp đại biểu nào.", {"seat": seat.seat_id})
        result.append(seat)
    return result


def _role_device(meeting: MeetingState, meeting_id: str, role: str, expires: datetime) -> tuple[dict[str, Any], SeatCard]:
    if role not in CARD_ROLES:
        known = ", ".join(CARD_ROLES)
        raise DomainError("bad_request", f"Vai trò «{role}» không có thẻ thiết bị (chọn trong: {known}).")
    if role == TECHNICIAN:
        return {"role": role}, SeatCard(role, "", expires)
    if role == DISPLAY:
        return {"role": role, "meeting_id": meeting_id}, SeatCard(role, "", expires)
    # The chair's and the secretary's devices belong to the delegate who holds that office.
    holders = [d for d in meeting.delegates.values() if role in d.roles]
    if len(holders) != 1:
        return {"role": role, "meeting_id": meeting_id}, SeatCard(role, "", expires)
    holder = holders[0]
    seat = meeting.seat_of(holder.delegate_id)
    args = {"role": role, "meeting_id": meeting_id, "delegate_id": holder.delegate_id,
            "seat": seat.seat_id if seat else None}
    return args, SeatCard(role, "", expires, seat.label if seat else "", holder.name, holder.title)


def earlier_codes(server: ServerState, issued: Iterable[IssuedCode], now: datetime) -> list[Enrollment]:
    """Unused, unexpired, not cancelled codes of earlier cards for the same delegates or devices:
    the codes a re-issue kills (`device.cancel_enrollment`), so a lost card opens nothing."""
    new = {i.code_hash for i in issued}
    owners = {_owner(i.args.get("role"), i.args.get("meeting_id"), i.args.get("delegate_id"), i.args.get("seat"))
              for i in issued}
    return sorted(
        (
            e
            for e in server.enrollments.values()
            if e.used_by is None
            and not e.cancelled
            and e.code_hash not in new
            and parse_iso(e.expires_at) > now
            and _owner(e.role, e.meeting_id, e.delegate_id, e.seat) in owners
        ),
        key=lambda e: e.expires_at,
    )


def _owner(role: object, meeting_id: object, delegate_id: object, seat: object) -> tuple[object, ...]:
    # A delegate's card follows the delegate (seats change); a device without one, its seat.
    return (role, meeting_id, delegate_id) if delegate_id is not None else (role, meeting_id, None, seat)


# ---------------------------------------------------------------------------------------------
# The PDF: 8 cards per A4 page (2 x 4), 95 x 69 mm each, dashed cut lines between them.

COLUMNS: Final = 2
ROWS: Final = 4
CARDS_PER_PAGE: Final = COLUMNS * ROWS
_MM: Final = 72 / 25.4
MARGIN: Final = 10 * _MM
CARD_WIDTH: Final = (PAGE_WIDTH - 2 * MARGIN) / COLUMNS
CARD_HEIGHT: Final = (PAGE_HEIGHT - 2 * MARGIN) / ROWS
_PAD: Final = 10.0
_QR: Final = 112.0  # the QR code with its quiet zone of 4 modules: about 40 mm square
_QR_TOP: Final = 35.0
_QR_BORDER: Final = 4
_LINK_TOP: Final = _QR_TOP + _QR + 1
_LINK_SIZE: Final = 6.5
_SMALL: Final = 6.5
Box = tuple[float, float, float, float]


def card_box(slot: int) -> Box:
    """The card at `slot` (0..7, row by row) on its page, as (x0, y0, x1, y1) in points."""
    row, column = divmod(slot, COLUMNS)
    x, y = MARGIN + column * CARD_WIDTH, MARGIN + row * CARD_HEIGHT
    return x, y, x + CARD_WIDTH, y + CARD_HEIGHT


def qr_box(slot: int) -> Box:
    """Where the card's QR code is, quiet zone included."""
    _, y, x1, _ = card_box(slot)
    return x1 - _PAD - _QR, y + _QR_TOP, x1 - _PAD, y + _QR_TOP + _QR


def link_box(slot: int) -> Box:
    """Where the card's link is written out, on as many lines as it takes."""
    x, y, x1, _ = card_box(slot)
    return x + _PAD, y + _LINK_TOP, x1 - _PAD, y + _LINK_TOP + 2.45 * _LINK_SIZE


def seat_cards_pdf(cards: Sequence[SeatCard], meeting_title: str, *, created: datetime | None = None) -> bytes:
    """An A4 PDF with 8 cards a page: title, seat, delegate, the link's QR code and text, expiry."""
    if not cards:
        raise ValueError("no cards to print")
    canvas = Canvas()
    for index, card in enumerate(cards):
        slot = index % CARDS_PER_PAGE
        if slot == 0:
            canvas.new_page()
            _cut_lines(canvas)
        _card(canvas, card, meeting_title, slot)
    metadata = PdfMetadata(
        title=f"Thẻ ghế — {meeting_title}",
        author="PhòngHọp",
        subject="Mã đăng ký thiết bị dùng một lần",
        created=created or datetime.now(UTC),
    )
    return canvas.finish(metadata)


def _cut_lines(canvas: Canvas) -> None:
    # Edge to edge, so a guillotine or a ruler follows them past the printer's margins.
    for row in range(ROWS + 1):
        y = MARGIN + row * CARD_HEIGHT
        canvas.line(0, y, PAGE_WIDTH, y, width=0.4, gray=0.55, dash=3)
    for column in range(COLUMNS + 1):
        x = MARGIN + column * CARD_WIDTH
        canvas.line(x, 0, x, PAGE_HEIGHT, width=0.4, gray=0.55, dash=3)


def _card(canvas: Canvas, card: SeatCard, meeting_title: str, slot: int) -> None:
    x0, y0, x1, _ = card_box(slot)
    inner = x1 - x0 - 2 * _PAD
    left = x0 + _PAD

    def lines(text: str, face: FaceName, size: float, width: float, baseline: float, limit: int,
              gray: float = 0, center: bool = False) -> float:
        """Writes up to `limit` wrapped lines from `baseline`; returns the next baseline."""
        wrapped = wrap_words(text, face, size, width)
        if len(wrapped) > limit:
            wrapped = [*wrapped[: limit - 1], _ellipsized(" ".join(wrapped[limit - 1 :]), face, size, width)]
        for line in wrapped:
            x = left + (width - text_width(face, size, line)) / 2 if center else left
            canvas.text(face, size, x, baseline, line, gray)
            baseline += size * 1.25
        return baseline

    lines(meeting_title, "regular", _SMALL, inner, y0 + _PAD + _SMALL, 2, gray=0.3, center=True)
    canvas.line(left, y0 + 30, x1 - _PAD, y0 + 30, width=0.4, gray=0.6)

    column = inner - _QR - 4
    seated = bool(card.seat_label)
    role = ROLE_LABELS.get(card.role, card.role)
    canvas.text("bold", 8, left, y0 + 45, "THẺ GHẾ" if seated else "THẺ THIẾT BỊ", gray=0.35)
    if seated:
        canvas.text("regular", 9, left, y0 + 56, role)
        canvas.text("bold", 30, left, y0 + 88, card.seat_label)
        baseline = y0 + 104
    else:
        baseline = lines(role, "bold", 15, column, y0 + 63, 2) + 2
    if card.delegate_name:
        baseline = lines(card.delegate_name, "bold", 11, column, baseline, 2)
    if card.delegate_title:
        lines(card.delegate_title, "regular", 7.5, column, baseline + 4.5, 3, gray=0.25)

    qx, qy, _, _ = qr_box(slot)
    matrix = segno.make_qr(card.link, error="m").matrix
    module = _QR / (len(matrix) + 2 * _QR_BORDER)
    canvas.modules(qx + _QR_BORDER * module, qy + _QR_BORDER * module, module, matrix)

    # The link always takes two lines: a longer one (an IPv6 address) is set a little smaller.
    per_line = max(math.ceil(len(card.link) / 2), int(inner // text_width("mono", _LINK_SIZE, "0")))
    size = min(_LINK_SIZE, inner / text_width("mono", 1, "0" * per_line))
    for number, chunk in enumerate((card.link[:per_line], card.link[per_line:])):
        canvas.text("mono", size, left, y0 + _LINK_TOP + _LINK_SIZE * (1 + 1.2 * number), chunk, gray=0.15)
    baseline = link_box(slot)[3] + 2 + _SMALL * 1.05
    where = "trên máy tại ghế" if seated else "trên thiết bị"
    instruction = (f"Mở PhòngHọp {where}, chọn «Đăng ký thiết bị» và quét mã hoặc dán liên kết. "
                   "Mã chỉ dùng được một lần.")
    baseline = lines(instruction, "regular", _SMALL, inner, baseline, 2)
    expiry = card.expires_at
    canvas.text("bold", _SMALL, left, baseline, f"Mã dùng được đến {expiry:%H:%M} ngày {expiry:%d/%m/%Y}.")


def _ellipsized(text: str, face: FaceName, size: float, width: float) -> str:
    if text_width(face, size, text) <= width:
        return text
    while text and text_width(face, size, text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"
