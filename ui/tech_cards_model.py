"""Which seats and role devices of a meeting have an enrolled device, a card printed and not yet
used, or nothing; and issuing their cards as `phonghop admin cards` does, through the console."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from app.clock import parse_iso
from app.keys import write_private_file
from app.model import CHAIR, DELEGATE, DISPLAY, SECRETARY, Device, Enrollment, MeetingState, ServerState
from app.seat_cards import IssuedCode, earlier_codes, issue_codes, seat_cards_pdf
from sync.links import enrollment_link

CARD_ROLES: Final = (CHAIR, SECRETARY, DISPLAY)
"""The role devices the panel prints cards for (a second technician enrolls for the server, not a meeting)."""


@dataclass(frozen=True, slots=True)
class CardRow:
    """One line of the panel: a seat (role delegate) or a role device. key: the seat id, or the role."""

    key: str
    role: str
    seat_label: str
    delegate_id: str | None
    delegate_name: str
    devices: tuple[Device, ...] = ()
    waiting: tuple[Enrollment, ...] = ()

    @property
    def enrolled(self) -> bool:
        return bool(self.devices)

    @property
    def printable(self) -> bool:
        return self.role != DELEGATE or self.delegate_id is not None


def card_rows(meeting: MeetingState, server: ServerState, now: datetime) -> list[CardRow]:
    """The role devices, then every seat in hall order."""
    if meeting.meeting is None:
        return []
    meeting_id = meeting.meeting.meeting_id
    devices = [d for d in server.devices.values() if d.meeting_id == meeting_id and not d.revoked]
    codes = [e for e in server.enrollments.values() if e.meeting_id == meeting_id and e.used_by is None
             and not e.cancelled and parse_iso(e.expires_at) > now]
    rows: list[CardRow] = []
    for role in CARD_ROLES:
        holders = [d for d in meeting.delegates.values() if role in d.roles]
        holder = holders[0] if len(holders) == 1 and role != DISPLAY else None
        seat = None if holder is None else meeting.seat_of(holder.delegate_id)
        rows.append(CardRow(role, role, seat.label if seat else "", holder.delegate_id if holder else None,
                            holder.name if holder else "",
                            tuple(d for d in devices if d.role == role),
                            tuple(e for e in codes if e.role == role)))
    for seat in sorted(meeting.seats.values(), key=lambda s: (s.row, s.col, s.label)):
        delegate = meeting.delegates.get(seat.delegate_id or "")
        if delegate is None:
            rows.append(CardRow(seat.seat_id, DELEGATE, seat.label, None, ""))
            continue
        # A delegate's card follows the delegate, not the seat (as app.seat_cards.earlier_codes).
        rows.append(CardRow(seat.seat_id, DELEGATE, seat.label, delegate.delegate_id, delegate.name,
                            tuple(d for d in devices if d.role == DELEGATE and d.delegate_id == delegate.delegate_id),
                            tuple(e for e in codes if e.role == DELEGATE and e.delegate_id == delegate.delegate_id)))
    return rows


@dataclass(frozen=True, slots=True)
class Printed:
    """What one printing did: the cards written, the codes refused, the earlier codes cancelled
    and those the server did not cancel (still valid until they expire)."""

    cards: int
    pages: int
    expires: datetime | None
    refused: tuple[tuple[IssuedCode, dict[str, Any]], ...]
    cancelled: int
    kept: tuple[Enrollment, ...]


async def print_cards(model: Any, path: Path, *, seats: Sequence[str], roles: Sequence[str], ttl_s: int,
                      now: datetime) -> Printed:
    """Issues a code per seat and role, cancels the earlier unused codes of the same cards once
    the new ones exist (a lost card opens nothing), and writes the accepted ones as a PDF only
    readable by its owner (its codes open the meeting). DomainError if nothing can be issued."""
    from app.seat_cards import CARDS_PER_PAGE

    identity = model.identity
    address = urlsplit(identity.url)
    host, port = address.hostname or "", address.port or 8443
    issued = issue_codes(model.state, link=lambda code: enrollment_link(host, port, code, identity.fingerprint),
                         now=now, seats=list(seats), roles=list(roles), ttl_s=ttl_s)
    answers = await model.commands([("device.enroll", dict(i.args)) for i in issued], to_server=True)
    accepted = [i for i, a in zip(issued, answers, strict=True) if a.get("type") == "ack"]
    refused = tuple((i, a) for i, a in zip(issued, answers, strict=True) if a.get("type") != "ack")
    earlier = earlier_codes(model.server_state, accepted, now) if accepted else []
    cancels = await model.commands([("device.cancel_enrollment", {"code_hash": e.code_hash}) for e in earlier],
                                   to_server=True) if earlier else []
    kept = tuple(e for e, a in zip(earlier, cancels, strict=True) if a.get("type") != "ack")
    if not accepted:
        return Printed(0, 0, None, refused, 0, kept)
    await _recorded(model, [i.code_hash for i in accepted])
    cards = [_with_server_expiry(i, model.server_state) for i in accepted]
    title = model.state.meeting.title if model.state.meeting else ""
    pdf = await asyncio.to_thread(seat_cards_pdf, [i.card for i in cards], title, created=now)
    await asyncio.to_thread(write_private_file, path, pdf)
    return Printed(len(cards), -(-len(cards) // CARDS_PER_PAGE), min(i.card.expires_at for i in cards), refused,
                   len(earlier) - len(kept), kept)


async def _recorded(model: Any, hashes: Sequence[str], timeout: float = 5.0) -> None:
    """Until the server's log holds the new codes (an ack may come before its event): the card
    prints the expiry the server recorded."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not all(h in model.server_state.enrollments for h in hashes) and loop.time() < deadline:
        await asyncio.sleep(0.02)


def _with_server_expiry(item: IssuedCode, server: ServerState) -> IssuedCode:
    enrollment = server.enrollments.get(item.code_hash)
    if enrollment is None:
        return replace(item, card=replace(item.card, expires_at=item.card.expires_at.astimezone()))
    return replace(item, card=replace(item.card, expires_at=parse_iso(enrollment.expires_at).astimezone()))
