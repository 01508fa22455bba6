"""The seat's annotations in their own SQLite file: one transaction per change, a revision that grows."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Final

import msgspec

from app.annotations import Annotation, carry_over, parse_stamp, validated
from app.errors import DomainError
from app.storage.connection import open_database, write_transaction

log = logging.getLogger(__name__)

ANNOTATIONS_FILE: Final = "annotations.sqlite"
# A backup holding more than this is not one of ours: refuse it before decoding it.
MAX_IMPORT_BYTES: Final = 64 * 1024 * 1024
MAX_IMPORT_RECORDS: Final = 100_000
Records = Annotated[list[Annotation], msgspec.Meta(max_length=MAX_IMPORT_RECORDS)]

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(Annotation)
_records_decoder = msgspec.json.Decoder(Records)


class AnnotationStore:
    """One delegate's annotations, kept at the seat (`annotations.sqlite` in its data dir).

    Each row holds the annotation's msgspec JSON, with the columns it is looked up by beside it.
    `meta.revision` grows by one in the transaction of every change, so a backup can tell
    whether anything changed since it last ran. Listeners run after each committed change, on
    the calling thread. Safe to call from several threads: calls are serialised on one connection.
    """

    def __init__(self, path: Path):
        self._db = open_database(path)
        self._conn = self._db.conn
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []
        self._db.create_table(
            "annotations",
            {"annotation_id": str, "document_id": str, "updated_at": str, "body": bytes},
            pk="annotation_id",
            not_null=("document_id", "updated_at", "body"),
            if_not_exists=True,
            strict=True,
        )
        self._db.create_table("meta", {"id": int, "revision": int}, pk="id", not_null=("revision",),
                              if_not_exists=True, strict=True)
        self._db.execute("CREATE INDEX IF NOT EXISTS annotations_document ON annotations (document_id)")
        with write_transaction(self._conn, self._lock) as conn:
            conn.execute("INSERT OR IGNORE INTO meta (id, revision) VALUES (1, 0)")

    # -- reading -------------------------------------------------------------------------------

    def for_document(self, document_id: str) -> list[Annotation]:
        """The document's annotations, every version, by page then creation."""
        with self._lock:
            rows = self._conn.execute("SELECT body FROM annotations WHERE document_id = ?", (document_id,)).fetchall()
        found = [_decoder.decode(body) for (body,) in rows]
        return sorted(found, key=lambda a: (a.page, a.created_at, a.annotation_id))

    def all(self) -> list[Annotation]:
        """Every annotation, by document then id: the same store always lists the same way."""
        with self._lock:
            rows = self._conn.execute("SELECT body FROM annotations ORDER BY document_id, annotation_id").fetchall()
        return [_decoder.decode(body) for (body,) in rows]

    def get(self, annotation_id: str) -> Annotation | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT body FROM annotations WHERE annotation_id = ?", (annotation_id,)
            ).fetchone()
        return _decoder.decode(row[0]) if row is not None else None

    def is_empty(self) -> bool:
        with self._lock:
            return self._conn.execute("SELECT 1 FROM annotations LIMIT 1").fetchone() is None

    def revision(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT revision FROM meta WHERE id = 1").fetchone()[0])

    # -- changing ------------------------------------------------------------------------------

    def add(self, annotation: Annotation) -> None:
        """Stores a new annotation; DomainError "bad_annotation" or "conflict" (id taken)."""
        annotation = validated(annotation)
        with write_transaction(self._conn, self._lock) as conn:
            try:
                _insert(conn, annotation)
            except sqlite3.IntegrityError:
                raise DomainError("conflict", "Ghi chú này đã có.", {"annotation_id": annotation.annotation_id}) from None
            _bump(conn)
        self._changed()

    def replace(self, annotation: Annotation) -> None:
        """Stores a changed annotation over the one with its id; DomainError "not_found" if none."""
        annotation = validated(annotation)
        with write_transaction(self._conn, self._lock) as conn:
            cursor = conn.execute(
                "UPDATE annotations SET document_id = ?, updated_at = ?, body = ? WHERE annotation_id = ?",
                (annotation.document_id, annotation.updated_at, _encoder.encode(annotation), annotation.annotation_id),
            )
            if cursor.rowcount == 0:
                raise DomainError("not_found", "Không tìm thấy ghi chú này.", {"annotation_id": annotation.annotation_id})
            _bump(conn)
        self._changed()

    def remove(self, annotation_id: str) -> bool:
        """Deletes the annotation; False (and no change) when there was none."""
        with write_transaction(self._conn, self._lock) as conn:
            gone = conn.execute("DELETE FROM annotations WHERE annotation_id = ?", (annotation_id,)).rowcount > 0
            if gone:
                _bump(conn)
        if gone:
            self._changed()
        return gone

    def carry_over(self, document_id: str, new_version: int, new_page_count: int) -> int:
        """Moves the document's older annotations to `new_version`, dropping those on pages it
        no longer has, in one transaction; returns how many were dropped."""
        with write_transaction(self._conn, self._lock) as conn:
            rows = conn.execute("SELECT body FROM annotations WHERE document_id = ?", (document_id,)).fetchall()
            kept, dropped = carry_over((_decoder.decode(body) for (body,) in rows), new_version, new_page_count)
            for annotation in kept:
                conn.execute("UPDATE annotations SET body = ? WHERE annotation_id = ?",
                             (_encoder.encode(annotation), annotation.annotation_id))
            conn.executemany("DELETE FROM annotations WHERE annotation_id = ?", [(a.annotation_id,) for a in dropped])
            if kept or dropped:
                _bump(conn)
        if kept or dropped:
            self._changed()
        return len(dropped)

    # -- backup --------------------------------------------------------------------------------

    def export_records(self) -> bytes:
        """Every annotation as one msgspec JSON array, in the order of all()."""
        return _encoder.encode(self.all())

    def import_records(self, data: bytes) -> int:
        """Merges a backup: for each id the newer `updated_at` wins (a tie keeps what is here).

        Everything is checked before anything is written: bad data raises DomainError
        "bad_annotation" and changes nothing. Returns how many annotations were written.
        """
        records = _decode_records(data)
        written = 0
        with write_transaction(self._conn, self._lock) as conn:
            for annotation in records:
                row = conn.execute(
                    "SELECT updated_at FROM annotations WHERE annotation_id = ?", (annotation.annotation_id,)
                ).fetchone()
                if row is not None and parse_stamp(row[0]) >= parse_stamp(annotation.updated_at):
                    continue
                conn.execute("DELETE FROM annotations WHERE annotation_id = ?", (annotation.annotation_id,))
                _insert(conn, annotation)
                written += 1
            if written:
                _bump(conn)
        if written:
            self._changed()
        return written

    # -- listeners and lifetime ----------------------------------------------------------------

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _changed(self) -> None:
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:  # one broken listener must not keep the change from the others
                log.exception("annotation listener failed")


def _decode_records(data: bytes) -> list[Annotation]:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise DomainError("bad_annotation", "Bản sao lưu ghi chú không hợp lệ.", {"field": "data"})
    if len(data) > MAX_IMPORT_BYTES:
        raise DomainError("bad_annotation", "Bản sao lưu ghi chú quá lớn.", {"field": "data"})
    try:
        records = _records_decoder.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise DomainError(
            "bad_annotation", "Bản sao lưu ghi chú không hợp lệ.", {"field": "data", "reason": str(exc)}
        ) from None
    checked = [validated(a) for a in records]
    ids = [a.annotation_id for a in checked]
    if len(set(ids)) != len(ids):
        raise DomainError("bad_annotation", "Bản sao lưu ghi chú có hai mục trùng mã.", {"field": "annotation_id"})
    return checked


def _insert(conn: sqlite3.Connection, annotation: Annotation) -> None:
    conn.execute(
        "INSERT INTO annotations (annotation_id, document_id, updated_at, body) VALUES (?, ?, ?, ?)",
        (annotation.annotation_id, annotation.document_id, annotation.updated_at, _encoder.encode(annotation)),
    )


def _bump(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE meta SET revision = revision + 1 WHERE id = 1")
