"""Meeting archives: `phonghop export` of a real room server's data dir, `phonghop verify` of the file,
and every kind of tampering caught and named (domain-level archives for the fine cases)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest

from app.archive import (
    Manifest,
    OpenBallot,
    SecretBallots,
    build_archive,
    manifest_message,
)
from app.archive_verify import Report, verify_archive
from app.ballots import CastRecord, keep, result_message
from app.canonical import canonical_json, event_hash
from app.clock import iso
from app.demo import DEMO_MEETING_ID
from app.devices import decide_enroll
from app.errors import DomainError
from app.events import Event, NewEvent, seal
from app.keys import DeviceKeys, RoomKey, b64e, code_hash, new_code
from app.model import SYSTEM, Actor
from app.reducer import apply, decide_meeting
from app.vote_rules import RESOLUTION_OPTIONS
from sync.client.ballot import cast_args
from tests.domain_log import CHAIR_ACTOR, SECRETARY_ACTOR, TECH_ACTOR, MemoryRoom
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.test_integration_voting import create_and_open

ITEM = "item-07"
COMMITTEE = {"head": "db-070", "secretary": "db-071", "members": [f"db-{i:03d}" for i in range(70, 77)]}
EXPORTED_AT = "2026-12-10T17:00:00.000Z"


# -- a meeting built through the real domain pipeline, signed as the room signs it ------------------


class SigningRoom(MemoryRoom):
    """MemoryRoom with real device keys (enrolled in the server log) and a room key that signs results."""

    def __init__(self) -> None:
        self.room_key = RoomKey.generate()
        self.keys: dict[str, DeviceKeys] = {}
        self.seats: dict[str, Actor] = {}
        super().__init__()

    def cmd(self, actor: Actor, name: str, args: dict[str, Any]) -> list[Event]:
        out = []
        for new in decide_meeting(self.meeting, actor, name, args, self.now):
            if new.name == "vote.closed":  # as the room does when it appends the result
                signature = b64e(self.room_key.sign(result_message(new.data, self.meeting.head)))
                new = NewEvent(new.name, {**new.data, "signature": signature})
            out += self._append(actor, new)
        return out

    def _append(self, actor: Actor, new: NewEvent) -> list[Event]:
        if isinstance(new.private, CastRecord):
            self.meeting = keep(self.meeting, new.private)
            self.ballots.append(new.private)
        who = None if new.anonymous else actor.device_id
        event = seal(DEMO_MEETING_ID, self.meeting.head, self.meeting.seq + 1, iso(self.now), who, new)
        self.meeting = apply(self.meeting, event)
        self.events.append(event)
        return [event]

    def enroll_seat(self, delegate_id: str) -> Actor:
        """The technician's code, then the seat's own keys through `decide_enroll`, as POST /v1/enroll does."""
        digest = code_hash(new_code())
        self.server_cmd(SYSTEM, "device.enroll", {"code_hash": digest, "role": "delegate",
                                                  "meeting_id": DEMO_MEETING_ID, "delegate_id": delegate_id})
        keys = DeviceKeys.generate()
        new = decide_enroll(self.server, digest, f"Ghế {delegate_id}", keys.sign_pub_b64, keys.kex_pub_b64, self.now)
        event = seal(None, self.server.head, self.server.seq + 1, iso(self.now), None, new)
        self.server = apply(self.server, event)
        self.server_events.append(event)
        actor = Actor.of(self.server.devices[new.data["device_id"]])
        self.keys[delegate_id] = keys
        self.seats[delegate_id] = actor
        return actor

    def check_in(self, delegates: list[str]) -> None:
        for delegate_id in delegates:
            actor = self.seats.get(delegate_id) or self.enroll_seat(delegate_id)
            self.cmd(actor, "attendance.check_in", {})

    def create(self, **extra: Any) -> str:
        args: dict[str, Any] = {"item_id": ITEM, "title": "Thông qua Nghị quyết về kế hoạch đầu tư công năm 2027",
                                "kind": "open", "options": list(RESOLUTION_OPTIONS), "rule": "majority_of_all",
                                "duration_s": 0, **extra}
        [event] = self.cmd(CHAIR_ACTOR, "vote.create", args)
        vote_id = str(event.data["vote_id"])
        self.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
        return vote_id

    def cast(self, delegate_id: str, vote_id: str, choice: Any) -> None:
        self.tick(0.2)
        self.cmd(self.seats[delegate_id], "vote.cast", cast_args(self.keys[delegate_id], vote_id, choice))

    def close(self, vote_id: str) -> Event:
        self.tick(1)
        [event] = self.cmd(CHAIR_ACTOR, "vote.close", {"vote_id": vote_id})
        return event

    def archive(self, exported_at: str = EXPORTED_AT) -> bytes:
        open_ballots = [OpenBallot(r.vote_id, r.delegate_id, r.device_id, json.loads(r.choice), r.nonce, r.sig)
                        for r in self.ballots if not r.secret]
        boxes: dict[str, tuple[list[str], list[str]]] = {}
        for r in self.ballots:
            if r.secret:
                receipts, counted = boxes.setdefault(r.vote_id, ([], []))
                receipts.append(r.receipt)
                counted.append(r.choice)
        return build_archive(
            meeting_id=DEMO_MEETING_ID, server_events=self.server_events, events=self.events,
            open_ballots=open_ballots,
            secret_ballots=[SecretBallots(v, sorted(r), sorted(c)) for v, (r, c) in boxes.items()],
            room_key=self.room_key, exported_at=exported_at,
        )


DELEGATES = [f"db-{i:03d}" for i in range(1, 86)]
PEOPLE = [{"id": "ub-01", "name": "Trần Văn A", "position": "Chủ tịch UBND tỉnh"},
          {"id": "ub-02", "name": "Lê Thị B", "position": "Phó Chủ tịch UBND tỉnh"}]
CANDIDATES = [{"id": f"uv-{i}", "name": f"Ứng viên {i}", "position": "Phó Chủ tịch UBND tỉnh"} for i in range(1, 4)]


def one_vote(room: SigningRoom, number: int, rng: random.Random, voters: list[str]) -> str:
    """The `number`-th vote of a day: mostly open (some changed ballots), a few secret, one of each other kind."""
    kind = ("confidence" if number % 25 == 7 else "election" if number % 25 == 17 else "hands" if number % 25 == 12
            else "secret" if number % 10 == 3 else "open")
    title = f"Biểu quyết số {number + 1}"
    if kind == "hands":
        vote_id = room.create(kind="hands", title=title)
        yes = len(voters) - 5
        room.cmd(SECRETARY_ACTOR, "vote.count_hands",
                 {"vote_id": vote_id, "tally": {"tan_thanh": yes, "khong_tan_thanh": 3, "khong_bieu_quyet": 2}})
        return vote_id
    if kind == "confidence":
        vote_id = room.create(kind="confidence", rule="confidence", options=["tin_nhiem_cao", "tin_nhiem", "tin_nhiem_thap"],
                              subjects=PEOPLE, committee=COMMITTEE, title=title)
        for d in voters:
            room.cast(d, vote_id, {p["id"]: rng.choice(["tin_nhiem_cao", "tin_nhiem", "tin_nhiem_thap"]) for p in PEOPLE})
    elif kind == "election":
        vote_id = room.create(kind="election", rule="election", options=[c["id"] for c in CANDIDATES],
                              candidates=CANDIDATES, seats=1, committee=COMMITTEE, title=title)
        for d in voters:
            room.cast(d, vote_id, rng.choice([["uv-1"], ["uv-1"], ["uv-2"], [], ["uv-1", "uv-3"]]))
    elif kind == "secret":
        vote_id = room.create(kind="secret", committee=COMMITTEE, title=title)
        for d in voters:
            room.cast(d, vote_id, rng.choice(["tan_thanh", "tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"]))
    else:
        vote_id = room.create(title=title, allow_change=number % 4 == 1)
        for d in voters:
            room.cast(d, vote_id, rng.choice(["tan_thanh", "tan_thanh", "tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"]))
        if number % 4 == 1:  # five delegates think again: the last ballot counts
            for d in voters[:5]:
                room.cast(d, vote_id, "khong_bieu_quyet")
    room.close(vote_id)
    return vote_id


def full_day(events: int = 10_000, votes: int = 50, delegates: int = 85, seed: int = 2026) -> SigningRoom:
    """A plenary day: every delegate checks in, `votes` votes, and the floor and messages in between,
    until the meeting log holds `events` events."""
    rng = random.Random(seed)
    room = SigningRoom()
    voters = DELEGATES[:delegates]
    room.check_in(voters)
    room.cmd(CHAIR_ACTOR, "agenda.activate", {"item_id": ITEM})
    for number in range(votes):
        one_vote(room, number, rng, voters)
        room.tick(30)
        # Between votes: speeches and notices, so the day reaches its size evenly.
        target = len(room.events) + (events - len(room.events) - (votes - number - 1) * 95) // max(1, votes - number)
        while len(room.events) < target:
            room.tick(7)
            delegate_id = rng.choice(voters)
            if target - len(room.events) < 2:
                room.cmd(CHAIR_ACTOR, "message.send", {"to": "all", "text": f"Thông báo số {len(room.events)}"})
                continue
            try:
                [asked] = room.cmd(room.seats[delegate_id], "speak.request", {"kind": "question", "item_id": ITEM})
            except DomainError:  # the rules limit speeches per delegate and item: a notice instead
                room.cmd(CHAIR_ACTOR, "message.send", {"to": "all", "text": f"Thông báo số {len(room.events)}"})
                continue
            request_id = f"req-{asked.seq}"
            if len(room.events) + 3 <= target:
                room.cmd(CHAIR_ACTOR, "speak.grant", {"request_id": request_id, "limit_s": 300})
                room.tick(120)
                room.cmd(CHAIR_ACTOR, "speak.end", {"request_id": request_id})
            else:
                room.cmd(room.seats[delegate_id], "speak.withdraw", {"request_id": request_id})
            while len(room.events) < target and rng.random() < 0.3:
                room.cmd(CHAIR_ACTOR, "message.send", {"to": "all", "text": f"Thông báo số {len(room.events)}"})
    while len(room.events) < events:
        room.cmd(CHAIR_ACTOR, "message.send", {"to": "all", "text": f"Thông báo số {len(room.events)}"})
    return room


# -- tampering: what an editor of the file could do ------------------------------------------------


def lines_of(data: bytes) -> list[bytes]:
    assert data.endswith(b"\n")
    return data[:-1].split(b"\n")


def joined(lines: list[bytes]) -> bytes:
    return b"".join(line + b"\n" for line in lines)


def index_of(lines: list[bytes], match: Callable[[dict[str, Any]], bool], nth: int = 0) -> int:
    found = [i for i, line in enumerate(lines) if match(json.loads(line))]
    return found[nth]


def rewrite(data: bytes, match: Callable[[dict[str, Any]], bool], change: Callable[[dict[str, Any]], None],
            nth: int = 0) -> tuple[bytes, int]:
    """The `nth` line matching, changed and written back in canonical form; returns (data, its line number)."""
    lines = lines_of(data)
    i = index_of(lines, match, nth)
    item = json.loads(lines[i])
    change(item)
    lines[i] = canonical_json(item)
    return joined(lines), i + 1


def rehash(data: bytes) -> bytes:
    """Recomputes the meeting log's chain as an editor would: every hash made to fit again."""
    lines = lines_of(data)
    prev = "0" * 64
    for i, line in enumerate(lines):
        item = json.loads(line)
        if item.get("type") == "event" and item.get("meeting_id") is not None:
            item["prev"] = prev
            item["hash"] = prev = event_hash(prev, item["seq"], item["at"], item["actor"], item["name"], item["data"])
            lines[i] = canonical_json(item)
    return joined(lines)


