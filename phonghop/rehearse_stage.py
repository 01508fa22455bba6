"""The rehearsal meeting: set up by the technician's device, and cleared away afterwards.

Everything goes through the same commands a technician's preparation sends: a regular meeting
titled "Diễn tập …" with N delegates and seats, one agenda item, generated PDF documents
published encrypted for every enrolled device (sync.client.publish), one-time enrollment
codes for every seat and a chair device (app.seat_cards.issue_codes). Clearing purges the
meeting's documents from every device and revokes every device the rehearsal enrolled, so the
real room keeps no trace but the meeting's log (a meeting is never deleted from the record).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from app.documents import inspect_pdf
from app.documents_compose import Paragraph, PdfMetadata, Spacer, compose_pdf
from app.errors import DomainError
from app.seat_cards import issue_codes
from phonghop.admin_device import Technician, meeting_state, refusal, settled
from sync.client.connection import Connection
from sync.client.publish import publish_document
from sync.links import enrollment_link
from sync.tls import client_ssl_context_pinned

ITEM_ID = "dien-tap-1"
CODE_TTL_S = 2 * 3600


@dataclass
class Stage:
    """The rehearsal meeting as set up. Attributes: meeting_id, title, links (one per simulated
    seat, in seat order), labels (the seats' labels), chair_link, code_hashes (every code issued),
    blobs (sha256 and size of each published document), meeting (the technician's connection to
    its log), committee_links (the Ban kiểm phiếu's seats, driven by the orchestrator's own real
devices, when sealed ballots are rehearsed), devices (every device the rehearsal enrolled:
revoked when clearing)."""

    meeting_id: str
    title: str
    links: list[str]
    labels: list[str]
    chair_link: str
    code_hashes: list[str]
    meeting: Connection
    committee_links: list[str] = field(default_factory=list)
    blobs: list[tuple[str, int]] = field(default_factory=list)
    devices: list[str] = field(default_factory=list)


def _refused(what: str, answers: list[dict[str, Any]]) -> None:
    bad = [a for a in answers if a.get("type") != "ack"]
    if bad:
        raise DomainError("conflict", f"Máy chủ từ chối {what}: {refusal(bad[0])} ({len(bad)} lệnh bị từ chối).")


COMMITTEE_PREFIX = "dt-bkp-"


async def prepare(tech: Technician, seats: int, now: dt.datetime, committee: int = 0) -> Stage:
    """`committee` more delegates with seats of their own ("BKP1"…): the counting committee."""
    meeting_id = f"dien-tap-{now:%Y%m%d-%H%M%S}"
    title = f"Diễn tập phòng họp {now:%d/%m/%Y %H:%M}"
    _refused("tạo kỳ họp diễn tập", await tech.send(tech.server, [("meeting.create", {
        "kind": "regular", "title": title, "n_total": seats + committee, "meeting_id": meeting_id,
        "date": now.date().isoformat(), "venue": "Diễn tập kỹ thuật"})]))
    meeting = await tech.meeting(meeting_id)
    commands: list[tuple[str, dict[str, Any]]] = []
    for i in range(1, seats + 1):
        group = (i - 1) // 50 + 1
        commands.append(("delegate.add", {
            "delegate_id": f"dt-{i:04d}", "name": f"Đại biểu diễn tập {i:03d}", "title": "Đại biểu diễn tập",
            "group_id": f"to-dt-{group:02d}", "group_name": f"Tổ diễn tập số {group}",
            "gender": ("male", "female")[i % 2]}))
    labels = [f"DT{i:03d}" for i in range(1, seats + 1)]
    for i, label in enumerate(labels, start=1):
        commands.append(("seat.add", {"seat_id": f"dt-ghe-{i:04d}", "label": label, "row": (i - 1) // 25,
                                      "col": (i - 1) % 25, "delegate_id": f"dt-{i:04d}"}))
    members = [f"BKP{i}" for i in range(1, committee + 1)]
    for i, label in enumerate(members, start=1):
        commands.append(("delegate.add", {
            "delegate_id": f"{COMMITTEE_PREFIX}{i}", "name": f"Thành viên Ban kiểm phiếu diễn tập {i}",
            "title": "Đại biểu diễn tập", "group_id": "to-dt-bkp", "group_name": "Ban kiểm phiếu diễn tập",
            "gender": ("male", "female")[i % 2]}))
        commands.append(("seat.add", {"seat_id": f"dt-ghe-bkp-{i}", "label": label, "row": (seats - 1) // 25 + 2, "col": i - 1,
                                      "delegate_id": f"{COMMITTEE_PREFIX}{i}"}))
    commands.append(("agenda.add", {"item_id": ITEM_ID, "title": "Nội dung diễn tập: điểm danh, tài liệu, "
                                    "phát biểu, biểu quyết", "position": 1, "planned_min": 30}))
    _refused("chuẩn bị đại biểu, ghế và chương trình", await tech.send(meeting, commands))
    host = urlsplit(tech.identity.url)
    issued = issue_codes(meeting_state(meeting), now=now, roles=("chair",), ttl_s=CODE_TTL_S,
                         link=lambda code: enrollment_link(host.hostname or "", host.port or 443, code,
                                                           tech.identity.fingerprint))
    _refused("tạo mã đăng ký thiết bị", await tech.send(tech.server, [("device.enroll", dict(c.args)) for c in issued]))
    by_seat = {c.card.seat_label: c.card.link for c in issued if c.card.role == "delegate"}
    chair = next(c.card.link for c in issued if c.card.role == "chair")
    return Stage(meeting_id, title, [by_seat[label] for label in labels], labels, chair,
                 [c.code_hash for c in issued], meeting, [by_seat[label] for label in members])


def rehearsal_pdf(number: int, pages: int, now: dt.datetime) -> bytes:
    title = f"Tài liệu diễn tập số {number}"
    blocks: list[Any] = [Paragraph(title.upper(), size=15, style="bold", align="center"), Spacer(12)]
    for page in range(1, pages + 1):
        blocks.append(Paragraph(f"Phần {page}. Nội dung dùng để kiểm tra việc tải và mở tài liệu trên các ghế "
                                "đại biểu trong buổi diễn tập kỹ thuật. " * 12, indent=28, space_before=8))
    return compose_pdf(blocks, PdfMetadata(title, "PhòngHọp", "Diễn tập phòng họp", now))


async def publish(tech: Technician, stage: Stage, documents: int, pages: int, now: dt.datetime) -> None:
    """Once the technician's replica knows every enrolled device: a key wrapped from a stale
    list would leave a seat without it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + tech.timeout
    while not set(stage.devices) <= set(tech.server_state.devices):
        if loop.time() > deadline:
            raise DomainError("unavailable", "Máy chủ chưa báo đủ các thiết bị diễn tập đã đăng ký.")
        await asyncio.sleep(0.05)
    ssl = client_ssl_context_pinned(tech.identity.fingerprint)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=tech.timeout)) as http:
        for number in range(1, documents + 1):
            pdf = rehearsal_pdf(number, pages, now)
            info = inspect_pdf(pdf, f"dien-tap-{number}.pdf")
            answer = await publish_document(
                stage.meeting, tech.server, http, ssl, pdf, document_id=f"dien-tap-tl-{number}",
                title=info.title or f"Tài liệu diễn tập số {number}", pages=info.page_count, item_id=ITEM_ID,
                timeout=tech.timeout)
            _refused("đăng tài liệu diễn tập", [answer])
            await settled(stage.meeting, int(answer["seq"]), tech.timeout)
    for document in meeting_state(stage.meeting).documents.values():
        stage.blobs.append((document.blob, document.size))


