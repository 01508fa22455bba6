"""What a room backup holds and promises: its manifest, the SQLite snapshots, and their checks."""

from __future__ import annotations

import base64
import binascii
import hashlib
import itertools
import json
import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.canonical import canonical_json
from app.events import ChainError, Event, verify_chain

FORMAT = "phonghop-room-backup"
VERSION = 1
MANIFEST = "manifest.json"
# SQLite files copied with the backup API (a consistent snapshot each), in this order: room.db
# first, so every blob its documents name was already on disk when the blobs are listed.
SQLITE_FILES = ("room.db", "backups.db")
# Plain files of the data dir: written once (keys, certificate) or atomically (seat cards).
PLAIN_FILES = ("room_key.pem", "tls/cert.pem", "tls/key.pem", "enrollment.json")
REQUIRED = ("room.db", "room_key.pem", "tls/cert.pem", "tls/key.pem")
BLOB_PATH = re.compile(r"blobs/([0-9a-f]{2})/([0-9a-f]{64})")
_HEX64 = re.compile(r"[0-9a-f]{64}")
# 256 pages of 4 KiB: about 1 MiB per backup step, then a pause for the live server's disk.
STEP_PAGES = 256
_PEM_CERT = re.compile(rb"-----BEGIN CERTIFICATE-----(.+?)-----END CERTIFICATE-----", re.DOTALL)