def reseal(data: bytes, key: RoomKey | None = None) -> bytes:
    """Recomputes the manifest's hashes and heads; signs it again only with the room key (an insider)."""
    lines = lines_of(data)
    manifest = json.loads(lines[-1])
    parts: dict[str, list[bytes]] = {name["name"]: [] for name in manifest["parts"]}
    heads: dict[str, dict[str, Any]] = {}
    for line in lines[:-1]:
        item = json.loads(line)
        kind = item["type"]
        part = {"archive": "header", "open_ballot": "open_ballots", "secret_ballots": "secret_ballots",
                "document": "documents"}.get(kind) or ("server_log" if item["meeting_id"] is None else "meeting_log")
        parts[part].append(line + b"\n")
        if kind == "event":
            heads[part] = {"seq": item["seq"], "hash": item["hash"]}
    manifest["parts"] = [{"name": n, "lines": len(ls), "sha256": hashlib.sha256(b"".join(ls)).hexdigest()}
                         for n, ls in parts.items()]
    manifest["heads"] = heads
    if key is not None:
        unsigned = msgspec.convert({k: v for k, v in manifest.items() if k not in ("type", "signature")}, Manifest)
        manifest["signature"] = b64e(key.sign(manifest_message(unsigned)))
    lines[-1] = canonical_json(manifest)
    return joined(lines)