async def clear(tech: Technician, stage: Stage) -> dict[str, Any]:
    """Purges the documents and revokes the devices; every step is tried, each problem noted."""
    done: dict[str, Any] = {"purged": False, "revoked": 0, "cancelled": 0, "problems": []}
    try:
        answer = await tech.request(stage.meeting, "meeting.purge", {"confirm": True})
        done["purged"] = answer.get("type") == "ack"
        if not done["purged"]:
            done["problems"].append(f"không xóa được tài liệu: {refusal(answer)}")
        commands = [("device.revoke", {"device_id": d}) for d in stage.devices]
        answers = await tech.send(tech.server, commands) if commands else []
        done["revoked"] = sum(1 for a in answers if a.get("type") == "ack")
        done["problems"] += [f"không thu hồi được thiết bị {d}: {refusal(a)}"
                             for (_, args), a in zip(commands, answers, strict=True) if a.get("type") != "ack"
                             for d in [args["device_id"]]]
        unused = [h for h in stage.code_hashes if (e := tech.server_state.enrollments.get(h)) is not None
                  and e.used_by is None and not e.cancelled]
        answers = await tech.send(tech.server, [("device.cancel_enrollment", {"code_hash": h}) for h in unused])
        done["cancelled"] = sum(1 for a in answers if a.get("type") == "ack")
    except (DomainError, TimeoutError, OSError) as exc:
        done["problems"].append(f"không dọn xong phòng họp: {getattr(exc, 'message', None) or exc}")
    return done
