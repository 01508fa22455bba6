"""A client's local replica of one log: its events, cursor, outbox and the answers it got."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.canonical import ZERO_HASH, canonical_json
from app.events import Event
from app.storage.connection import open_database, write_transaction
from app.storage.errors import ReplicaError

_EVENT_COLUMNS = "seq, at, actor, name, data, prev, hash"

# The local answers that stand in for the server's after a rollback (see `settle_rollback`).
ROLLED_BACK = "rolled_back"
LOST_MESSAGE = (
    "Máy chủ phòng họp đã được khôi phục từ một bản sao lưu cũ hơn và không còn ghi nhận thao tác "
    "này của thiết bị. Vui lòng kiểm tra lại và thực hiện lại nếu cần."
)
UNSENT_MESSAGE = (
    "Thao tác này chưa được gửi: nó dựa trên dữ liệu mà máy chủ phòng họp (vừa được khôi phục từ "
    "bản sao lưu) không còn. Vui lòng kiểm tra lại và thực hiện lại nếu cần."
)


class LogForked(ReplicaError):
    """The server offers a well-formed event that contradicts the log held: another event at a
    seq held, or one that does not link to the head. The server's log is no longer the one this
    replica followed (a room server restored from an older backup that went on without it).
    `seq` is where the two logs were seen to differ; code "chain", like any broken link."""

    def __init__(self, seq: int, message: str):
        super().__init__("chain", message)
        self.seq = seq


@dataclass(frozen=True, slots=True)
class ApplyResult:
    """What one delivery changed: events newly stored, duplicates skipped, and whether a gap
    stopped it (the caller should ask the server for what follows its cursor)."""

    applied: tuple[Event, ...]
    duplicates: int
    gap: bool


@dataclass(frozen=True, slots=True)
class RollbackOutcome:
    """What a rollback cost, settled once the server's log was downloaded again.

    forgotten_seq: the head of the log forgotten; common_seq: the last seq the forgotten log and
    the server's agree on (everything up to it is the same event); answers: (command_id, the
    local answer now stored for it) for every command the server no longer knows it answered
    (code `rolled_back`, detail reason "lost", seq of the forgotten ack) and every unanswered
    command taken out of the outbox because it names something only the forgotten log had
    (detail reason "unsent")."""

    forgotten_seq: int
    common_seq: int
    answers: tuple[tuple[str, dict[str, Any]], ...]

    @property
    def lost(self) -> int:
        return sum(1 for _, a in self.answers if a["detail"]["reason"] == "lost")

    @property
    def unsent(self) -> int:
        return sum(1 for _, a in self.answers if a["detail"]["reason"] == "unsent")


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """A command made locally and not yet answered by the server."""

    command_id: str
    name: str
    args: dict[str, Any]
    created_at: str


class Replica:
    """One SQLite file: `events` and `cursor` (one row: log, seq, hash) move together;
    `outbox` waits for answers kept in `answers`; `identity` holds the enrollment facts.
    After `forget_log` and until `settle_rollback`, `resync` (one row), `forgotten` (seq, hash of
    each forgotten event) and `forgotten_ids` (the ids each forgotten event brought in) keep
    what is needed to tell which answers and commands the rollback touched.

    Safe to call from several threads: calls are serialised on one connection.
    """

    def __init__(self, path: Path):
        self._db = open_database(path)
        self._conn = self._db.conn
        self._lock = threading.Lock()
        db = self._db
        db.create_table("identity", {"key": str, "value": str}, pk="key", if_not_exists=True, strict=True)
        # What the device remembers about itself beside the log (the last contact for the offline lease).
        db.create_table("meta", {"key": str, "value": str}, pk="key", if_not_exists=True, strict=True)
        db.create_table(
            "events",
            {
                "seq": int,
                "at": str,
                "actor": str,
                "name": str,
                "data": str,
                "prev": str,
                "hash": str,
            },
            pk="seq",
            not_null=("at", "name", "data", "prev", "hash"),
            if_not_exists=True,
            strict=True,
        )
        # `log` is NULL until the first event names the meeting; the server's own log is "".
        db.create_table(
            "cursor",
            {"id": int, "log": str, "seq": int, "hash": str},
            pk="id",
            not_null=("seq", "hash"),
            if_not_exists=True,
            strict=True,
        )
        db.create_table(
            "outbox",
            {"command_id": str, "name": str, "args": str, "created_at": str},
            pk="command_id",
            not_null=("name", "args", "created_at"),
            if_not_exists=True,
            strict=True,
        )
        db.create_table(
            "answers",
            {"command_id": str, "answer": str},
            pk="command_id",
            not_null=("answer",),
            if_not_exists=True,
            strict=True,
        )
        db.create_table(
            "resync",
            {"id": int, "seq": int, "hash": str, "at": str},
            pk="id",
            not_null=("seq", "hash", "at"),
            if_not_exists=True,
            strict=True,
        )
        db.create_table(
            "forgotten", {"seq": int, "hash": str}, pk="seq", not_null=("hash",), if_not_exists=True, strict=True
        )
        db.create_table(
            "forgotten_ids", {"id": str, "seq": int}, pk="id", not_null=("seq",), if_not_exists=True, strict=True
        )
        with write_transaction(self._conn, self._lock) as conn:
            conn.execute(
                "INSERT OR IGNORE INTO cursor (id, log, seq, hash) VALUES (1, NULL, 0, ?)",
                (ZERO_HASH,),
            )

    # Identity

    def get_identity(self) -> dict[str, Any] | None:
        """The enrollment facts (device_id, role, meeting_id, delegate_id, seat, url,
        fingerprint, device_name), or None before enrollment."""
        with self._lock:
            rows = self._conn.execute("SELECT key, value FROM identity").fetchall()
        return {key: json.loads(value) for key, value in rows} if rows else None

    def set_identity(self, identity: dict[str, Any]) -> None:
        """Replace the enrollment facts as a whole."""
        rows = [(key, json.dumps(value, ensure_ascii=False)) for key, value in identity.items()]
        with write_transaction(self._conn, self._lock) as conn:
            conn.execute("DELETE FROM identity")
            conn.executemany("INSERT INTO identity (key, value) VALUES (?, ?)", rows)

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with write_transaction(self._conn, self._lock) as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # The log

    def cursor(self) -> int:
        """The seq of the last event held (0 when empty): what `hello.last_seq` says."""
        return self._cursor_row()[1]

    def head_hash(self) -> str:
        return self._cursor_row()[2]

    def events(self, after_seq: int = 0) -> list[Event]:
        with self._lock:
            log = self._conn.execute("SELECT log FROM cursor WHERE id = 1").fetchone()[0]
            rows = self._conn.execute(
                f"SELECT {_EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq", (after_seq,)
            ).fetchall()
        meeting_id = _meeting_id(log)
        return [
            Event(meeting_id, seq, at, actor, name, json.loads(data), prev, digest)
            for seq, at, actor, name, data, prev, digest in rows
        ]

    def apply(self, events: Sequence[Event]) -> ApplyResult:
        """Store the events that extend the chain, in the order given, in one transaction.

        A duplicate of a held event is skipped; a gap stops the delivery (result.gap).
        Raises ReplicaError ("chain": a bad hash or link, or a held seq with another hash;
        "conflict": another meeting's event) and then stores nothing of this call.
        """
        return self.apply_and_settle(events, ())

    def apply_and_settle(
        self, events: Sequence[Event], settled: Sequence[tuple[str, dict[str, Any]]]
    ) -> ApplyResult:
        """`apply` and `settle` in one transaction: an ack and the events it follows land
        together, so a crash never leaves a settled command whose events are missing."""
        with write_transaction(self._conn, self._lock) as conn:
            result = _apply(conn, events)
            for command_id, answer in settled:
                _settle(conn, command_id, answer)
        return result

    # A rollback of the server's log

    def forget_log(self, at: str) -> int:
        """Forgets the log in one transaction (events gone, cursor back to 0 and the zero hash)
        so it can be downloaded again from a server whose log is no longer the one held.
        Identity, outbox and answers stay. What the forgotten log said is kept (each event's
        hash, the ids each brought in) until `settle_rollback`; forgetting again before that
        keeps the first record: the answers in doubt were given on that log. Returns the number
        of events forgotten."""
        with write_transaction(self._conn, self._lock) as conn:
            seq, head = conn.execute("SELECT seq, hash FROM cursor WHERE id = 1").fetchone()
            if conn.execute("SELECT 1 FROM resync WHERE id = 1").fetchone() is None:
                conn.execute("INSERT INTO resync (id, seq, hash, at) VALUES (1, ?, ?, ?)", (seq, head, at))
                conn.execute("INSERT INTO forgotten (seq, hash) SELECT seq, hash FROM events")
                ids = list(_introduced_ids(conn))
                conn.executemany("INSERT OR IGNORE INTO forgotten_ids (id, seq) VALUES (?, ?)", ids)
            count: int = conn.execute("DELETE FROM events").rowcount
            conn.execute("UPDATE cursor SET seq = 0, hash = ? WHERE id = 1", (ZERO_HASH,))
        return count

    def resyncing(self) -> bool:
        """A forgotten log awaits `settle_rollback`."""
        with self._lock:
            return self._conn.execute("SELECT 1 FROM resync WHERE id = 1").fetchone() is not None

    def settle_rollback(self) -> RollbackOutcome | None:
        """Once the server's log is held again (up to its head at welcome): compares it with the
        forgotten one, in one transaction, and says what the rollback cost. None without one.

        An ack whose seq lies beyond the common part was given on events the server no longer
        has: the server will not remember that command id either. Its answer becomes a local
        `rolled_back` error (reason "lost"): the command is not sent again by itself (a ballot's
        choice is not kept once answered, and a command decided again minutes later, against
        another log, is not what the person did; see docs/events.md). An unanswered command that
        names an id brought in by a forgotten event past the common part (vote-130 may now be
        another vote) leaves the outbox with a local `rolled_back` error (reason "unsent"); the
        rest of the outbox is sent as usual and decided by the server as it is now."""
        with write_transaction(self._conn, self._lock) as conn:
            row = conn.execute("SELECT seq FROM resync WHERE id = 1").fetchone()
            if row is None:
                return None
            common: int = conn.execute(
                "SELECT COALESCE(MAX(e.seq), 0) FROM events e JOIN forgotten f ON f.seq = e.seq AND f.hash = e.hash"
            ).fetchone()[0]
            gone = {r[0] for r in conn.execute("SELECT id FROM forgotten_ids WHERE seq > ?", (common,))}
            answers: list[tuple[str, dict[str, Any]]] = []
            for command_id, text in conn.execute("SELECT command_id, answer FROM answers").fetchall():
                answer = json.loads(text)
                if answer.get("type") == "ack" and isinstance(answer.get("seq"), int) and answer["seq"] > common:
                    answers.append((command_id, _local_error(command_id, LOST_MESSAGE, "lost", answer["seq"])))
            for command_id, args in conn.execute("SELECT command_id, args FROM outbox ORDER BY rowid").fetchall():
                if gone and not gone.isdisjoint(_strings(json.loads(args))):
                    answers.append((command_id, _local_error(command_id, UNSENT_MESSAGE, "unsent", None)))
            for command_id, answer in answers:
                conn.execute("DELETE FROM outbox WHERE command_id = ?", (command_id,))
                conn.execute(
                    "INSERT OR REPLACE INTO answers (command_id, answer) VALUES (?, ?)",
                    (command_id, json.dumps(answer, ensure_ascii=False)),
                )
            for table in ("resync", "forgotten", "forgotten_ids"):
                conn.execute(f"DELETE FROM {table}")
        return RollbackOutcome(row[0], common, tuple(answers))

    # The outbox

    def enqueue(self, command_id: str, name: str, args: dict[str, Any], created_at: str) -> None:
        """Keep a command until the server answers; a command id already known is a no-op."""
        with write_transaction(self._conn, self._lock) as conn:
            answered = conn.execute("SELECT 1 FROM answers WHERE command_id = ?", (command_id,)).fetchone()
            if answered is None:
                conn.execute(
                    "INSERT OR IGNORE INTO outbox (command_id, name, args, created_at) VALUES (?, ?, ?, ?)",
                    (command_id, name, json.dumps(args, ensure_ascii=False), created_at),
                )

    def pending(self) -> list[OutboxEntry]:
        """Unanswered commands in the order they were made, to send (again) on connect."""
        with self._lock:
            # rowid only grows for new rows (max + 1), so it is the enqueue order.
            rows = self._conn.execute(
                "SELECT command_id, name, args, created_at FROM outbox ORDER BY rowid"
            ).fetchall()
        return [OutboxEntry(cid, name, json.loads(args), at) for cid, name, args, at in rows]

    def settle(self, command_id: str, answer: dict[str, Any]) -> None:
        """The server answered: drop the command from the outbox and keep the answer."""
        with write_transaction(self._conn, self._lock) as conn:
            _settle(conn, command_id, answer)

    def answer(self, command_id: str) -> dict[str, Any] | None:
        """The server's answer to a settled command (an ack or a coded refusal)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT answer FROM answers WHERE command_id = ?", (command_id,)
            ).fetchone()
        if row is None:
            return None
        answer: dict[str, Any] = json.loads(row[0])
        return answer

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _cursor_row(self) -> tuple[str | None, int, str]:
        with self._lock:
            log, seq, digest = self._conn.execute("SELECT log, seq, hash FROM cursor WHERE id = 1").fetchone()
        return log, seq, digest