def is_event(name: str | None = None, seq: int | None = None) -> Callable[[dict[str, Any]], bool]:
    return lambda item: (item["type"] == "event" and item["meeting_id"] is not None
                         and (name is None or item["name"] == name) and (seq is None or item["seq"] == seq))


def found(report: Report, code: str, **where: Any) -> bool:
    return any(f.code == code and all(getattr(f, k) == v for k, v in where.items()) for f in report.findings)


def codes_at(report: Report) -> list[tuple[str, str]]:
    return [(f.code, f.where()) for f in report.findings]


# -- a small meeting with every kind of vote -------------------------------------------------------


def small_meeting() -> tuple[SigningRoom, dict[str, str]]:
    room = SigningRoom()
    voters = DELEGATES[:12]
    room.check_in(voters)
    votes: dict[str, str] = {}
    votes["open"] = room.create(allow_change=True)
    for d, choice in zip(voters, ["tan_thanh"] * 7 + ["khong_tan_thanh"] * 3 + ["khong_bieu_quyet"] * 2, strict=True):
        room.cast(d, votes["open"], choice)
    room.cast("db-002", votes["open"], "khong_tan_thanh")  # changed: the last ballot counts
    room.close(votes["open"])
    votes["secret"] = room.create(kind="secret", committee=COMMITTEE, title="Bỏ phiếu kín miễn nhiệm")
    for d, choice in zip(voters[:10], ["tan_thanh"] * 6 + ["khong_tan_thanh"] * 4, strict=True):
        room.cast(d, votes["secret"], choice)
    room.close(votes["secret"])
    votes["confidence"] = room.create(kind="confidence", rule="confidence",
                                      options=["tin_nhiem_cao", "tin_nhiem", "tin_nhiem_thap"], subjects=PEOPLE,
                                      committee=COMMITTEE, title="Lấy phiếu tín nhiệm")
    for i, d in enumerate(voters):
        room.cast(d, votes["confidence"], {"ub-01": ["tin_nhiem_cao", "tin_nhiem", "tin_nhiem_thap"][i % 3],
                                           "ub-02": "tin_nhiem"})
    room.close(votes["confidence"])
    votes["election"] = room.create(kind="election", rule="election", options=[c["id"] for c in CANDIDATES],
                                    candidates=CANDIDATES, seats=1, committee=COMMITTEE, title="Bầu Phó Chủ tịch")
    for i, d in enumerate(voters):
        room.cast(d, votes["election"], [["uv-1"], ["uv-2"], ["uv-1", "uv-2"]][i % 3])
    room.close(votes["election"])
    votes["hands"] = room.create(kind="hands", title="Biểu quyết giơ tay")
    room.cmd(SECRETARY_ACTOR, "vote.count_hands",
             {"vote_id": votes["hands"], "tally": {"tan_thanh": 9, "khong_tan_thanh": 2, "khong_bieu_quyet": 1}})
    # Documents: the public one is listed with its blob hash, the internal one is not.
    for doc_id, level in (("bc-01", "public"), ("bc-02", "internal")):
        room.cmd(TECH_ACTOR, "document.add", {"document_id": doc_id, "title": f"Báo cáo {doc_id}", "pages": 3,
                                              "blob": hashlib.sha256(doc_id.encode()).hexdigest(), "size": 5000,
                                              "plain_size": 4000, "chunk_size": 65536, "keys": {},
                                              "classification": level, "item_id": ITEM})
    room.cmd(TECH_ACTOR, "document.update", {"document_id": "bc-01", "version": 2, "pages": 4,
                                             "blob": hashlib.sha256(b"v2").hexdigest(), "size": 6000,
                                             "plain_size": 5000, "chunk_size": 65536, "keys": {}})
    # A vote still open and a cancelled one: none of their ballots leave the room.
    votes["cancelled"] = room.create(title="Biểu quyết bị hủy")
    room.cast("db-001", votes["cancelled"], "tan_thanh")
    room.cmd(CHAIR_ACTOR, "vote.cancel", {"vote_id": votes["cancelled"], "reason": "Nhầm nội dung"})
    votes["running"] = room.create(title="Biểu quyết đang mở")
    room.cast("db-003", votes["running"], "khong_tan_thanh")
    room.cmd(CHAIR_ACTOR, "message.send", {"to": "all", "text": "Mời đại biểu nghỉ giải lao."})
    return room, votes


