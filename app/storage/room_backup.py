"""Online backup of the room server's data dir while the room runs, and its restore elsewhere.

`backup(data_dir, out)` copies each SQLite file with SQLite's backup API (one consistent
snapshot each, in steps that leave the live server's disk room to commit), every blob, the room
key and TLS certificate, and writes `manifest.json` (size and SHA-256 of every file, each log's
head) last. `out` is a folder, or one uncompressed file when it ends with `.tar`. Everything is
written under a hidden `.NAME.partial-…` name and renamed into place once whole: an interrupted
backup never looks complete. `restore(backup, data_dir)` refuses a data dir that holds
anything, checks every file's SHA-256, every blob's name, every log's hash chain and heads as
it writes them into a hidden staging folder, and renames that into place only when all agree.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tarfile
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.clock import Clock, SystemClock, iso
from app.keys import RoomKey
from app.storage.room_backup_check import (
    FORMAT,
    MANIFEST,
    PLAIN_FILES,
    REQUIRED,
    SQLITE_FILES,
    BackupError,
    FileEntry,
    LogHead,
    Manifest,
    blob_name,
    cert_fingerprint,
    snapshot_sqlite,
    verified_heads,
)
from app.storage.room_backup_io import (
    FolderSink,
    Sink,
    Source,
    TarSink,
    fsync_dir,
    fsync_tree,
    open_source,
    write_new,
)

__all__ = ["BackupError", "BackupSummary", "LogHead", "Manifest", "RestoreSummary", "backup", "restore"]

# A pause after every MiB copied (SQLite pages and blobs): a few ms let the room's group
# commit have the disk to itself; a backup of 1 GiB of documents takes ~5 s longer for it.
DEFAULT_PAUSE_S = 0.005
_HEX2 = re.compile(r"[0-9a-f]{2}")
_HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class BackupSummary:
    """A finished backup. Attributes: path, manifest, reused_blobs (hard-linked from the
    previous backup at the same folder instead of copied again)."""

    path: Path
    manifest: Manifest
    reused_blobs: int = 0


@dataclass(frozen=True, slots=True)
class RestoreSummary:
    """A finished restore. Attributes: data_dir, manifest (what was restored)."""

    data_dir: Path
    manifest: Manifest


def backup(
    data_dir: Path, out: Path, *, pause_s: float = DEFAULT_PAUSE_S, clock: Clock | None = None
) -> BackupSummary:
    """A consistent copy of a room server's data dir, taken while the server runs."""
    data_dir, out = Path(data_dir), Path(out)
    _check_room(data_dir)
    as_tar = out.name.lower().endswith(".tar")
    previous = _previous_backup(out, as_tar)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        sink: Sink = TarSink(out) if as_tar else FolderSink(out)
    except OSError as exc:
        raise BackupError("write_failed", f"Không tạo được bản sao lưu tại {out}: {exc}.", str(out)) from exc
    try:
        manifest, reused = _write_backup(data_dir, sink, previous, pause_s, clock or SystemClock())
    except BaseException as exc:
        sink.abort()
        if isinstance(exc, OSError):
            raise BackupError("write_failed", f"Không ghi được bản sao lưu {out}: {exc}.", str(out)) from exc
        raise
    return BackupSummary(out, manifest, reused)


