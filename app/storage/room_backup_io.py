"""Where a room backup is written and read: a folder or one .tar file, whole or not at all."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import secrets
import shutil
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol

from app.storage.room_backup_check import MANIFEST, BackupError, FileEntry

CHUNK = 1 << 20
MAX_MANIFEST = 64 * 1024 * 1024  # ~150 bytes a blob: room for hundreds of thousands of documents


def _pause(pause_s: float) -> None:
    if pause_s > 0:
        time.sleep(pause_s)


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


class _HashingReader:
    """A file read through: hashes and counts what passes, pausing after every MiB."""

    def __init__(self, source: IO[bytes], pause_s: float, name: str):
        self._source = source
        self._pause_s = pause_s
        self._name = name
        self._digest = hashlib.sha256()
        self._since_pause = 0
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        try:
            chunk = self._source.read(n)
        except (OSError, tarfile.TarError) as exc:
            raise BackupError("read_failed", f"Không đọc được {self._name}: {exc}.", self._name) from exc
        self._digest.update(chunk)
        self.size += len(chunk)
        self._since_pause += len(chunk)
        if self._since_pause >= CHUNK:
            self._since_pause = 0
            _pause(self._pause_s)
        return chunk

    def entry(self) -> FileEntry:
        return FileEntry(self.size, self._digest.hexdigest())


def hash_file(path: Path, pause_s: float, name: str) -> FileEntry:
    try:
        with open(path, "rb") as fh:
            reader = _HashingReader(fh, pause_s, name)
            while reader.read(CHUNK):
                pass
    except OSError as exc:
        raise BackupError("read_failed", f"Không đọc được {name}: {_why(exc)}.", name) from exc
    return reader.entry()


def write_new(path: Path, source: IO[bytes], pause_s: float, name: str) -> FileEntry:
    """A new private file (0600) with what `source` gives, hashed as written, on disk on return."""
    reader = _HashingReader(source, pause_s, name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as out:
            while chunk := reader.read(CHUNK):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        raise BackupError("write_failed", f"Không ghi được {path}: {_why(exc)}.", name) from exc
    return reader.entry()


def fsync_dir(folder: Path) -> None:
    """Makes the names in a folder durable (POSIX; Windows has no directory fsync)."""
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def fsync_tree(root: Path) -> None:
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        fsync_dir(folder)


class Sink(Protocol):
    def scratch(self, name: str) -> Path: ...
    def add_scratch(self, name: str) -> FileEntry: ...
    def add_file(self, name: str, source: Path, pause_s: float) -> FileEntry: ...
    def reuse(self, name: str, previous: Path, sha: str, pause_s: float) -> bool: ...
    def add_bytes(self, name: str, data: bytes) -> FileEntry: ...
    def commit(self) -> None: ...
    def abort(self) -> None: ...


class FolderSink:
    """Writes into a hidden `.NAME.partial-…` folder beside `out`, renamed to `out` at the end.

    A folder already at `out` (a previous backup) stays whole until the new one is complete;
    its blobs are hard-linked into the new one when they still hash to their names.
    """

    def __init__(self, out: Path):
        self.out = out
        self.root = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.partial-"))

    def scratch(self, name: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path

    def add_scratch(self, name: str) -> FileEntry:
        path = self.root / name
        entry = hash_file(path, 0, name)
        try:
            os.chmod(path, 0o600)
            with open(path, "rb+") as fh:
                os.fsync(fh.fileno())
        except OSError as exc:
            raise BackupError("write_failed", f"Không ghi được {path}: {_why(exc)}.", name) from exc
        return entry

    def add_file(self, name: str, source: Path, pause_s: float) -> FileEntry:
        with _open_source(source, name) as fh:
            return write_new(self.root / name, fh, pause_s, name)

    def reuse(self, name: str, previous: Path, sha: str, pause_s: float) -> bool:
        if not previous.is_file():
            return False
        try:
            if hash_file(previous, pause_s, name).sha256 != sha:
                return False  # damaged in the old backup: copied afresh from the server
        except BackupError:
            return False
        target = self.scratch(name)
        try:
            os.link(previous, target)
        except OSError:  # a file system without hard links (FAT on a USB stick)
            with _open_source(previous, name) as fh:
                write_new(target, fh, pause_s, name)
        return True

    def add_bytes(self, name: str, data: bytes) -> FileEntry:
        return write_new(self.root / name, io.BytesIO(data), 0, name)

    def commit(self) -> None:
        fsync_tree(self.root)
        if self.out.exists():
            old = self.out.parent / f".{self.out.name}.old-{secrets.token_hex(4)}"
            os.rename(self.out, old)
            try:
                os.rename(self.root, self.out)
            except OSError:
                os.rename(old, self.out)  # the previous backup stays where it was
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(self.root, self.out)
        fsync_dir(self.out.parent)

    def abort(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class TarSink:
    """Writes one uncompressed tar (`.NAME.partial-….tar` beside `out`), renamed at the end.

    Blobs are already ciphertext: compressing them gains nothing. manifest.json is the last
    member, so a tar cut short has none and is never taken for a whole backup.
    """

    def __init__(self, out: Path):
        self.out = out
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.partial-", suffix=".tar")
        self.path = Path(tmp)
        self._file = os.fdopen(fd, "wb")
        self._tar = tarfile.open(fileobj=self._file, mode="w", format=tarfile.PAX_FORMAT)  # noqa: SIM115 - lives until commit/abort
        self._scratch = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.partial-"))
        self._mtime = int(time.time())

    def scratch(self, name: str) -> Path:
        return self._scratch / name.replace("/", "_")

    def add_scratch(self, name: str) -> FileEntry:
        path = self.scratch(name)
        entry = self.add_file(name, path, 0)
        path.unlink()
        return entry

    def add_file(self, name: str, source: Path, pause_s: float) -> FileEntry:
        with _open_source(source, name) as fh:
            return self._add(name, fh, os.fstat(fh.fileno()).st_size, pause_s)

    def _add(self, name: str, source: IO[bytes], size: int, pause_s: float) -> FileEntry:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o600, self._mtime
        reader = _HashingReader(source, pause_s, name)
        try:
            self._tar.addfile(info, reader)  # reads exactly info.size bytes
        except OSError as exc:
            if reader.size < size:
                raise BackupError("read_failed", f"{name} ngắn đi trong khi sao lưu.", name) from exc
            raise BackupError("write_failed", f"Không ghi được {self.path}: {_why(exc)}.", name) from exc
        return reader.entry()

    def reuse(self, name: str, previous: Path, sha: str, pause_s: float) -> bool:
        return False

    def add_bytes(self, name: str, data: bytes) -> FileEntry:
        return self._add(name, io.BytesIO(data), len(data), 0)

    def commit(self) -> None:
        self._tar.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self.path, self.out)
        fsync_dir(self.out.parent)
        shutil.rmtree(self._scratch, ignore_errors=True)

    def abort(self) -> None:
        with contextlib.suppress(OSError, tarfile.TarError):
            self._tar.close()
        with contextlib.suppress(OSError):
            self._file.close()
        self.path.unlink(missing_ok=True)
        shutil.rmtree(self._scratch, ignore_errors=True)


@contextlib.contextmanager
def _open_source(path: Path, name: str) -> Iterator[IO[bytes]]:
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below, errors named for the person
    except OSError as exc:
        raise BackupError("read_failed", f"Không đọc được {name}: {_why(exc)}.", name) from exc
    with fh:
        yield fh


class Source(Protocol):
    def manifest(self) -> bytes: ...
    def open(self, name: str) -> contextlib.AbstractContextManager[IO[bytes]]: ...
    def close(self) -> None: ...


def _incomplete(where: Path) -> BackupError:
    return BackupError(
        "backup_incomplete",
        f"{where} không có {MANIFEST}: bản sao lưu chưa hoàn tất (có thể bị ngắt giữa chừng), không dùng được.",
        MANIFEST,
    )


def _missing(name: str) -> BackupError:
    return BackupError("backup_corrupt", f"Bản sao lưu thiếu tệp {name} mà manifest liệt kê.", name)


class FolderSource:
    def __init__(self, root: Path):
        self.root = root

    def manifest(self) -> bytes:
        path = self.root / MANIFEST
        if not path.is_file():
            raise _incomplete(self.root)
        if path.stat().st_size > MAX_MANIFEST:
            raise BackupError("backup_corrupt", f"{MANIFEST} quá lớn.", MANIFEST)
        return path.read_bytes()

    @contextlib.contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        path = self.root / name
        if path.is_symlink() or not path.is_file():
            raise _missing(name)
        with _open_source(path, name) as fh:
            yield fh

    def close(self) -> None:
        pass


def _unreadable(path: Path, exc: Exception) -> BackupError:
    return BackupError("backup_corrupt", f"Tệp {path.name} hỏng hoặc bị cắt cụt, không đọc được: {exc}.", path.name)


class TarSource:
    def __init__(self, path: Path):
        self.path = path
        try:
            self._tar = tarfile.open(path, mode="r:")  # noqa: SIM115 - closed by close()
        except (tarfile.TarError, OSError) as exc:
            raise _unreadable(path, exc) from exc
        try:
            self._members = {m.name: m for m in self._tar.getmembers()}
        except (tarfile.TarError, OSError) as exc:
            self._tar.close()
            raise _unreadable(path, exc) from exc

    def manifest(self) -> bytes:
        member = self._members.get(MANIFEST)
        if member is None:
            raise _incomplete(self.path)
        if not member.isreg() or member.size > MAX_MANIFEST:
            raise BackupError("backup_corrupt", f"{MANIFEST} trong {self.path.name} không hợp lệ.", MANIFEST)
        with self.open(MANIFEST) as fh:
            return fh.read()

    @contextlib.contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        member = self._members.get(name)
        if member is None or not member.isreg():
            raise _missing(name)
        fh = self._tar.extractfile(member)
        if fh is None:
            raise _missing(name)
        with fh:
            yield fh

    def close(self) -> None:
        self._tar.close()


def open_source(path: Path) -> Source:
    """The backup at path: a folder, or a .tar file; not_found when there is nothing there."""
    if path.is_dir():
        return FolderSource(path)
    if path.is_file():
        return TarSource(path)
    raise BackupError("not_found", f"Không tìm thấy bản sao lưu {path}.", str(path))