@pytest.fixture(scope="module")
def meeting() -> tuple[SigningRoom, dict[str, str], bytes]:
    room, votes = small_meeting()
    return room, votes, room.archive()


def test_a_meeting_with_every_kind_of_vote_verifies(meeting: tuple[SigningRoom, dict[str, str], bytes]) -> None:
    room, votes, data = meeting
    report = verify_archive(data)
    assert report.status == "valid" and report.exit_code == 0, codes_at(report)
    assert report.findings == ()
    assert report.events == len(room.events) and report.server_events == len(room.server_events)
    checks = {v.vote_id: v for v in report.votes}
    assert set(checks) == {votes[k] for k in ("open", "secret", "confidence", "election", "hands")}
    assert all(v.signature_ok for v in checks.values())
    assert {k: checks[votes[k]].recount for k in ("open", "secret", "confidence", "election", "hands")} == {
        "open": "ok", "secret": "ok", "confidence": "ok", "election": "ok", "hands": "not_recountable"}
    assert checks[votes["open"]].ballots == 13  # the changed ballot is published too
    assert report.open_ballots == 13 and report.secret_boxes == 3
    assert report.verdict().splitlines()[0] == (
        f"HỢP LỆ: chuỗi sự kiện nguyên vẹn ({len(room.events)} sự kiện), 5 kết quả biểu quyết có chữ ký hợp lệ, "
        "4/4 kiểm lại khớp; 1 biểu quyết giơ tay do thư ký nhập số đếm, không kiểm lại được từ phiếu.")
    assert room.room_key.public_b64 in report.verdict()
    as_json = report.to_dict()
    assert as_json["status"] == "valid" and as_json["findings"] == [] and len(as_json["votes"]) == 5


def test_votes_nobody_cast_a_ballot_in_verify() -> None:
    room = SigningRoom()
    room.check_in(DELEGATES[:3])
    empty_secret = room.create(kind="secret", committee=COMMITTEE, title="Không ai bỏ phiếu")
    room.close(empty_secret)
    empty_open = room.create(title="Không ai bấm nút")
    room.close(empty_open)
    report = verify_archive(room.archive())
    assert report.valid, codes_at(report)
    assert [v.recount for v in report.votes] == ["ok", "ok"] and report.secret_boxes == 1


def test_the_archive_holds_what_is_public_and_only_that(meeting: tuple[SigningRoom, dict[str, str], bytes]) -> None:
    room, votes, data = meeting
    lines = lines_of(data)
    items = [json.loads(line) for line in lines]
    assert all(canonical_json(item) == line for item, line in zip(items, lines, strict=True))
    assert [i["type"] for i in items][:1] == ["archive"] and items[-1]["type"] == "manifest"
    header = items[0]
    assert header == {"type": "archive", "format": "phonghop/archive", "version": 1, "meeting_id": DEMO_MEETING_ID,
                      "exported_at": EXPORTED_AT, "room_key": room.room_key.public_b64}
    ballots = [i for i in items if i["type"] == "open_ballot"]
    assert {b["vote_id"] for b in ballots} == {votes["open"]}  # not the cancelled one, not the running one
    changed = [b for b in ballots if b["delegate_id"] == "db-002"]
    assert [b["choice"] for b in changed] == ["tan_thanh", "khong_tan_thanh"]
    boxes = {i["vote_id"]: i for i in items if i["type"] == "secret_ballots"}
    assert set(boxes) == {votes["secret"], votes["confidence"], votes["election"]}
    closed = next(e for e in room.events if e.name == "vote.closed" and e.data["vote_id"] == votes["secret"])
    assert boxes[votes["secret"]]["counted"] == closed.data["counted"]
    assert boxes[votes["secret"]]["receipts"] == closed.data["receipts"]
    docs = [(i["document_id"], i["version"], i["blob"]) for i in items if i["type"] == "document"]
    assert docs == [("bc-01", 1, hashlib.sha256(b"bc-01").hexdigest()), ("bc-01", 2, hashlib.sha256(b"v2").hexdigest())]
    servers = [i for i in items if i["type"] == "event" and i["meeting_id"] is None]
    assert len(servers) == len(room.server_events) and any(s["name"] == "device.enrolled" for s in servers)
    # Built twice from the same data, the archive is the same, byte for byte.
    assert room.archive() == data