_SERVER_LOG = ""


def _log_key(meeting_id: str | None) -> str:
    return _SERVER_LOG if meeting_id is None else meeting_id


def _meeting_id(log: str | None) -> str | None:
    return None if log == _SERVER_LOG else log


def _apply(conn: sqlite3.Connection, events: Sequence[Event]) -> ApplyResult:
    log, seq, head = conn.execute("SELECT log, seq, hash FROM cursor WHERE id = 1").fetchone()
    applied: list[Event] = []
    duplicates = 0
    gap = False
    for event in events:
        key = _log_key(event.meeting_id)
        if log is not None and key != log:
            raise ReplicaError("conflict", f"event of log {key!r} offered to replica of {log!r}")
        if event.seq <= seq:
            row = conn.execute("SELECT hash FROM events WHERE seq = ?", (event.seq,)).fetchone()
            if row is not None and row[0] == event.hash and _hash_ok(event):
                duplicates += 1
                continue
            if row is not None and _hash_ok(event):
                raise LogForked(event.seq, f"seq {event.seq} is another event than the one held")
            raise ReplicaError("chain", f"seq {event.seq} differs from the one held")
        if event.seq > seq + 1:
            gap = True
            break
        if not _hash_ok(event):
            raise ReplicaError("chain", f"seq {event.seq} does not match its hash")
        if event.prev != head:
            raise LogForked(event.seq, f"seq {event.seq} does not link to the head held")
        conn.execute(
            f"INSERT INTO events ({_EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                event.seq,
                event.at,
                event.actor,
                event.name,
                canonical_json(event.data).decode("utf-8"),
                event.prev,
                event.hash,
            ),
        )
        log, seq, head = key, event.seq, event.hash
        applied.append(event)
    if applied:
        conn.execute("UPDATE cursor SET log = ?, seq = ?, hash = ? WHERE id = 1", (log, seq, head))
    return ApplyResult(tuple(applied), duplicates, gap)


