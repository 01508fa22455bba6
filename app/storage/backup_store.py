"""The room server's annotation backups: the latest sealed backup of each delegate, nothing else."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from app.storage.connection import open_database, write_transaction


@dataclass(frozen=True, slots=True)
class StoredBackup:
    """One delegate's latest backup: the sealed bytes as received and what the server knows of them."""

    meeting_id: str
    delegate_id: str
    sha256: str
    size: int
    updated_at: str
    body: bytes


class BackupStore:
    """Table `annotation_backups` keyed by (meeting_id, delegate_id); last writer wins.

    A file of its own (not room.db) on purpose: a backup of several MiB then never holds the
    event log's write lock, so a vote's commit on the event loop never waits behind one. Same
    settings as the log (WAL, synchronous=FULL): `put` returns only once the backup is durable.
    Safe to call from several threads (one connection behind a lock); the server calls it from
    an executor so neither a large read nor the fsync runs on the event loop.
    """

    def __init__(self, path: Path):
        self._db = open_database(path)
        self._conn = self._db.conn
        self._lock = threading.Lock()
        self._db.create_table(
            "annotation_backups",
            {
                "meeting_id": str,
                "delegate_id": str,
                "sha256": str,
                "size": int,
                "updated_at": str,
                "body": bytes,
            },
            pk=("meeting_id", "delegate_id"),
            not_null=("meeting_id", "delegate_id", "sha256", "size", "updated_at", "body"),
            if_not_exists=True,
            strict=True,
        )

    def put(self, meeting_id: str, delegate_id: str, body: bytes, updated_at: str) -> StoredBackup:
        """Replace the delegate's backup in one transaction; durable when this returns."""
        stored = StoredBackup(
            meeting_id, delegate_id, hashlib.sha256(body).hexdigest(), len(body), updated_at, bytes(body)
        )
        with write_transaction(self._conn, self._lock) as conn:
            conn.execute(
                "INSERT INTO annotation_backups (meeting_id, delegate_id, sha256, size, updated_at, body) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id, delegate_id) DO UPDATE SET "
                "sha256 = excluded.sha256, size = excluded.size, updated_at = excluded.updated_at, "
                "body = excluded.body",
                (meeting_id, delegate_id, stored.sha256, stored.size, updated_at, stored.body),
            )
        return stored

    def get(self, meeting_id: str, delegate_id: str) -> StoredBackup | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT sha256, size, updated_at, body FROM annotation_backups "
                "WHERE meeting_id = ? AND delegate_id = ?",
                (meeting_id, delegate_id),
            ).fetchone()
        if row is None:
            return None
        sha, size, updated_at, body = row
        return StoredBackup(meeting_id, delegate_id, str(sha), int(size), str(updated_at), bytes(body))

    def close(self) -> None:
        with self._lock:
            self._db.close()