def test_an_edited_byte_in_an_event_names_its_seq(meeting: tuple[SigningRoom, dict[str, str], bytes]) -> None:
    _, _, data = meeting
    lines = lines_of(data)
    i = index_of(lines, is_event("vote.created"))
    seq = json.loads(lines[i])["seq"]
    at = lines[i].index(b'"title":"') + len(b'"title":"')
    lines[i] = lines[i][:at] + bytes([lines[i][at] ^ 0x20]) + lines[i][at + 1:]  # "Thông" -> "thông"
    report = verify_archive(joined(lines))
    assert report.status == "invalid" and report.exit_code == 1
    assert found(report, "chain_broken", seq=seq, line=i + 1, part="meeting_log", detail="edited")
    assert found(report, "archive_hash_mismatch", part="meeting_log")
    assert report.headline().startswith(f"KHÔNG HỢP LỆ: sự kiện số {seq} bị sửa (mã băm không khớp)")


def test_a_changed_ballot_fails_its_device_signature(meeting: tuple[SigningRoom, dict[str, str], bytes]) -> None:
    _, votes, data = meeting

    def change(item: dict[str, Any]) -> None:
        item["choice"] = "tan_thanh"

    edited, line = rewrite(data, lambda i: i["type"] == "open_ballot" and i["delegate_id"] == "db-010", change)
    report = verify_archive(reseal(edited))
    assert found(report, "bad_ballot_signature", vote_id=votes["open"], delegate_id="db-010", line=line)
    assert found(report, "recount_mismatch", vote_id=votes["open"], delegate_id="db-010")
    assert found(report, "bad_manifest_signature")
    assert not found(report, "chain_broken")


def test_a_changed_tally_with_the_chain_mended_fails_the_room_signature(
    meeting: tuple[SigningRoom, dict[str, str], bytes],
) -> None:
    room, votes, data = meeting
    closed = next(e for e in room.events if e.name == "vote.closed" and e.data["vote_id"] == votes["open"])

    def change(item: dict[str, Any]) -> None:
        item["data"]["tally"]["tan_thanh"] += 30
        item["data"]["outcome"] = "passed"

    edited, line = rewrite(data, is_event("vote.closed", closed.seq), change)
    report = verify_archive(reseal(rehash(edited)))
    assert not found(report, "chain_broken") and not found(report, "archive_hash_mismatch")
    assert found(report, "bad_result_signature", vote_id=votes["open"], seq=closed.seq, line=line)
    assert found(report, "recount_mismatch", vote_id=votes["open"])
    # Even an insider who holds the room key and signs the manifest again cannot make the tally recount.
    insider = verify_archive(reseal(rehash(edited), room.room_key))
    assert found(insider, "recount_mismatch", vote_id=votes["open"]) and not found(insider, "bad_manifest_signature")


def test_two_events_swapped_are_named(meeting: tuple[SigningRoom, dict[str, str], bytes]) -> None:
    _, _, data = meeting
    lines = lines_of(data)
    i = index_of(lines, is_event(seq=40))
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    report = verify_archive(joined(lines))
    assert found(report, "chain_broken", seq=40, detail="out_of_order", line=i + 2)
    assert [f.seq for f in report.findings if f.code == "chain_broken"] == [40]


def test_a_dropped_event_and_a_cut_log_are_named(meeting: tuple[SigningRoom, dict[str, str], bytes]) -> None:
    room, _, data = meeting
    lines = lines_of(data)
    del lines[index_of(lines, is_event(seq=25))]
    report = verify_archive(joined(lines))
    assert found(report, "chain_broken", seq=25, detail="missing")
    assert report.headline().startswith("KHÔNG HỢP LỆ: thiếu sự kiện số 25")
    # The last events cut off and the manifest's hashes made to fit: the signed heads tell.
    lines = lines_of(data)
    last = index_of(lines, is_event(seq=len(room.events)))
    del lines[last - 2:last + 1]
    resealed = lines_of(reseal(joined(lines)))
    cut = verify_archive(joined(resealed))
    assert not found(cut, "chain_broken") and not found(cut, "archive_hash_mismatch")
    assert found(cut, "bad_manifest_signature")
    # With the hashes made to fit but the heads left as signed, the cut is named.
    manifest = json.loads(resealed[-1])
    manifest["heads"] = json.loads(lines_of(data)[-1])["heads"]
    resealed[-1] = canonical_json(manifest)
    assert found(verify_archive(joined(resealed)), "head_mismatch", part="meeting_log", seq=len(room.events))


def test_a_dropped_open_ballot_is_named(meeting: tuple[SigningRoom, dict[str, str], bytes]) -> None:
    _, votes, data = meeting
    lines = lines_of(data)
    del lines[index_of(lines, lambda i: i["type"] == "open_ballot" and i["delegate_id"] == "db-005")]
    report = verify_archive(joined(lines))
    assert found(report, "ballot_mismatch", vote_id=votes["open"], delegate_id="db-005")
    assert found(report, "recount_mismatch", vote_id=votes["open"], delegate_id="db-005")
    assert found(report, "archive_hash_mismatch", part="open_ballots")


def test_a_changed_secret_choice_does_not_recount(meeting: tuple[SigningRoom, dict[str, str], bytes]) -> None:
    _, votes, data = meeting

    def change(item: dict[str, Any]) -> None:
        item["counted"][0] = '"tan_thanh"' if item["counted"][0] != '"tan_thanh"' else '"khong_tan_thanh"'

    edited, _ = rewrite(data, lambda i: i["type"] == "secret_ballots" and i["vote_id"] == votes["secret"], change)
    report = verify_archive(reseal(edited))
    assert found(report, "recount_mismatch", vote_id=votes["secret"])
    assert not found(report, "bad_result_signature")
    # The same edit inside the signed result: the signature fails and the box no longer matches.
    closed = next(e for e in meeting[0].events if e.name == "vote.closed" and e.data["vote_id"] == votes["secret"])
    edited, _ = rewrite(data, is_event("vote.closed", closed.seq), lambda i: change(i["data"]))
    report = verify_archive(reseal(rehash(edited)))
    assert found(report, "bad_result_signature", vote_id=votes["secret"])
    assert found(report, "recount_mismatch", vote_id=votes["secret"])


