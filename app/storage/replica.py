"""A client's local replica of one log: its events, cursor, outbox and the answers it got."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.canonical import ZERO_HASH, canonical_json
from app.events import Event
from app.storage.connection import open_database, write_transaction
from app.storage.errors import ReplicaError

_EVENT_COLUMNS = "seq, at, actor, name, data, prev, hash"


@dataclass(frozen=True, slots=True)
class ApplyResult:
    """What one delivery changed: events newly stored, duplicates skipped, and whether a gap
    stopped it (the caller should ask the server for what follows its cursor)."""

    applied: tuple[Event, ...]
    duplicates: int
    gap: bool


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

    Safe to call from several threads: calls are serialised on one connection.
    """

    def __init__(self, path: Path):
        self._db = open_database(path)
        self._conn = self._db.conn
        self._lock = threading.Lock()
        db = self._db
        db.create_table("identity", {"key": str, "value": str}, pk="key", if_not_exists=True, strict=True)
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
            if row is None or row[0] != event.hash or not _hash_ok(event):
                raise ReplicaError("chain", f"seq {event.seq} differs from the one held")
            duplicates += 1
            continue
        if event.seq > seq + 1:
            gap = True
            break
        if event.prev != head or not _hash_ok(event):
            raise ReplicaError("chain", f"seq {event.seq} does not link to the head or its hash")
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
