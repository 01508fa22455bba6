"""Seat cards: fresh one-time codes per seat and role device, a PDF whose QR codes decode back to
their links, the `phonghop admin cards` command against a real server, and re-issuing a card."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pymupdf
import pytest
import zxingcpp

from app.clock import iso
from app.devices import decide_enroll
from app.errors import DomainError
from app.events import seal
from app.keys import DeviceKeys, code_hash
from app.model import ServerState
from app.reducer import apply
from app.seat_cards import (
    CARDS_PER_PAGE,
    IssuedCode,
    card_box,
    earlier_codes,
    issue_codes,
    link_box,
    qr_box,
    seat_cards_pdf,
)
from sync.client.enroll import enroll
from sync.links import enrollment_link, parse_link
from tests.domain_log import TECH_ACTOR, MemoryRoom
from tests.support import ServerProcess, patience

FP = "5e" * 32
HOST, PORT = "192.168.10.5", 8443


def issue(room: MemoryRoom, seats: list[str] | None = None, roles: tuple[str, ...] = ()) -> list[IssuedCode]:
    return issue_codes(room.meeting, link=lambda code: enrollment_link(HOST, PORT, code, FP), now=room.now,
                       seats=seats, roles=roles)


def accept(room: MemoryRoom, issued: list[IssuedCode]) -> None:
    """The technician's `device.enroll` commands, decided and applied as the room server does."""
    for item in issued:
        room.server_cmd(TECH_ACTOR, "device.enroll", dict(item.args))


def enroll_with(room: MemoryRoom, link: str) -> str:
    """What POST /v1/enroll does with the code in `link`: decide, then append to the server log."""
    keys = DeviceKeys.generate()
    new = decide_enroll(room.server, code_hash(parse_link(link).code), "Máy tính bảng", keys.sign_pub_b64,
                        keys.kex_pub_b64, room.now)
    event = seal(None, room.server.head, room.server.seq + 1, iso(room.now), None, new)
    server = apply(room.server, event)
    assert isinstance(server, ServerState)
    room.server = server
    return str(new.data["device_id"])