def test_a_receipt_too_many_or_missing_is_named(meeting: tuple[SigningRoom, dict[str, str], bytes]) -> None:
    room, votes, data = meeting
    edited, _ = rewrite(data, lambda i: i["type"] == "secret_ballots" and i["vote_id"] == votes["election"],
                        lambda i: i["receipts"].pop())
    report = verify_archive(reseal(edited, room.room_key))
    assert found(report, "recount_mismatch", vote_id=votes["election"])
    assert "mã biên nhận" in next(f.message for f in report.findings if f.code == "recount_mismatch")


def test_a_changed_manifest_names_the_part(meeting: tuple[SigningRoom, dict[str, str], bytes]) -> None:
    _, _, data = meeting
    lines = lines_of(data)
    manifest = json.loads(lines[-1])
    manifest["parts"][3]["sha256"] = "0" * 64
    lines[-1] = canonical_json(manifest)
    report = verify_archive(joined(lines))
    assert found(report, "archive_hash_mismatch", part="open_ballots")
    assert found(report, "bad_manifest_signature", part="manifest", line=len(lines))
    # The same manifest written with other spacing is an edit too.
    lines = lines_of(data)
    lines[-1] = json.dumps(json.loads(lines[-1]), ensure_ascii=False).encode()
    assert found(verify_archive(joined(lines)), "bad_format", part="manifest")


def test_a_ballot_from_another_delegates_device_is_named(meeting: tuple[SigningRoom, dict[str, str], bytes]) -> None:
    room, votes, data = meeting
    other = room.seats["db-011"].device_id

    def change(item: dict[str, Any]) -> None:
        item["device_id"] = other

    edited, line = rewrite(data, lambda i: i["type"] == "open_ballot" and i["delegate_id"] == "db-004", change)
    report = verify_archive(edited)
    assert found(report, "unknown_device", vote_id=votes["open"], delegate_id="db-004", line=line)
    assert found(report, "ballot_mismatch", vote_id=votes["open"], delegate_id="db-004")


def test_a_changed_document_hash_and_another_room_key(meeting: tuple[SigningRoom, dict[str, str], bytes]) -> None:
    room, _, data = meeting

    def change(item: dict[str, Any]) -> None:
        item["blob"] = "f" * 64

    edited, line = rewrite(data, lambda i: i["type"] == "document", change)
    report = verify_archive(reseal(edited, room.room_key))
    assert found(report, "document_mismatch", document_id="bc-01", line=line)
    stranger = RoomKey.generate().public_b64
    assert found(verify_archive(data, stranger), "room_key_mismatch", part="header")
    assert verify_archive(data, room.room_key.public_b64).valid


def test_a_garbled_line_is_named_and_every_edited_byte_fails(meeting: tuple[SigningRoom, dict[str, str], bytes]) -> None:
    _, _, data = meeting
    lines = lines_of(data)
    i = index_of(lines, is_event(seq=30))
    lines[i] = lines[i][:20] + b"\xff{" + lines[i][22:]
    report = verify_archive(joined(lines))
    assert found(report, "bad_format", line=i + 1, part="meeting_log")
    assert found(report, "chain_broken", seq=30, detail="missing")
    assert report.headline().startswith(f"KHÔNG HỢP LỆ: dòng {i + 1} (nhật ký kỳ họp) không đọc được")
    rng = random.Random(7)
    positions = sorted({rng.randrange(len(data)) for _ in range(250)} | {0, len(data) - 1, len(data) - 2})
    for at in positions:
        for flip in (0x01, 0x20):
            edited = data[:at] + bytes([data[at] ^ flip]) + data[at + 1:]
            result = verify_archive(edited)
            assert result.status != "valid", (at, flip)
            assert result.findings and all(f.message for f in result.findings)


@pytest.mark.parametrize(("data", "code"), [
    (b"", "truncated"),
    (b"PK\x03\x04 not an archive at all", "not_an_archive"),
    (b'{"hello": "world"}\n', "not_an_archive"),
    (canonical_json({"type": "archive", "format": "phonghop/archive", "version": 9, "meeting_id": "m",
                     "exported_at": "x", "room_key": "k"}) + b"\n", "unsupported_version"),
])
def test_what_is_not_an_archive_is_unreadable(data: bytes, code: str) -> None:
    report = verify_archive(data)
    assert report.status == "unreadable" and report.exit_code == 2
    assert report.findings[0].code == code
    assert report.headline().startswith("KHÔNG ĐỌC ĐƯỢC: ")


def test_bytes_after_the_manifest_are_named(meeting: tuple[SigningRoom, dict[str, str], bytes]) -> None:
    _, _, data = meeting
    lines = lines_of(data)
    report = verify_archive(data + b'{"type":"event"}\n')
    assert report.status == "invalid" and found(report, "bad_format", part="manifest", line=len(lines) + 1)
    report = verify_archive(data[:-1])
    assert report.status == "invalid" and found(report, "bad_format", part="manifest", line=len(lines))


