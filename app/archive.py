"""A meeting archive: one file that anyone can check offline with `phonghop verify`.

The format is JSON Lines: UTF-8, one object per line in canonical JSON (`app.canonical`: sorted
keys, no spaces, non-ASCII kept as is), each line ended by "\\n", the parts in this order:

| part             | each line                                                                      |
|------------------|--------------------------------------------------------------------------------|
| `header`         | `{"type": "archive", "format": "phonghop/archive", "version": 1, "meeting_id", "exported_at", "room_key"}` |
| `server_log`     | every event of the server's own log, as on the wire (`meeting_id` null): the meetings created, the devices enrolled (with their `sign_pub`) and revoked |
| `meeting_log`    | every event of the meeting's log, as on the wire                               |
| `open_ballots`   | `{"type": "open_ballot", "vote_id", "delegate_id", "device_id", "choice", "nonce", "sig"}`: every named ballot of every closed `open` vote in the order the room accepted them (a changed vote keeps its earlier ballots: their nonces were used; the last one per delegate counts) |
| `secret_ballots` | `{"type": "secret_ballots", "vote_id", "receipts", "counted"}`: per closed secret kind (`secret`, `confidence`, `election`) the ballot box as the room kept it, both lists sorted |
| `documents`      | `{"type": "document", "document_id", "version", "title", "blob", "size", "seq"}`: every version of a public document the log published (`blob` = SHA-256 of its encrypted file) |
| `manifest`       | one line: `{"type": "manifest", "parts": [{"name", "lines", "sha256"}...], "heads": {"server_log"/"meeting_log": {"seq", "hash"}}, "signature"}` |

`parts[i].sha256` is the SHA-256 of the exact bytes of that part's lines (newlines included),
so an edited byte anywhere is caught and its part named; the manifest line is canonical JSON
and `signature` is the room key's Ed25519 signature over
`'phonghop/v1/archive|' + canonical_json(manifest without signature)`: the heads it names
make a log cut short at the end show too. The room's public key travels in the header; the
verdict prints its fingerprint so people can compare it with the one they know.

Why JSON Lines and not a zip: a line per event means a flipped byte breaks exactly one line,
which the verifier names by line and seq while it still reads everything else (in a zip the
member's CRC or its compressed stream fails as a whole); it is readable and searchable in any
text editor, diffable, needs nothing beyond the standard library to read, and the events stay
byte for byte what the wire carries, so checking the chain needs no second format.

Only closed votes' ballots are exported: an open vote's choices stay hidden until it closes,
and a cancelled vote's never count.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import msgspec

from app.canonical import canonical_json
from app.events import Event
from app.keys import RoomKey, b64e
from app.model import SECRET_KINDS

FORMAT: Final = "phonghop/archive"
VERSION: Final = 1
ARCHIVE_CONTEXT: Final = "phonghop/v1/archive|"
PARTS: Final = ("header", "server_log", "meeting_log", "open_ballots", "secret_ballots", "documents")
LOGS: Final = ("server_log", "meeting_log")

PART_LABELS: Final[Mapping[str, str]] = {
    "header": "phần đầu",
    "server_log": "nhật ký máy chủ",
    "meeting_log": "nhật ký kỳ họp",
    "open_ballots": "phiếu biểu quyết công khai",
    "secret_ballots": "hòm phiếu kín",
    "documents": "danh sách tài liệu công khai",
    "manifest": "bản kê",
}

Choice = str | dict[str, str] | list[str]


class Header(msgspec.Struct, tag_field="type", tag="archive", forbid_unknown_fields=True, frozen=True):
    format: str
    version: int
    meeting_id: str
    exported_at: str
    room_key: str


class WireEvent(msgspec.Struct, tag_field="type", tag="event", forbid_unknown_fields=True, frozen=True):
    """An event exactly as PROTOCOL.md puts it on the wire."""

    meeting_id: str | None
    seq: int
    at: str
    actor: str | None
    name: str
    data: dict[str, Any]
    prev: str
    hash: str

    def event(self) -> Event:
        return Event(self.meeting_id, self.seq, self.at, self.actor, self.name, self.data, self.prev, self.hash)


class OpenBallot(msgspec.Struct, tag_field="type", tag="open_ballot", forbid_unknown_fields=True, frozen=True):
    """A named ballot with the device's signature over `ballot_message(vote_id, choice, nonce)`."""

    vote_id: str
    delegate_id: str
    device_id: str
    choice: Choice
    nonce: str
    sig: str