def _write_backup(
    data_dir: Path, sink: Sink, previous: Path | None, pause_s: float, clock: Clock
) -> tuple[Manifest, int]:
    files: dict[str, FileEntry] = {}
    heads: tuple[LogHead, ...] = ()
    # room.db first: a document's blob is on disk before the event naming it is committed, so
    # every blob the snapshot names is already there when the blobs are listed below.
    for name in SQLITE_FILES:
        if (data_dir / name).is_file():
            snapshot_sqlite(data_dir / name, sink.scratch(name), pause_s)
            if name == "room.db":
                heads = verified_heads(sink.scratch(name), "source_corrupt")
            files[name] = sink.add_scratch(name)
    for name in PLAIN_FILES:
        if (data_dir / name).is_file():
            files[name] = sink.add_file(name, data_dir / name, 0)
    fingerprint, room_key = _identity(data_dir)
    reused = 0
    for sha, path in _blobs(data_dir / "blobs"):
        name = blob_name(sha)
        if previous is not None and sink.reuse(name, previous / name, sha, pause_s):
            files[name] = FileEntry((previous / name).stat().st_size, sha)
            reused += 1
            continue
        entry = sink.add_file(name, path, pause_s)
        if entry.sha256 != sha:
            raise BackupError(
                "source_corrupt",
                f"Tệp tài liệu mã hóa {name} trên máy chủ không khớp mã băm ở tên của nó (hỏng trên đĩa).",
                name,
            )
        files[name] = entry
        time.sleep(pause_s)  # blobs under a MiB never reach the reader's own pause
    manifest = Manifest(iso(clock.now()), fingerprint, room_key, files, heads)
    sink.add_bytes(MANIFEST, manifest.to_json())
    sink.commit()
    return manifest, reused


def _check_room(data_dir: Path) -> None:
    if not data_dir.is_dir():
        raise BackupError("not_found", f"Không có thư mục dữ liệu {data_dir}.", str(data_dir))
    missing = [name for name in REQUIRED if not (data_dir / name).is_file()]
    if missing:
        raise BackupError(
            "not_found",
            f"{data_dir} không phải thư mục dữ liệu của máy chủ phòng họp (thiếu {', '.join(missing)}).",
            missing[0],
        )


def _identity(data_dir: Path) -> tuple[str, str]:
    """The TLS fingerprint every device pins, and the room key's public half."""
    try:
        fingerprint = cert_fingerprint((data_dir / "tls/cert.pem").read_bytes())
    except (OSError, ValueError) as exc:
        raise BackupError("source_corrupt", f"Không đọc được chứng chỉ TLS tls/cert.pem: {exc}.", "tls/cert.pem") from exc
    try:
        room_key = RoomKey.load_or_create(data_dir / "room_key.pem").public_b64
    except (OSError, ValueError) as exc:
        raise BackupError("source_corrupt", f"Không đọc được khóa phòng họp room_key.pem: {exc}.", "room_key.pem") from exc
    return fingerprint, room_key


def _blobs(root: Path) -> Iterator[tuple[str, Path]]:
    """Stored blobs (root/ab/abcd…) in name order; uploads still in progress (.upload-*) are not blobs."""
    if not root.is_dir():
        return
    try:
        folders = sorted(
            (e for e in os.scandir(root) if e.is_dir(follow_symlinks=False) and _HEX2.fullmatch(e.name)),
            key=lambda e: e.name,
        )
        for folder in folders:
            for entry in sorted(os.scandir(folder.path), key=lambda e: e.name):
                if entry.is_file(follow_symlinks=False) and _HEX64.fullmatch(entry.name) and entry.name.startswith(folder.name):
                    yield entry.name, Path(entry.path)
    except OSError as exc:
        raise BackupError("read_failed", f"Không đọc được thư mục blobs: {exc}.", "blobs") from exc


def _previous_backup(out: Path, as_tar: bool) -> Path | None:
    """Refuses to overwrite anything but an earlier backup; returns a previous backup folder
    whose blobs the new one may reuse."""
    if not out.exists() and not out.is_symlink():
        return None
    refused = BackupError(
        "output_exists", f"{out} đã có và không phải một bản sao lưu phòng họp; chọn đường dẫn khác.", str(out)
    )
    if as_tar:
        if out.is_file() and not out.is_symlink() and _is_backup_tar(out):
            return None  # replaced whole by os.replace at the end
        raise refused
    if not out.is_dir() or out.is_symlink():
        raise refused
    if not any(out.iterdir()):
        return None
    if _is_backup_manifest((out / MANIFEST).read_bytes() if (out / MANIFEST).is_file() else b""):
        return out
    raise refused