def decode_qr(page: pymupdf.Page, box: tuple[float, float, float, float]) -> list[str]:
    pix = page.get_pixmap(dpi=150, clip=pymupdf.Rect(box), colorspace=pymupdf.csGRAY)
    assert pix.n == 1 and pix.stride == pix.width
    image = memoryview(pix.samples).cast("B", (pix.height, pix.width))
    return [barcode.text for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


@dataclass
class Printed:
    room: MemoryRoom
    issued: list[IssuedCode]
    doc: pymupdf.Document


@pytest.fixture(scope="module")
def printed() -> Iterator[Printed]:
    room = MemoryRoom()
    issued = issue(room, roles=("chair", "secretary", "display", "technician"))
    pdf = seat_cards_pdf([i.card for i in issued], room.meeting.meeting.title if room.meeting.meeting else "",
                         created=room.now)
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    yield Printed(room, issued, doc)
    doc.close()


# -- codes -----------------------------------------------------------------------------------


def test_every_seat_gets_its_own_code_and_the_command_carries_only_its_hash() -> None:
    room = MemoryRoom()
    issued = issue(room)
    seats = room.meeting.seats
    assert len(issued) == len(seats) == 85
    assert [i.card.seat_label for i in issued[:4]] == ["CT-2", "CT-1", "CT-3", "A01"]  # the hall's order
    codes = {parse_link(i.card.link).code for i in issued}
    assert len(codes) == 85
    for item in issued:
        link = parse_link(item.card.link)
        assert (link.host, link.port, link.fingerprint) == (HOST, PORT, FP)
        assert item.args["code_hash"] == code_hash(link.code)
        assert link.code not in str(item.args)
        seat = seats[item.args["seat"]]
        delegate = room.meeting.delegates[item.args["delegate_id"]]
        assert (item.args["role"], item.args["meeting_id"]) == ("delegate", room.meeting.meeting.meeting_id)  # type: ignore[union-attr]
        assert seat.delegate_id == delegate.delegate_id and item.card.seat_label == seat.label
        assert (item.card.delegate_name, item.card.delegate_title) == (delegate.name, delegate.title)
        assert item.card.expires_at == room.now + timedelta(hours=24)
    accept(room, issued)
    assert {e.code_hash for e in room.server.enrollments.values()} == {i.code_hash for i in issued}
    device = enroll_with(room, issued[3].card.link)
    assert room.server.devices[device].seat == "A01"


def test_role_devices_and_chosen_seats() -> None:
    room = MemoryRoom()
    issued = issue(room, seats=["A05", "CT-1", "A05"], roles=("display", "chair", "secretary", "technician"))
    args = [dict(i.args) for i in issued]
    for a in args:
        del a["code_hash"], a["ttl_s"]
    mtg = "ninhbinh-2026-k1"
    chair_seat = room.meeting.seat_of("db-001")
    secretary_seat = room.meeting.seat_of("db-013")
    assert chair_seat and secretary_seat
    assert args == [
        {"role": "delegate", "meeting_id": mtg, "delegate_id": room.meeting.seats["A05"].delegate_id, "seat": "A05"},
        {"role": "delegate", "meeting_id": mtg, "delegate_id": "db-001", "seat": "CT-1"},
        {"role": "display", "meeting_id": mtg},
        {"role": "chair", "meeting_id": mtg, "delegate_id": "db-001", "seat": chair_seat.seat_id},
        {"role": "secretary", "meeting_id": mtg, "delegate_id": "db-013", "seat": secretary_seat.seat_id},
        {"role": "technician"},
    ]
    assert [i.card.seat_label for i in issued] == ["A05", "CT-1", "", "CT-1", secretary_seat.label, ""]
    accept(room, issued)  # the domain takes every one of them
    assert len(room.server.enrollments) == 6

    with pytest.raises(DomainError) as unknown:
        issue(room, seats=["Z99"])
    assert unknown.value.code == "not_found"
    with pytest.raises(DomainError) as role:
        issue(room, seats=[], roles=("delegate",))
    assert role.value.code == "bad_request"
    assert issue(room, seats=[]) == []


# -- the PDF ---------------------------------------------------------------------------------


def test_card_pdf_has_every_card_and_its_qr_decodes_back_to_the_link(printed: Printed) -> None:
    doc, issued, meeting = printed.doc, printed.issued, printed.room.meeting
    assert len(issued) == 89
    assert doc.page_count == -(-89 // CARDS_PER_PAGE) == 12
    assert all(page.rect.width == pytest.approx(595.28, abs=0.1) for page in doc)  # A4
    for index, item in enumerate(issued):
        page = doc[index // CARDS_PER_PAGE]
        slot = index % CARDS_PER_PAGE
        card_text = page.get_text("text", clip=pymupdf.Rect(card_box(slot)))
        assert unicodedata.is_normalized("NFC", card_text)
        if item.card.seat_label:
            assert item.card.seat_label in card_text
        assert item.card.delegate_name in card_text
        assert "Kỳ họp thứ nhất Hội đồng nhân dân tỉnh Ninh Bình" in " ".join(card_text.split())
        assert "Mã chỉ dùng được một lần." in " ".join(card_text.split())
        assert item.card.expires_at.strftime("%H:%M ngày %d/%m/%Y") in card_text
        written = "".join(page.get_text("text", clip=pymupdf.Rect(link_box(slot))).split())
        assert written == item.card.link
        decoded = decode_qr(page, qr_box(slot))
        assert decoded == [item.card.link], f"card {index} ({item.card.seat_label})"
        assert code_hash(parse_link(decoded[0]).code) == item.code_hash
    first = doc[0].get_text("text", clip=pymupdf.Rect(card_box(0)))
    delegate = meeting.delegates[meeting.seats["CT-2"].delegate_id or ""]
    assert "THẺ GHẾ" in first and "Đại biểu" in first and delegate.name in first
    last = doc[-1].get_text("text", clip=pymupdf.Rect(card_box((len(issued) - 1) % CARDS_PER_PAGE)))
    assert "THẺ THIẾT BỊ" in last and "Kỹ thuật viên" in last


def test_card_pdf_embeds_its_fonts(printed: Printed) -> None:
    fonts = {font[3]: font[1] for font in printed.doc[0].get_fonts()}
    assert len(fonts) == 3
    assert all(ext not in ("", "n/a") for ext in fonts.values())


def test_an_empty_card_list_is_refused() -> None:
    with pytest.raises(ValueError):
        seat_cards_pdf([], "Kỳ họp")


# -- re-issuing a lost card --------------------------------------------------------------------


def test_reissue_gives_a_fresh_code_and_the_lost_cards_code_dies() -> None:
    room = MemoryRoom()
    first = issue(room)
    accept(room, first)
    lost = next(i for i in first if i.card.seat_label == "A05")
    [again] = issue(room, seats=["A05"])
    assert again.card.link != lost.card.link
    assert {k: v for k, v in again.args.items() if k != "code_hash"} == {
        k: v for k, v in lost.args.items() if k != "code_hash"
    }
    accept(room, [again])
    earlier = earlier_codes(room.server, [again], room.now)
    assert [e.code_hash for e in earlier] == [lost.code_hash]
    for enrollment in earlier:  # what `phonghop admin cards` sends once the new code is accepted
        room.server_cmd(TECH_ACTOR, "device.cancel_enrollment", {"code_hash": enrollment.code_hash})
    assert earlier_codes(room.server, [again], room.now) == []
    with pytest.raises(DomainError) as dead:
        enroll_with(room, lost.card.link)
    assert dead.value.code == "forbidden"
    device = enroll_with(room, again.card.link)
    assert room.server.devices[device].seat == "A05"
    with pytest.raises(DomainError) as twice:
        enroll_with(room, again.card.link)
    assert twice.value.code == "forbidden"
    # another seat's card is not touched
    other = next(i for i in first if i.card.seat_label == "A04")
    assert enroll_with(room, other.card.link)


# -- `phonghop admin cards` against a real server ------------------------------------------------


def phonghop(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PHONGHOP_PASSPHRASE": "mật khẩu kỹ thuật"}
    return subprocess.run([sys.executable, "-m", "phonghop", *args], capture_output=True, text=True, env=env,
                          timeout=patience(timeout), stdin=subprocess.DEVNULL)


@pytest.mark.slow
def test_cards_command_prints_codes_the_server_accepts_once(server: ServerProcess, tmp_path: Path) -> None:
    tech = tmp_path / "tech"
    enrolled = phonghop("enroll", server.card("technician")["link"], "--data", str(tech), "--name", "Máy kỹ thuật")
    assert enrolled.returncode == 0, enrolled.stderr
    out = tmp_path / "cards.pdf"
    made = phonghop("admin", "cards", "--device", str(tech), "--out", str(out), "--seat", "A05", "--roles", "display")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Đã in 2 thẻ (1 trang)" in made.stdout
    # the seed's cards for A05 and the display die with the new ones
    assert "Đã hủy 2 mã của thẻ in trước đó" in made.stdout, made.stdout
    seed_link = next(c["link"] for c in server.cards() if c["role"] == "delegate" and c["seat"] == "A05")
    with pytest.raises(DomainError) as dead:
        asyncio.run(enroll(seed_link, "Ghế A05 (thẻ cũ)", DeviceKeys.generate()))
    assert dead.value.code == "forbidden"
    assert out.stat().st_mode & 0o077 == 0  # the codes in it are secrets

    doc = pymupdf.open(out)
    [seat_link] = decode_qr(doc[0], qr_box(0))
    [display_link] = decode_qr(doc[0], qr_box(1))
    assert "A05" in doc[0].get_text("text", clip=pymupdf.Rect(card_box(0)))
    doc.close()

    identity = asyncio.run(enroll(seat_link, "Ghế A05", DeviceKeys.generate()))
    assert (identity.role, identity.seat, identity.fingerprint) == ("delegate", "A05", server.fingerprint)
    with pytest.raises(DomainError) as again:
        asyncio.run(enroll(seat_link, "Ghế A05 (lần hai)", DeviceKeys.generate()))
    assert again.value.code == "forbidden"

    display = tmp_path / "display"
    assert phonghop("enroll", display_link, "--data", str(display)).returncode == 0
    refused = phonghop("admin", "cards", "--device", str(display), "--out", str(tmp_path / "no.pdf"))
    assert refused.returncode == 2 and "Chỉ thiết bị kỹ thuật viên" in refused.stdout
    unknown = phonghop("admin", "cards", "--device", str(tech), "--out", str(tmp_path / "no.pdf"), "--seat", "Z99")
    assert unknown.returncode == 2 and "Không có ghế Z99" in unknown.stdout
    assert not (tmp_path / "no.pdf").exists()

