"""The room server's durable state: every log's events, remembered answers and settings."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.ballots import CastRecord
from app.canonical import ZERO_HASH, canonical_json
from app.events import Event
from app.model import BallotBox
from app.storage import ballot_store
from app.storage.connection import open_database, write_transaction
from app.storage.errors import StorageError

# The server's own log has meeting_id None; SQL keys it as "" so (log, seq) can be a primary key.
SERVER_LOG = ""

_EVENT_COLUMNS = "log, seq, at, actor, name, data, prev, hash"


def log_key(meeting_id: str | None) -> str:
    return SERVER_LOG if meeting_id is None else meeting_id


def _meeting_id(log: str) -> str | None:
    return None if log == SERVER_LOG else log


class ServerStore:
    """One SQLite file holding all logs (`events`), command answers (`answers`) and `meta`.

    Safe to call from several threads. Writes go through one connection; reads through a
    second one, so under WAL a lookup on the event loop never waits for a commit's fsync.
    """

    def __init__(self, path: Path):
        self._db = open_database(path)
        self._conn = self._db.conn
        self._lock = threading.Lock()
        self._db.create_table(
            "events",
            {
                "log": str,
                "seq": int,
                "at": str,
                "actor": str,
                "name": str,
                "data": str,
                "prev": str,
                "hash": str,
            },
            pk=("log", "seq"),
            not_null=("log", "seq", "at", "name", "data", "prev", "hash"),
            if_not_exists=True,
            strict=True,
        )
        self._db.create_table(
            "answers",
            {"device_id": str, "command_id": str, "answer": str},
            pk=("device_id", "command_id"),
            not_null=("device_id", "command_id", "answer"),
            if_not_exists=True,
            strict=True,
        )
        self._db.create_table("meta", {"key": str, "value": str}, pk="key", if_not_exists=True, strict=True)
        ballot_store.create_tables(self._conn)
        self._reader = open_database(path)
        self._read_conn = self._reader.conn
        self._read_lock = threading.Lock()

    def commit(
        self,
        events: Sequence[Event],
        answers: Sequence[tuple[str, str, dict[str, Any]]],
        ballots: Sequence[tuple[str, CastRecord]] = (),
    ) -> None:
        """Write a burst of decided events and answers in one transaction (one fsync), or nothing.

        Raises StorageError "chain" if the events do not continue their logs' heads (a seq
        taken twice, a gap, a wrong prev), "conflict" if a (device_id, command_id) already
        has an answer.
        """
        if not events and not answers:
            return
        event_rows = [
            (
                log_key(e.meeting_id),
                e.seq,
                e.at,
                e.actor,
                e.name,
                canonical_json(e.data).decode("utf-8"),
                e.prev,
                e.hash,
            )
            for e in events
        ]
        answer_rows = [
            (device_id, command_id, json.dumps(answer, ensure_ascii=False))
            for device_id, command_id, answer in answers
        ]
        with write_transaction(self._conn, self._lock) as conn:
            self._check_continues_heads(conn, events)
            try:
                conn.executemany(
                    f"INSERT INTO events ({_EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    event_rows,
                )
            except sqlite3.IntegrityError as exc:
                raise StorageError("chain", f"seq already taken: {exc}") from exc
            try:
                conn.executemany(
                    "INSERT INTO answers (device_id, command_id, answer) VALUES (?, ?, ?)",
                    answer_rows,
                )
            except sqlite3.IntegrityError as exc:
                raise StorageError("conflict", f"command already answered: {exc}") from exc
            try:
                ballot_store.write(conn, ballots)
            except sqlite3.IntegrityError as exc:
                raise StorageError("conflict", f"ballot already kept: {exc}") from exc

    @staticmethod
    def _check_continues_heads(conn: sqlite3.Connection, events: Sequence[Event]) -> None:
        # Checked inside the write transaction so no other writer can move a head meanwhile;
        # the log on disk then never holds a broken link, whatever the caller got wrong.
        heads: dict[str, tuple[int, str]] = {}
        for event in events:
            log = log_key(event.meeting_id)
            if log not in heads:
                row = conn.execute(
                    "SELECT seq, hash FROM events WHERE log = ? ORDER BY seq DESC LIMIT 1", (log,)
                ).fetchone()
                heads[log] = (row[0], row[1]) if row else (0, ZERO_HASH)
            seq, head = heads[log]
            if event.seq != seq + 1 or event.prev != head:
                raise StorageError(
                    "chain", f"log {log!r} is at seq {seq}: event seq {event.seq} does not follow"
                )
            heads[log] = (event.seq, event.hash)

    def events_after(self, meeting_id: str | None, after_seq: int, limit: int | None = None) -> list[Event]:
        """Events of one log with seq > after_seq, in seq order, at most `limit` of them."""
        with self._read_lock:
            rows = self._read_conn.execute(
                f"SELECT {_EVENT_COLUMNS} FROM events WHERE log = ? AND seq > ? ORDER BY seq LIMIT ?",
                (log_key(meeting_id), after_seq, -1 if limit is None else limit),
            ).fetchall()
        return [_event(row) for row in rows]

    def heads(self) -> dict[str | None, tuple[int, str]]:
        """The last (seq, hash) of every log."""
        with self._lock:
            # SQLite returns the bare column `hash` from the row that holds MAX(seq).
            rows = self._conn.execute("SELECT log, MAX(seq), hash FROM events GROUP BY log").fetchall()
        return {_meeting_id(log): (seq, digest) for log, seq, digest in rows}

    def logs(self) -> list[str | None]:
        """Every log holding at least one event; the server's own log (None) first."""
        with self._lock:
            rows = self._conn.execute("SELECT DISTINCT log FROM events ORDER BY log").fetchall()
        return [_meeting_id(log) for (log,) in rows]

    def answer(self, device_id: str, command_id: str) -> dict[str, Any] | None:
        """The answer remembered for a device's command id, to send again on a repeat."""
        with self._read_lock:
            row = self._read_conn.execute(
                "SELECT answer FROM answers WHERE device_id = ? AND command_id = ?",
                (device_id, command_id),
            ).fetchone()
        return None if row is None else _json_object(row[0])

    def ballot_boxes(self, meeting_id: str, vote_ids: Sequence[str]) -> dict[str, BallotBox]:
        with self._read_lock:
            return ballot_store.boxes(self._read_conn, meeting_id, vote_ids)

    def open_ballots(self, meeting_id: str) -> list[dict[str, str]]:
        with self._read_lock:
            return ballot_store.open_ballots(self._read_conn, meeting_id)

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with write_transaction(self._conn, self._lock) as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def close(self) -> None:
        with self._read_lock:
            self._reader.close()
        with self._lock:
            self._db.close()


def _event(row: tuple[Any, ...]) -> Event:
    log, seq, at, actor, name, data, prev, digest = row
    return Event(_meeting_id(log), seq, at, actor, name, _json_object(data), prev, digest)


def _json_object(text: str) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(text)
    return value