def test_a_cut_file_is_unreadable(meeting: tuple[SigningRoom, dict[str, str], bytes]) -> None:
    _, _, data = meeting
    for cut in (len(data) // 2, len(data) // 3 * 2 + 1, data.rindex(b"\n", 0, len(data) - 1) + 1):
        report = verify_archive(data[:cut])
        assert report.status == "unreadable" and report.findings[0].code == "truncated", cut
        assert "cắt cụt" in report.headline()


# -- through a real room server and the real `phonghop` command --------------------------------------


def phonghop(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "phonghop", *args], capture_output=True, text=True,
                          timeout=patience(timeout), stdin=subprocess.DEVNULL, env={**os.environ})


async def hold_votes(server: ServerProcess, tmp_path: Path) -> dict[str, str]:
    """Six seats check in; an open vote (one changed ballot), a secret vote and a show of hands, all closed."""
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    seats = list(await asyncio.gather(*(
        enrolled_client(tmp_path / f"seat-{i}", server.card("delegate", f"db-{i:03d}")["link"], f"Ghế {i}")
        for i in range(1, 7)
    )))
    votes: dict[str, str] = {}
    try:
        await wait_until(lambda: all(c.status.kind == "online" for c in [chair, *seats]), what="online")
        answers = await asyncio.gather(*(s.request("attendance.check_in", {}, timeout=patience(10)) for s in seats))
        assert all(a["type"] == "ack" for a in answers), answers

        votes["open"] = await create_and_open(chair, allow_change=True)
        choices = ["tan_thanh"] * 4 + ["khong_tan_thanh", "khong_bieu_quyet"]
        answers = await asyncio.gather(*(
            s.request("vote.cast", cast_args(s.keys, votes["open"], c), timeout=patience(10))
            for s, c in zip(seats, choices, strict=True)
        ))
        assert all(a["type"] == "ack" for a in answers), answers
        again = await seats[5].request("vote.cast", cast_args(seats[5].keys, votes["open"], "tan_thanh"),
                                       timeout=patience(10))
        assert again["type"] == "ack", again
        assert (await chair.request("vote.close", {"vote_id": votes["open"]}, timeout=patience(5)))["type"] == "ack"

        votes["secret"] = await create_and_open(chair, kind="secret", committee=COMMITTEE, title="Bỏ phiếu kín")
        answers = await asyncio.gather(*(
            s.request("vote.cast", cast_args(s.keys, votes["secret"], c), timeout=patience(10))
            for s, c in zip(seats[:5], ["tan_thanh", "tan_thanh", "khong_tan_thanh", "tan_thanh", "khong_bieu_quyet"],
                            strict=True)
        ))
        assert all(a["type"] == "ack" and a["receipt"] for a in answers), answers
        assert (await chair.request("vote.close", {"vote_id": votes["secret"]}, timeout=patience(5)))["type"] == "ack"

        votes["hands"] = await create_and_open(chair, kind="hands", title="Biểu quyết giơ tay")
        counted = await chair.request("vote.count_hands", {"vote_id": votes["hands"], "tally": {
            "tan_thanh": 5, "khong_tan_thanh": 1, "khong_bieu_quyet": 0}}, timeout=patience(5))
        assert counted["type"] == "ack", counted
    finally:
        await asyncio.gather(*(c.stop() for c in [chair, *seats]))
    return votes


def verify_json(path: Path, data: bytes) -> tuple[int, dict[str, Any]]:
    path.write_bytes(data)
    done = phonghop("verify", "--json", str(path))
    return done.returncode, json.loads(done.stdout)


def has(report: dict[str, Any], code: str, **where: Any) -> bool:
    return any(f["code"] == code and all(f.get(k) == v for k, v in where.items()) for f in report["findings"])