def _introduced_ids(conn: sqlite3.Connection) -> Iterator[tuple[str, int]]:
    """(id, seq of the first event naming it) for every `*_id` value in the events' data."""
    seen: set[str] = set()
    for seq, data in conn.execute("SELECT seq, data FROM events ORDER BY seq"):
        body = json.loads(data)
        if not isinstance(body, dict):
            continue
        for key, value in body.items():
            if key.endswith("_id") and isinstance(value, str) and value not in seen:
                seen.add(value)
                yield value, seq


def _strings(value: Any) -> set[str]:
    """Every string inside a command's args (ids may sit in lists: an election's candidates)."""
    if isinstance(value, str):
        return {value}
    found: set[str] = set()
    if isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            found |= _strings(item)
    return found


def _local_error(command_id: str, message: str, reason: str, seq: int | None) -> dict[str, Any]:
    detail: dict[str, Any] = {"reason": reason, "local": True}
    if seq is not None:
        detail["seq"] = seq
    return {"type": "error", "id": command_id, "code": ROLLED_BACK, "message": message, "detail": detail}


def _hash_ok(event: Event) -> bool:
    try:
        return event.hash_ok()
    except ValueError:  # floats in data: no honest server sends them, canonical_json refuses them
        return False


def _settle(conn: sqlite3.Connection, command_id: str, answer: dict[str, Any]) -> None:
    conn.execute("DELETE FROM outbox WHERE command_id = ?", (command_id,))
    # The server repeats its original answer for a repeated id, so the first one kept is it.
    conn.execute(
        "INSERT OR IGNORE INTO answers (command_id, answer) VALUES (?, ?)",
        (command_id, json.dumps(answer, ensure_ascii=False)),
    )
