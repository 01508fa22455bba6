"""Seeds the sample meeting and writes the seat cards' one-time enrollment links."""

from __future__ import annotations

import asyncio
import json
import logging
import os
from pathlib import Path
from typing import Any

from app import demo
from app.keys import code_hash, new_code
from sync.links import enrollment_link
from sync.server.room import Room

log = logging.getLogger(__name__)


async def seed_demo(
    room: Room, data_dir: Path, host: str, port: int, fingerprint: str
) -> list[dict[str, Any]]:
    """Runs the whole seed as ordinary commands in one group commit; returns the cards."""
    if room.meetings:
        log.info("data dir already holds a meeting; --seed-demo changes nothing")
        return []
    meeting_id = demo.DEMO_MEETING_ID
    jobs = [room.system(None, "meeting.create", demo.demo_meeting_args())]
    jobs += [room.system(meeting_id, name, args) for name, args in demo.demo_commands()]
    cards: list[dict[str, Any]] = []
    devices = [
        {"role": "delegate", "meeting_id": meeting_id, "delegate_id": d["delegate_id"], "seat": None}
        for d in demo.demo_delegates()
    ] + demo.demo_role_devices()
    for spec in devices:
        code = new_code()
        args = {k: v for k, v in spec.items() if v is not None}
        jobs.append(room.system(None, "device.enroll", {**args, "code_hash": code_hash(code)}))
        cards.append({**spec, "link": enrollment_link(host, port, code, fingerprint)})
    answers = await asyncio.gather(*jobs)
    failed = [a for a in answers if a["type"] != "ack"]
    if failed:
        raise RuntimeError(f"seeding the demo meeting failed: {failed[0]}")
    meeting = room.meetings[meeting_id]
    for card in cards:
        if card["delegate_id"] and card["seat"] is None and (seat := meeting.seat_of(card["delegate_id"])):
            card["seat"] = seat.seat_id
    write_json_atomically(data_dir / "enrollment.json", cards)
    log.info("seeded %s with %d devices to enroll", meeting_id, len(cards))
    return cards


def write_json_atomically(path: Path, value: Any) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(value, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