@pytest.mark.slow
async def test_export_and_verify_a_real_rooms_meeting_and_catch_each_edit(server: ServerProcess, tmp_path: Path) -> None:
    votes = await hold_votes(server, tmp_path)
    room_key = RoomKey.load_or_create(server.data_dir / "room_key.pem").public_b64
    archive = tmp_path / "ky-hop.jsonl"
    data_dir = str(server.data_dir)

    # While the server runs (WAL readers never block it).
    done = phonghop("export", "--data", data_dir, "--meeting", DEMO_MEETING_ID, "--out", str(archive))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Đã xuất biên bản lưu trữ kỳ họp {DEMO_MEETING_ID} vào {archive}")
    checked = phonghop("verify", str(archive))
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.startswith("HỢP LỆ: chuỗi sự kiện nguyên vẹn (")
    assert "3 kết quả biểu quyết có chữ ký hợp lệ, 2/2 kiểm lại khớp; 1 biểu quyết giơ tay" in checked.stdout
    assert room_key in checked.stdout
    as_json = json.loads(phonghop("verify", "--json", "--room-key", room_key, str(archive)).stdout)
    assert as_json["status"] == "valid" and as_json["open_ballots"] == 7 and as_json["secret_boxes"] == 1
    assert {v["vote_id"]: v["recount"] for v in as_json["votes"]} == {
        votes["open"]: "ok", votes["secret"]: "ok", votes["hands"]: "not_recountable"}

    # Refused, with a code and nothing written: an existing file, an unknown meeting, a missing data dir.
    before = archive.read_bytes()
    exists = phonghop("export", "--data", data_dir, "--meeting", DEMO_MEETING_ID, "--out", str(archive))
    assert exists.returncode == 2 and "[output_exists]" in exists.stderr and "--force" in exists.stderr
    assert archive.read_bytes() == before
    unknown = phonghop("export", "--data", data_dir, "--meeting", "khong-co", "--out", str(tmp_path / "x.jsonl"))
    assert unknown.returncode == 2 and "[unknown_meeting]" in unknown.stderr and DEMO_MEETING_ID in unknown.stderr
    missing = phonghop("export", "--data", str(tmp_path / "khong-co"), "--meeting", DEMO_MEETING_ID,
                       "--out", str(tmp_path / "x.jsonl"))
    assert missing.returncode == 2 and "[no_data_dir]" in missing.stderr
    assert not (tmp_path / "x.jsonl").exists()

    # A stopped server's data dir exports the same logs (--force replaces the file).
    assert server.terminate() == 0
    forced = phonghop("export", "--data", data_dir, "--meeting", DEMO_MEETING_ID, "--out", str(archive), "--force")
    assert forced.returncode == 0, forced.stderr
    data = archive.read_bytes()
    # The same logs and ballots: only the export time differs, so the header and the manifest.
    assert lines_of(data)[1:-1] == lines_of(before)[1:-1] and lines_of(data)[0] != lines_of(before)[0]
    assert phonghop("verify", str(archive)).returncode == 0

    # Each edit fails through the real command, with its code and place.
    closed = {json.loads(line)["data"]["vote_id"]: json.loads(line) for line in lines_of(data)
              if is_event("vote.closed")(json.loads(line))}
    lines = lines_of(data)
    i = index_of(lines, is_event("vote.created"))
    at = lines[i].index(b'"title":"') + len(b'"title":"')
    flipped = joined([*lines[:i], lines[i][:at] + bytes([lines[i][at] ^ 0x20]) + lines[i][at + 1:], *lines[i + 1:]])
    code, report = verify_json(tmp_path / "t1.jsonl", flipped)
    seq = json.loads(lines[i])["seq"]
    assert code == 1 and has(report, "chain_broken", seq=seq, line=i + 1), report
    assert report["verdict"].startswith(f"KHÔNG HỢP LỆ: sự kiện số {seq} bị sửa (mã băm không khớp)")

    ballot, line = rewrite(data, lambda b: b["type"] == "open_ballot" and b["delegate_id"] == "db-005",
                           lambda b: b.update(choice="tan_thanh"))
    code, report = verify_json(tmp_path / "t2.jsonl", ballot)
    assert code == 1 and has(report, "bad_ballot_signature", vote_id=votes["open"], delegate_id="db-005", line=line)

    def more_yes(item: dict[str, Any]) -> None:
        item["data"]["tally"]["tan_thanh"] += 1

    tally, _ = rewrite(data, is_event("vote.closed", closed[votes["open"]]["seq"]), more_yes)
    code, report = verify_json(tmp_path / "t3.jsonl", reseal(rehash(tally)))
    assert code == 1 and not has(report, "chain_broken")
    assert has(report, "bad_result_signature", vote_id=votes["open"], seq=closed[votes["open"]]["seq"])

    j = index_of(lines, is_event(seq=closed[votes["open"]]["seq"] - 2))
    swapped = [*lines]
    swapped[j], swapped[j + 1] = swapped[j + 1], swapped[j]
    code, report = verify_json(tmp_path / "t4.jsonl", joined(swapped))
    assert code == 1 and has(report, "chain_broken", seq=closed[votes["open"]]["seq"] - 2, detail="out_of_order")

    dropped = [*lines]
    del dropped[index_of(lines, lambda b: b["type"] == "open_ballot" and b["delegate_id"] == "db-002")]
    code, report = verify_json(tmp_path / "t5.jsonl", joined(dropped))
    assert code == 1 and has(report, "recount_mismatch", vote_id=votes["open"], delegate_id="db-002")
    assert has(report, "ballot_mismatch", vote_id=votes["open"], delegate_id="db-002")

    def other_choice(box: dict[str, Any]) -> None:
        box["counted"][-1] = '"khong_tan_thanh"' if box["counted"][-1] != '"khong_tan_thanh"' else '"tan_thanh"'

    secret, _ = rewrite(data, lambda b: b["type"] == "secret_ballots", other_choice)
    code, report = verify_json(tmp_path / "t6.jsonl", secret)
    assert code == 1 and has(report, "recount_mismatch", vote_id=votes["secret"])

    manifest = json.loads(lines[-1])
    manifest["parts"][2]["sha256"] = hashlib.sha256(b"khac").hexdigest()
    code, report = verify_json(tmp_path / "t7.jsonl", joined([*lines[:-1], canonical_json(manifest)]))
    assert code == 1 and has(report, "archive_hash_mismatch", part="meeting_log")
    assert has(report, "bad_manifest_signature", part="manifest")

    # A file cut short, garbage, or none at all: unreadable, said in words.
    (tmp_path / "cut.jsonl").write_bytes(data[: len(data) * 2 // 3])
    cut = phonghop("verify", str(tmp_path / "cut.jsonl"))
    assert cut.returncode == 2 and cut.stdout.startswith("KHÔNG ĐỌC ĐƯỢC: tệp bị cắt cụt")
    (tmp_path / "rac.bin").write_bytes(os.urandom(3000))
    garbage = phonghop("verify", str(tmp_path / "rac.bin"))
    assert garbage.returncode == 2 and "không phải biên bản lưu trữ PhòngHọp" in garbage.stdout
    nothing = phonghop("verify", "--json", str(tmp_path / "khong-co.jsonl"))
    assert nothing.returncode == 2 and json.loads(nothing.stdout)["findings"][0]["code"] == "unreadable"