class BackupError(Exception):
    """A backup or restore refused: a stable code, a Vietnamese message, the file concerned.

    Codes: not_found, output_exists, not_empty, backup_incomplete, backup_corrupt,
    unsupported_version, source_corrupt, read_failed, write_failed.
    """

    def __init__(self, code: str, message: str, path: str | None = None):
        self.code = code
        self.message = message
        self.path = path
        super().__init__(f"{code}: {message}")


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One file of a backup: its size in bytes and the SHA-256 of its content (hex)."""

    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class LogHead:
    """The last event of one log in room.db (log None: the server's own log)."""

    log: str | None
    seq: int
    hash: str

    def label(self) -> str:
        return "nhật ký máy chủ" if self.log is None else f"nhật ký kỳ họp {self.log}"


@dataclass(frozen=True, slots=True)
class Manifest:
    """manifest.json: every file with size and SHA-256, every log's head, who the room is.

    Attributes: created_at (ISO-8601 UTC), fingerprint (SHA-256 of the TLS certificate's DER,
    what every device pins), room_key (the room's Ed25519 public key, base64), files (relative
    path -> FileEntry; blobs are `blobs/ab/<sha256>`), logs (heads, server log first).
    """

    created_at: str
    fingerprint: str
    room_key: str
    files: dict[str, FileEntry]
    logs: tuple[LogHead, ...]

    def blobs(self) -> list[str]:
        return [name for name in self.files if BLOB_PATH.fullmatch(name)]

    def to_json(self) -> bytes:
        body = self._body()
        # The manifest seals itself: a flipped byte anywhere in it is named as the manifest's fault.
        body["manifest_sha256"] = hashlib.sha256(canonical_json(body)).hexdigest()
        return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8") + b"\n"

    def _body(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "created_at": self.created_at,
            "fingerprint": self.fingerprint,
            "room_key": self.room_key,
            "files": {name: {"size": e.size, "sha256": e.sha256} for name, e in sorted(self.files.items())},
            "logs": [{"log": h.log, "head_seq": h.seq, "head_hash": h.hash} for h in self.logs],
        }

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """The manifest if it is whole and well formed; BackupError naming manifest.json if not."""
        try:
            body = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise _bad_manifest("không đọc được (không phải JSON)") from None
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise _bad_manifest("không phải manifest của bản sao lưu PhòngHọp")
        if body.get("version") != VERSION:
            raise BackupError(
                "unsupported_version",
                f"Bản sao lưu có phiên bản định dạng {body.get('version')!r}; phiên bản này chỉ đọc được {VERSION}.",
                MANIFEST,
            )
        sealed = body.pop("manifest_sha256", None)
        try:
            digest = hashlib.sha256(canonical_json(body)).hexdigest()
        except ValueError:
            raise _bad_manifest("chứa giá trị không hợp lệ") from None
        if sealed != digest:
            raise _bad_manifest("đã bị sửa hoặc hỏng (mã băm của manifest không khớp)")
        try:
            manifest = cls(
                created_at=_text(body["created_at"]),
                fingerprint=_hex64(body["fingerprint"]),
                room_key=_text(body["room_key"]),
                files={_path(name): _entry(name, value) for name, value in body["files"].items()},
                logs=tuple(_head(value) for value in body["logs"]),
            )
        except (KeyError, TypeError, AttributeError, ValueError):
            raise _bad_manifest("thiếu mục hoặc có mục sai kiểu") from None
        missing = [name for name in REQUIRED if name not in manifest.files]
        if missing:
            raise _bad_manifest(f"không liệt kê {', '.join(missing)}")
        return manifest


def _bad_manifest(why: str) -> BackupError:
    return BackupError("backup_corrupt", f"Tệp {MANIFEST} của bản sao lưu {why}.", MANIFEST)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("text expected")
    return value


def _hex64(value: Any) -> str:
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise ValueError("64 hex digits expected")
    return value


def _path(name: str) -> str:
    """Only the names a data dir holds: nothing else is ever written on restore (no '..')."""
    blob = BLOB_PATH.fullmatch(name)
    if name in SQLITE_FILES or name in PLAIN_FILES or (blob and blob.group(2).startswith(blob.group(1))):
        return name
    raise ValueError(f"unexpected path {name!r}")


def _entry(name: str, value: Any) -> FileEntry:
    size, sha = value["size"], _hex64(value["sha256"])
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ValueError("size")
    blob = BLOB_PATH.fullmatch(name)
    if blob and (blob.group(2) != sha or not sha.startswith(blob.group(1))):
        raise ValueError("a blob's name is its SHA-256")
    return FileEntry(size, sha)


def _head(value: Any) -> LogHead:
    log, seq = value["log"], value["head_seq"]
    if (log is not None and not isinstance(log, str)) or not isinstance(seq, int) or isinstance(seq, bool):
        raise TypeError("log head")
    return LogHead(log, seq, _hex64(value["head_hash"]))


def blob_name(sha: str) -> str:
    return f"blobs/{sha[:2]}/{sha}"


def cert_fingerprint(pem: bytes) -> str:
    """SHA-256 of the certificate's DER bytes, as sync/tls.py computes what clients pin."""
    found = _PEM_CERT.search(pem)
    if found is None:
        raise ValueError("no PEM certificate")
    try:
        der = base64.b64decode(b"".join(found.group(1).split()), validate=True)
    except binascii.Error as exc:
        raise ValueError("bad PEM certificate") from exc
    return hashlib.sha256(der).hexdigest()


def snapshot_sqlite(source: Path, target: Path, pause_s: float) -> None:
    """A consistent copy of a live SQLite file (WAL), made in ~1 MiB steps with pauses between.

    The source connection holds one read transaction for the whole copy: under WAL it never
    blocks the server's writer, and every step reads the same snapshot. Without it, each commit
    of the live server between two steps would restart the copy, and a busy room would starve
    it. The copy is switched to a rollback journal: one self-contained file.
    """
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read snapshot starts here
    except sqlite3.Error as exc:
        raise BackupError("read_failed", f"Không đọc được {source.name}: {exc}.", source.name) from exc
    try:
        dst = sqlite3.connect(str(target), isolation_level=None)
        try:
            src.backup(dst, pages=STEP_PAGES, progress=lambda _status, _left, _total: time.sleep(pause_s))
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise BackupError("write_failed", f"Không sao chép được {source.name}: {exc}.", source.name) from exc
    finally:
        src.close()


def verified_heads(db: Path, code: str) -> tuple[LogHead, ...]:
    """Every log's head in a room.db copy, after checking each whole hash chain.

    `code` is what a broken chain is called: source_corrupt when backing up, backup_corrupt
    when restoring. The file is opened immutable: reading it writes nothing beside it.
    """
    heads: list[LogHead] = []
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(code, f"Không mở được room.db: {exc}.", "room.db") from exc
    try:
        rows = conn.execute(
            "SELECT log, seq, at, actor, name, data, prev, hash FROM events ORDER BY log, seq"
        )
        for log, group in itertools.groupby(rows, key=lambda row: row[0]):
            meeting_id = None if log == "" else str(log)
            last = [0]
            try:
                digest = verify_chain(_events(meeting_id, group, last))
            except (ChainError, ValueError) as exc:
                seq, reason = (exc.seq, exc.reason) if isinstance(exc, ChainError) else (last[0], str(exc))
                label = LogHead(meeting_id, 0, "").label()
                raise BackupError(code, f"room.db: {label} hỏng ở sự kiện #{seq} ({reason}).", "room.db") from exc
            heads.append(LogHead(meeting_id, last[0], digest))
    except sqlite3.Error as exc:
        raise BackupError(code, f"Không đọc được nhật ký trong room.db: {exc}.", "room.db") from exc
    finally:
        conn.close()
    return tuple(heads)


def _events(meeting_id: str | None, rows: Iterator[Any], last: list[int]) -> Iterator[Event]:
    """Events from rows, noting in last[0] the seq of the latest one given out."""
    for _log, seq, at, actor, name, data, prev, digest in rows:
        try:
            value = json.loads(data)
        except ValueError:
            raise ChainError(seq, "data is not JSON") from None
        if not isinstance(value, dict):
            raise ChainError(seq, "data is not an object")
        last[0] = seq
        yield Event(meeting_id, seq, at, actor, name, value, prev, digest)