def _is_backup_manifest(data: bytes) -> bool:
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(body, dict) and body.get("format") == FORMAT


def _is_backup_tar(path: Path) -> bool:
    try:
        with tarfile.open(path, mode="r:") as tar:
            fh = tar.extractfile(MANIFEST)
            return fh is not None and _is_backup_manifest(fh.read())
    except (KeyError, tarfile.TarError, OSError):
        return False


def restore(source: Path, data_dir: Path) -> RestoreSummary:
    """Writes a verified backup into an empty or new data dir; nothing lands there unless all of it checks out."""
    source, data_dir = Path(source), Path(data_dir)
    _check_empty(data_dir)
    src = open_source(source)
    try:
        manifest = Manifest.from_json(src.manifest())
        try:
            data_dir.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(dir=data_dir.parent, prefix=f".{data_dir.name}.restore-"))
        except OSError as exc:
            raise BackupError("write_failed", f"Không ghi được vào {data_dir.parent}: {exc}.", str(data_dir)) from exc
        try:
            # The log, keys and certificate first, checked before gigabytes of blobs are copied.
            blobs = manifest.blobs()
            for name in sorted(set(manifest.files) - set(blobs)):
                _restore_file(src, staging, name, manifest.files[name])
            _check_restored(staging, manifest)
            for name in sorted(blobs):
                _restore_file(src, staging, name, manifest.files[name])
            fsync_tree(staging)
            _check_empty(data_dir)
            _move_into_place(staging, data_dir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    finally:
        src.close()
    return RestoreSummary(data_dir, manifest)


def _restore_file(src: Source, staging: Path, name: str, expected: FileEntry) -> None:
    with src.open(name) as fh:
        got = write_new(staging / name, fh, 0, name)
    if got != expected:
        raise BackupError(
            "backup_corrupt", f"Tệp {name} của bản sao lưu không khớp manifest (hỏng hoặc đã bị sửa).", name
        )


def _check_restored(staging: Path, manifest: Manifest) -> None:
    heads = verified_heads(staging / "room.db", "backup_corrupt")
    if heads != manifest.logs:
        raise BackupError("backup_corrupt", "room.db: đầu các nhật ký không khớp manifest.", "room.db")
    try:
        fingerprint = cert_fingerprint((staging / "tls/cert.pem").read_bytes())
    except ValueError:
        fingerprint = ""
    if fingerprint != manifest.fingerprint:
        raise BackupError("backup_corrupt", "tls/cert.pem không phải chứng chỉ mà manifest ghi.", "tls/cert.pem")
    try:
        room_key = RoomKey.load_or_create(staging / "room_key.pem").public_b64
    except ValueError:
        room_key = ""
    if room_key != manifest.room_key:
        raise BackupError("backup_corrupt", "room_key.pem không phải khóa phòng họp mà manifest ghi.", "room_key.pem")


def _check_empty(data_dir: Path) -> None:
    if not data_dir.exists() and not data_dir.is_symlink():
        return
    if not data_dir.is_dir() or any(data_dir.iterdir()):
        raise BackupError(
            "not_empty",
            f"{data_dir} đã có dữ liệu; chỉ khôi phục vào thư mục trống hoặc chưa có, "
            "để không ghi đè một phòng họp khác.",
            str(data_dir),
        )


def _move_into_place(staging: Path, data_dir: Path) -> None:
    try:
        try:
            os.rename(staging, data_dir)  # POSIX replaces an empty folder in one step
        except OSError:
            if not data_dir.is_dir():
                raise
            for entry in sorted(staging.iterdir()):  # a mount point, or Windows
                os.replace(entry, data_dir / entry.name)
            staging.rmdir()
        fsync_dir(data_dir.parent)
    except OSError as exc:
        raise BackupError("write_failed", f"Không ghi được vào {data_dir}: {exc}.", str(data_dir)) from exc
