"""Checking a meeting archive (app/archive.py) offline: what anyone can do with the file alone.

`verify_archive(data)` reads the bytes once and returns a `Report`: every problem found is a
`Finding` with a stable code, the place (part, line, seq, vote, delegate, document) and a
Vietnamese message. It checks

- the manifest: each part's SHA-256 and line count, the heads of both logs, the room key's
  signature over it (an edited byte anywhere, a log cut short, a line added or dropped);
- the hash chain of the server's log and of the meeting's log (`verify_chain`, then, when it
  fails, which seq was edited, moved, dropped or doubled);
- every `vote.closed` signature against the room key and the event's own `prev`;
- every named ballot's device signature, with the key the server log enrolled for that
  delegate's device in this meeting, against the log's `vote.ballot_recorded` events;
- a recount of every vote from its ballots with `app.vote_rules` (the last ballot per delegate
  for open votes; the box's `counted` for secret kinds, with as many receipts as ballots). A
  show of hands is counted by the secretary: reported as not recountable, not as a failure;
- the list of public documents against the log's document events.

Codes: `bad_format`, `archive_hash_mismatch`, `bad_manifest_signature`, `room_key_mismatch`,
`head_mismatch`, `chain_broken`, `bad_result_signature`, `bad_ballot_signature`,
`unknown_device`, `ballot_mismatch`, `recount_mismatch`, `document_mismatch`; a file that is not
an archive at all: `not_an_archive`, `unsupported_version`, `truncated`, `unreadable`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from app.archive import (
    FORMAT,
    LOGS,
    PART_LABELS,
    PARTS,
    VERSION,
    DocumentEntry,
    Header,
    Manifest,
    OpenBallot,
    Record,
    SecretBallots,
    WireEvent,
    manifest_message,
    public_documents,
)
from app.archive_report import Finding, Report, ranked
from app.archive_sealed import SEALED_EVENTS, SealedEvents
from app.archive_votes import VoteAudit, VoteCheck, verify_many
from app.ballots import ballot_message, result_message
from app.canonical import ZERO_HASH, canonical_json
from app.events import ChainError, Event, verify_chain
from app.keys import verify

_header_decoder = msgspec.json.Decoder(Header)
_record_decoder = msgspec.json.Decoder(Record)
_manifest_decoder = msgspec.json.Decoder(Manifest)


def verify_file(path: Path, room_key: str | None = None) -> Report:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _unreadable("unreadable", f"không đọc được tệp {path}: {exc.strerror or exc}.")
    return verify_archive(data, room_key)


def verify_archive(data: bytes, room_key: str | None = None) -> Report:
    """Every check on the archive's bytes; `room_key` (base64), when given, must be the archive's."""
    return _Verifier(data, room_key).run()


def _unreadable(code: str, message: str, line: int | None = None) -> Report:
    return Report("unreadable", (Finding(code, message, line=line),))


def _decode_error(exc: Exception) -> str:
    return str(exc).replace("`", "")


@dataclass(slots=True)
class _Log:
    part: str
    events: list[Event] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


class _Verifier:
    def __init__(self, data: bytes, expected_room_key: str | None):
        self.data = data
        self.expected_room_key = expected_room_key
        self.findings: list[Finding] = []
        self.logs = {name: _Log(name) for name in LOGS}
        self.open_ballots: list[tuple[OpenBallot, int]] = []
        self.secret: dict[str, tuple[SecretBallots, int]] = {}
        self.documents: list[tuple[DocumentEntry, int]] = []
        self.votes: list[VoteCheck] = []
        self.room_key = ""
        self.signed: set[tuple[str, int]] = set()

    def add(self, code: str, message: str, **where: Any) -> None:
        self.findings.append(Finding(code, message, **where))

    # -- reading ---------------------------------------------------------------------------------

    def run(self) -> Report:
        data = self.data
        if not data.strip():
            return _unreadable("truncated", "tệp rỗng, không phải biên bản lưu trữ PhòngHọp.")
        lines = data.split(b"\n")
        try:
            header = _header_decoder.decode(lines[0])
        except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
            return _unreadable("not_an_archive", "tệp không phải biên bản lưu trữ PhòngHọp (dòng 1 không phải "
                                                 "phần đầu của biên bản).", line=1)
        if header.format != FORMAT:
            return _unreadable("not_an_archive", f"tệp không phải biên bản lưu trữ PhòngHọp (định dạng "
                                                 f"«{header.format}»).", line=1)
        if header.version != VERSION:
            return _unreadable("unsupported_version", f"biên bản lưu trữ phiên bản {header.version}, chương trình "
                                                      f"này chỉ đọc phiên bản {VERSION}.", line=1)
        end = len(lines) - (lines[-1] == b"")
        manifest_at = next((i for i in range(end - 1, max(0, end - 100), -1) if _looks_like_manifest(lines[i])), None)
        if manifest_at is None:
            return _unreadable("truncated", f"tệp bị cắt cụt: không có bản kê ở cuối (tệp dừng ở dòng {end}).",
                               line=end)
        if manifest_at == len(lines) - 1:
            self.add("bad_format", f"bản kê (dòng {end}) không kết thúc bằng dấu xuống dòng.", part="manifest",
                     line=end)
        elif manifest_at != len(lines) - 2 or lines[-1] != b"":
            self.add("bad_format", f"có dữ liệu thêm vào sau bản kê (dòng {manifest_at + 2}–{end}).",
                     part="manifest", line=manifest_at + 2)
        del lines[manifest_at + 1:]
        self.room_key = header.room_key
        if self.expected_room_key is not None and header.room_key != self.expected_room_key:
            self.add("room_key_mismatch", f"biên bản được ký bằng khóa phòng họp {header.room_key}, không phải khóa "
                                          f"{self.expected_room_key} đã cho.", part="header", line=1)
        ranges = self.read_records(lines, header.meeting_id)
        manifest = self.check_manifest(lines, ranges)
        for log in self.logs.values():
            self.check_chain(log)
        if manifest is not None:
            self.check_heads(manifest)
        devices, revoked = self.enrolled_devices(header.meeting_id)
        self.check_votes(devices, revoked)
        self.check_documents()
        return self.report(header)

    def read_records(self, lines: list[bytes], meeting_id: str) -> dict[str, tuple[int, int]]:
        """Sorts the lines between header and manifest into their parts; returns each part's line range."""
        order = {name: i for i, name in enumerate(PARTS)}
        current = order["server_log"]
        ranges: dict[str, tuple[int, int]] = {"header": (0, 1)}
        start = 1
        for index in range(1, len(lines) - 1):
            number = index + 1
            try:
                record = _record_decoder.decode(lines[index])
            except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as exc:
                self.add("bad_format", f"dòng {number} ({PART_LABELS[PARTS[current]]}) không đọc được: "
                                       f"{_decode_error(exc)}.", part=PARTS[current], line=number)
                continue
            part = _part_of(record, meeting_id)
            if part is None:
                self.add("bad_format", f"dòng {number} là sự kiện của cuộc họp khác "
                                       f"({getattr(record, 'meeting_id', None)}).", part=PARTS[current], line=number)
                continue
            if order[part] < current:
                self.add("bad_format", f"dòng {number} ({PART_LABELS[part]}) nằm sai chỗ, trong phần "
                                       f"«{PART_LABELS[PARTS[current]]}».", part=PARTS[current], line=number)
                continue
            if order[part] > current:
                ranges[PARTS[current]] = (start, index)
                for skipped in PARTS[current + 1:order[part]]:
                    ranges[skipped] = (index, index)
                current, start = order[part], index
            self.keep(record, part, number)
        ranges[PARTS[current]] = (start, len(lines) - 1)
        for rest in PARTS[current + 1:]:
            ranges[rest] = (len(lines) - 1, len(lines) - 1)
        return ranges

    def keep(self, record: Record, part: str, number: int) -> None:
        if isinstance(record, WireEvent):
            log = self.logs[part]
            log.events.append(record.event())
            log.lines.append(number)
        elif isinstance(record, OpenBallot):
            self.open_ballots.append((record, number))
        elif isinstance(record, SecretBallots):
            if record.vote_id in self.secret:
                self.add("bad_format", f"hòm phiếu kín của biểu quyết {record.vote_id} xuất hiện hai lần.",
                         part=part, line=number, vote_id=record.vote_id)
                return
            self.secret[record.vote_id] = (record, number)
        else:
            self.documents.append((record, number))

    # -- manifest ---------------------------------------------------------------------------------

    def check_manifest(self, lines: list[bytes], ranges: Mapping[str, tuple[int, int]]) -> Manifest | None:
        number = len(lines)
        raw = lines[-1]
        try:
            manifest = _manifest_decoder.decode(raw)
        except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as exc:
            self.add("bad_format", f"bản kê (dòng {number}) không đọc được: {_decode_error(exc)}.",
                     part="manifest", line=number)
            return None
        try:
            canonical = canonical_json(json.loads(raw)) == raw
        except (ValueError, RecursionError):
            canonical = False
        if not canonical:
            self.add("bad_format", f"bản kê (dòng {number}) đã bị sửa: không ở dạng chuẩn.", part="manifest", line=number)
        if [p.name for p in manifest.parts] != list(PARTS):
            self.add("bad_format", f"bản kê (dòng {number}) không liệt kê đúng các phần của biên bản.",
                     part="manifest", line=number)
        listed = {p.name: p for p in manifest.parts}
        for name in PARTS:
            first, end = ranges[name]
            got = b"\n".join(lines[first:end]) + b"\n" if end > first else b""
            digest = listed.get(name)
            span = f"dòng {first + 1}–{end}" if end > first else "không có dòng nào"
            if digest is None:
                continue
            if digest.lines != end - first:
                self.add("archive_hash_mismatch", f"phần «{PART_LABELS[name]}» có {end - first} dòng, bản kê ghi "
                                                  f"{digest.lines} dòng.", part=name, line=first + 1)
            elif hashlib.sha256(got).hexdigest() != digest.sha256:
                self.add("archive_hash_mismatch", f"phần «{PART_LABELS[name]}» ({span}) đã bị sửa: mã băm không khớp "
                                                  "bản kê.", part=name, line=first + 1)
        if not verify(self.room_key, manifest_message(manifest), manifest.signature):
            self.add("bad_manifest_signature", f"chữ ký của khóa phòng họp trên bản kê (dòng {number}) không hợp lệ.",
                     part="manifest", line=number)
        return manifest

    def check_heads(self, manifest: Manifest) -> None:
        for name, log in self.logs.items():
            want = manifest.heads.get(name)
            last = max(log.events, key=lambda e: e.seq, default=None)
            got = (last.seq, last.hash) if last is not None else (0, ZERO_HASH)
            if want is None:
                self.add("bad_format", f"bản kê không ghi sự kiện cuối của {PART_LABELS[name]}.", part="manifest")
            elif (want.seq, want.hash) != got:
                self.add("head_mismatch", f"{PART_LABELS[name]} kết thúc ở sự kiện số {got[0]} nhưng bản kê ghi đến "
                                          f"sự kiện số {want.seq} (nhật ký bị cắt, bị thêm hoặc bị thay).",
                         part=name, seq=want.seq)

    # -- chains -----------------------------------------------------------------------------------

    def check_chain(self, log: _Log) -> None:
        try:
            verify_chain(log.events)
            return
        except (ChainError, ValueError, TypeError, RecursionError):
            pass
        before = len(self.findings)
        self.diagnose_chain(log)
        if len(self.findings) == before:
            self.add("chain_broken", f"chuỗi mã băm của {PART_LABELS[log.part]} bị đứt.", part=log.part)

    def diagnose_chain(self, log: _Log) -> None:
        """Which seq was edited, moved, doubled or dropped, and where the links break."""
        own = "" if log.part == "meeting_log" else f" của {PART_LABELS[log.part]}"
        by_seq: dict[int, int] = {}
        highest = 0
        for i, event in enumerate(log.events):
            where = {"part": log.part, "line": log.lines[i], "seq": event.seq}
            if event.seq < 1:
                self.add("chain_broken", f"số thứ tự sự kiện không hợp lệ ({event.seq}) ở dòng {log.lines[i]}.",
                         detail="bad_seq", **where)
                continue
            if event.seq in by_seq:
                self.add("chain_broken", f"sự kiện số {event.seq}{own} xuất hiện hai lần (dòng "
                                         f"{log.lines[by_seq[event.seq]]} và {log.lines[i]}).", detail="duplicate", **where)
                continue
            by_seq[event.seq] = i
            if event.seq < highest:
                self.add("chain_broken", f"sự kiện số {event.seq}{own} nằm sai thứ tự (sau sự kiện số {highest}, "
                                         f"dòng {log.lines[i]}).", detail="out_of_order", **where)
            highest = max(highest, event.seq)
            if not _hash_ok(event):
                self.add("chain_broken", f"sự kiện số {event.seq}{own} bị sửa (mã băm không khớp).", detail="edited",
                         **where)
        after = 0
        for seq in sorted(by_seq):  # the gaps between the seqs present, however far apart
            if seq > after + 1:
                first, end = after + 1, seq - 1
                which = f"sự kiện số {first}" if end == first else f"các sự kiện số {first}–{end}"
                self.add("chain_broken", f"thiếu {which}{own}.", part=log.part, seq=first, detail="missing")
            after = seq
        for seq, i in sorted(by_seq.items()):
            event = log.events[i]
            if seq == 1:
                want: str | None = ZERO_HASH
            else:
                want = log.events[by_seq[seq - 1]].hash if seq - 1 in by_seq else None
            if want is not None and event.prev != want:
                self.add("chain_broken", f"chuỗi{own} bị đứt giữa sự kiện số {seq - 1} và {seq}: sự kiện số {seq - 1} "
                                         f"đã bị thay hoặc số {seq} không nối với nó (mã băm trước không khớp).",
                         part=log.part, line=log.lines[i], seq=seq, detail="unlinked")

    # -- devices, votes, documents ----------------------------------------------------------------

    def enrolled_devices(self, meeting_id: str) -> tuple[dict[str, Mapping[str, Any]], dict[str, str]]:
        devices: dict[str, Mapping[str, Any]] = {}
        revoked: dict[str, str] = {}
        for event in self.logs["server_log"].events:
            if event.name == "device.enrolled" and event.data.get("meeting_id") == meeting_id:
                devices[str(event.data.get("device_id"))] = event.data
            elif event.name == "device.revoked":
                revoked.setdefault(str(event.data.get("device_id")), event.at)
        return devices, revoked

    def check_votes(self, devices: Mapping[str, Mapping[str, Any]], revoked: Mapping[str, str]) -> None:
        meeting = self.logs["meeting_log"]
        present: set[Any] = set()
        created: dict[str, Mapping[str, Any]] = {}
        recorded: dict[str, list[Event]] = {}
        closing: list[tuple[Event, int, int]] = []
        sealed: dict[str, SealedEvents] = {}
        # A sealed vote's `present` is counted when its ballots close, before the committee decrypts.
        counted_present: dict[str, int] = {}
        for event, number in zip(meeting.events, meeting.lines, strict=True):
            name, data = event.name, event.data
            if name in SEALED_EVENTS and str(data.get("vote_id")) in sealed:
                sealed[str(data.get("vote_id"))].take(event, number)
                if name == "vote.counting":
                    counted_present[str(data.get("vote_id"))] = len(present)
            if name == "vote.created" and data.get("sealed"):
                sealed[str(data.get("vote_id"))] = SealedEvents(event)
            if name == "attendance.checked_in":
                present.add(data.get("delegate_id"))
            elif name == "attendance.checked_out":
                present.discard(data.get("delegate_id"))
            elif name == "vote.created":
                created[str(data.get("vote_id"))] = data
            elif name == "vote.ballot_recorded":
                recorded.setdefault(str(data.get("vote_id")), []).append(event)
            elif name == "vote.closed":
                closing.append((event, len(present), number))
        ballots: dict[str, list[tuple[OpenBallot, int]]] = {}
        for ballot, number in self.open_ballots:
            ballots.setdefault(ballot.vote_id, []).append((ballot, number))
        self.verify_signatures(closing, devices)
        closed_ids = set()
        for event, present_count, number in closing:
            vote_id = str(event.data.get("vote_id"))
            closed_ids.add(vote_id)
            check = VoteAudit(self, event, number, created.get(vote_id), counted_present.get(vote_id, present_count),
                               recorded.get(vote_id, []), ballots.get(vote_id, []), self.secret.get(vote_id),
                               devices, revoked, sealed.get(vote_id))
            self.votes.append(check.run())
        open_kind = {v for v, d in created.items() if d.get("kind") == "open"}
        for vote_id, found in ballots.items():
            if vote_id not in closed_ids or vote_id not in open_kind:
                self.add("ballot_mismatch", f"có {len(found)} phiếu công khai của biểu quyết {vote_id}, biểu quyết "
                                            "này không có kết quả công khai trong nhật ký.",
                         part="open_ballots", line=found[0][1], vote_id=vote_id)
        for vote_id, (_box, number) in self.secret.items():
            if vote_id not in closed_ids or created.get(vote_id, {}).get("kind") in ("open", "hands", None):
                self.add("ballot_mismatch", f"có hòm phiếu kín của biểu quyết {vote_id}, biểu quyết này không có "
                                            "kết quả bỏ phiếu kín trong nhật ký.",
                         part="secret_ballots", line=number, vote_id=vote_id)

    def verify_signatures(self, closing: Sequence[tuple[Event, int, int]],
                          devices: Mapping[str, Mapping[str, Any]]) -> None:
        """Every result and ballot signature at once, on as many cores as there are: Ed25519
        verification is most of a full day's check and runs without the GIL."""
        keys: list[tuple[str, int]] = []
        jobs: list[tuple[str, bytes, str]] = []
        for event, _present, number in closing:
            try:
                message = result_message(event.data, event.prev)
            except (TypeError, ValueError, RecursionError):
                continue
            keys.append(("result", number))
            jobs.append((self.room_key, message, str(event.data.get("signature", ""))))
        for ballot, number in self.open_ballots:
            device = devices.get(ballot.device_id)
            if device is None:
                continue
            try:
                message = ballot_message(ballot.vote_id, ballot.choice, ballot.nonce)
            except (TypeError, ValueError, RecursionError):
                continue
            keys.append(("ballot", number))
            jobs.append((str(device.get("sign_pub", "")), message, ballot.sig))
        self.signed = {key for key, ok in zip(keys, verify_many(jobs), strict=True) if ok}

    def check_documents(self) -> None:
        try:
            expected = public_documents(self.logs["meeting_log"].events)
        except (TypeError, ValueError, RecursionError):
            expected = []
        listed = [d for d, _ in self.documents]
        if listed == expected:
            return
        for i in range(max(len(listed), len(expected))):
            got = listed[i] if i < len(listed) else None
            want = expected[i] if i < len(expected) else None
            if got == want:
                continue
            number = self.documents[i][1] if got is not None else None
            entry = got if got is not None else want
            document_id = entry.document_id if entry is not None else None
            if want is None:
                message = f"tài liệu {document_id} có trong danh sách nhưng nhật ký không công bố phiên bản này."
            elif got is None:
                message = f"danh sách tài liệu công khai thiếu tài liệu {document_id} (phiên bản {want.version})."
            else:
                message = (f"danh sách tài liệu công khai ghi khác nhật ký ở tài liệu {document_id} "
                           f"(phiên bản {got.version}).")
            self.add("document_mismatch", message, part="documents", line=number, document_id=document_id)
            return

    def report(self, header: Header) -> Report:
        findings = ranked(self.findings)
        meeting = self.logs["meeting_log"].events
        return Report(
            status="invalid" if findings else "valid",
            findings=findings,
            meeting_id=header.meeting_id,
            exported_at=header.exported_at,
            room_key=header.room_key,
            events=len(meeting),
            server_events=len(self.logs["server_log"].events),
            head=meeting[-1].hash if meeting else None,
            head_seq=meeting[-1].seq if meeting else 0,
            votes=tuple(self.votes),
            open_ballots=len(self.open_ballots),
            secret_boxes=len(self.secret),
            documents=len(self.documents),
            room_key_checked=self.expected_room_key is not None and self.expected_room_key == header.room_key,
        )


def _looks_like_manifest(line: bytes) -> bool:
    if line.startswith(b'{"heads":{'):  # canonical JSON: the manifest's first key
        return True
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(value, dict) and value.get("type") == "manifest"


def _part_of(record: Record, meeting_id: str) -> str | None:
    if isinstance(record, WireEvent):
        if record.meeting_id is None:
            return "server_log"
        return "meeting_log" if record.meeting_id == meeting_id else None
    if isinstance(record, OpenBallot):
        return "open_ballots"
    if isinstance(record, SecretBallots):
        return "secret_ballots"
    return "documents"


def _hash_ok(event: Event) -> bool:
    try:
        return event.hash_ok()
    except (TypeError, ValueError, RecursionError):
        return False