class SecretBallots(msgspec.Struct, tag_field="type", tag="secret_ballots", forbid_unknown_fields=True, frozen=True):
    """A secret vote's box: the receipts and the choices (canonical JSON), both sorted, nothing joining them."""

    vote_id: str
    receipts: list[str]
    counted: list[str]


class DocumentEntry(msgspec.Struct, tag_field="type", tag="document", forbid_unknown_fields=True, frozen=True):
    document_id: str
    version: int
    title: str
    blob: str
    size: int
    seq: int


class PartDigest(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    name: str
    lines: int
    sha256: str


class Head(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    seq: int
    hash: str


class Manifest(msgspec.Struct, tag_field="type", tag="manifest", forbid_unknown_fields=True, frozen=True):
    parts: list[PartDigest]
    heads: dict[str, Head]
    signature: str = ""


Record = WireEvent | OpenBallot | SecretBallots | DocumentEntry


def line_of(value: Any) -> bytes:
    """One archive line: canonical JSON of a record (msgspec Struct or plain data) and its newline."""
    plain = msgspec.to_builtins(value) if isinstance(value, msgspec.Struct) else value
    return canonical_json(plain) + b"\n"


def manifest_message(manifest: Manifest) -> bytes:
    """What the room key signs: the manifest without its signature."""
    unsigned = {k: v for k, v in msgspec.to_builtins(manifest).items() if k != "signature"}
    return ARCHIVE_CONTEXT.encode() + canonical_json(unsigned)


def public_documents(events: Iterable[Event]) -> list[DocumentEntry]:
    """Every version of a public document the log published, in log order.

    `document.updated` may leave the classification out: the version keeps the document's."""
    classification: dict[str, str] = {}
    found: list[DocumentEntry] = []
    for event in events:
        if event.name not in ("document.added", "document.updated"):
            continue
        d = event.data
        document_id = str(d.get("document_id", ""))
        level = d.get("classification") or classification.get(document_id, "public")
        classification[document_id] = str(level)
        if level == "public":
            found.append(DocumentEntry(document_id, int(d.get("version", 1)), str(d.get("title", "")),
                                       str(d.get("blob", "")), int(d.get("size", 0)), event.seq))
    # An update may leave the title out: it keeps the document's earlier one.
    titles: dict[str, str] = {}
    named = []
    for entry in found:
        title = entry.title or titles.get(entry.document_id, "")
        titles[entry.document_id] = title
        named.append(msgspec.structs.replace(entry, title=title))
    return named


def closed_votes(events: Iterable[Event]) -> dict[str, Event]:
    """The `vote.closed` event of each vote, in log order."""
    return {str(e.data.get("vote_id")): e for e in events if e.name == "vote.closed"}


def build_archive(
    *,
    meeting_id: str,
    server_events: Sequence[Event],
    events: Sequence[Event],
    open_ballots: Iterable[OpenBallot],
    secret_ballots: Iterable[SecretBallots],
    room_key: RoomKey,
    exported_at: str,
) -> bytes:
    """The archive's bytes from plain data (the room's logs and ballot tables, or a test's)."""
    closed = closed_votes(events)
    kinds = {str(e.data.get("vote_id")): e.data.get("kind") for e in events if e.name == "vote.created"}
    boxes = {box.vote_id: box for box in secret_ballots}
    header = Header(FORMAT, VERSION, meeting_id, exported_at, room_key.public_b64)
    parts: dict[str, list[bytes]] = {
        "header": [line_of(header)],
        "server_log": [line_of(e.to_wire()) for e in server_events],
        "meeting_log": [line_of(e.to_wire()) for e in events],
        "open_ballots": [line_of(b) for b in open_ballots if b.vote_id in closed and kinds.get(b.vote_id) == "open"],
        # One box per closed secret vote, in the order they closed; an empty one when nobody voted.
        "secret_ballots": [
            line_of(SecretBallots(vote_id, sorted(box.receipts), sorted(box.counted)))
            for vote_id, box in ((v, boxes.get(v, SecretBallots(v, [], []))) for v in closed)
            if kinds.get(vote_id) in SECRET_KINDS
        ],
        "documents": [line_of(d) for d in public_documents(events)],
    }
    digests = [
        PartDigest(name, len(lines), hashlib.sha256(b"".join(lines)).hexdigest()) for name, lines in parts.items()
    ]
    heads = {
        name: Head(log[-1].seq, log[-1].hash) if log else Head(0, "0" * 64)
        for name, log in (("server_log", server_events), ("meeting_log", events))
    }
    manifest = Manifest(digests, heads)
    signed = msgspec.structs.replace(manifest, signature=b64e(room_key.sign(manifest_message(manifest))))
    return b"".join(line for lines in parts.values() for line in lines) + line_of(signed)


# -- reading a room server's data dir ---------------------------------------------------------------


class ArchiveError(Exception):
    """Export refused: a stable code and a Vietnamese message for the person at the terminal."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")


@dataclass(frozen=True, slots=True)
class RoomSnapshot:
    """What an archive is built from, read in one consistent snapshot of `room.db`."""

    meeting_id: str
    server_events: list[Event]
    events: list[Event]
    open_ballots: list[OpenBallot]
    secret_ballots: list[SecretBallots]


_EVENT_SQL = "SELECT seq, at, actor, name, data, prev, hash FROM events WHERE log = ? ORDER BY seq"


def read_room(data_dir: Path, meeting_id: str) -> RoomSnapshot:
    """Reads DIR/room.db read-only (the server may be running: WAL readers never block it)."""
    db_path = data_dir / "room.db"
    if not data_dir.is_dir():
        raise ArchiveError("no_data_dir", f"Không có thư mục dữ liệu {data_dir}.")
    if not db_path.is_file():
        raise ArchiveError("no_data_dir", f"Thư mục {data_dir} không phải thư mục dữ liệu của máy chủ phòng họp "
                                          "(không có room.db).")
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ArchiveError("unreadable_data", f"Không mở được {db_path}: {exc}") from None
    try:
        # One read transaction: the logs and the ballot tables come from the same instant.
        conn.execute("BEGIN")
        meetings = [r[0] for r in conn.execute("SELECT DISTINCT log FROM events WHERE log != '' ORDER BY log")]
        if meeting_id not in meetings:
            known = ", ".join(meetings) or "không có cuộc họp nào"
            raise ArchiveError("unknown_meeting", f"Không có cuộc họp «{meeting_id}» trong thư mục dữ liệu "
                                                  f"(có: {known}).")
        server_events = [_event(None, row) for row in conn.execute(_EVENT_SQL, ("",))]
        events = [_event(meeting_id, row) for row in conn.execute(_EVENT_SQL, (meeting_id,))]
        open_rows = conn.execute(
            "SELECT vote_id, delegate_id, device_id, choice, nonce, sig FROM open_ballots "
            "WHERE meeting_id = ? ORDER BY rowid", (meeting_id,)).fetchall()
        receipts: dict[str, list[str]] = {}
        for vote_id, receipt in conn.execute(
                "SELECT vote_id, receipt FROM secret_receipts WHERE meeting_id = ?", (meeting_id,)):
            receipts.setdefault(vote_id, []).append(receipt)
        counted: dict[str, list[str]] = {}
        for vote_id, choice in conn.execute(
                "SELECT vote_id, choice FROM secret_choices WHERE meeting_id = ?", (meeting_id,)):
            counted.setdefault(vote_id, []).append(choice)
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        raise ArchiveError("unreadable_data", f"Không đọc được {db_path}: {exc}") from None
    finally:
        conn.close()
    return RoomSnapshot(
        meeting_id,
        server_events,
        events,
        [OpenBallot(v, d, dev, json.loads(choice), nonce, sig) for v, d, dev, choice, nonce, sig in open_rows],
        [SecretBallots(v, sorted(receipts.get(v, [])), sorted(counted.get(v, [])))
         for v in sorted(set(receipts) | set(counted))],
    )


def _event(meeting_id: str | None, row: tuple[Any, ...]) -> Event:
    seq, at, actor, name, data, prev, digest = row
    return Event(meeting_id, seq, at, actor, name, json.loads(data), prev, digest)


def load_room_key(data_dir: Path) -> RoomKey:
    """The room's own key (DIR/room_key.pem); never created here: no key, no signed archive."""
    path = data_dir / "room_key.pem"
    if not path.is_file():
        raise ArchiveError("no_room_key", f"Không có khóa phòng họp {path}: không ký được biên bản lưu trữ.")
    try:
        return RoomKey.load_or_create(path)
    except (OSError, ValueError) as exc:
        raise ArchiveError("no_room_key", f"Không đọc được khóa phòng họp {path}: {exc}") from None


def export_archive(data_dir: Path, meeting_id: str, exported_at: str) -> tuple[bytes, RoomSnapshot]:
    """The archive of one meeting of a room server's data dir, and what it was built from."""
    snapshot = read_room(data_dir, meeting_id)
    room_key = load_room_key(data_dir)
    return build_archive(
        meeting_id=meeting_id,
        server_events=snapshot.server_events,
        events=snapshot.events,
        open_ballots=snapshot.open_ballots,
        secret_ballots=snapshot.secret_ballots,
        room_key=room_key,
        exported_at=exported_at,
    ), snapshot
