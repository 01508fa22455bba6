"""Encrypted blobs on the device: fetched with resumable range requests, verified by hash,
kept encrypted at rest (decryption happens in memory, page by page)."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import DomainError

if TYPE_CHECKING:
    import aiohttp  # only named in annotations here; the caller brings its session

log = logging.getLogger(__name__)

_SHA = re.compile(r"^[0-9a-f]{64}$")
READ_CHUNK = 256 * 1024

Progress = Callable[[int, int], None]


class BlobCache:
    """Complete blobs at root/ab/<sha>; a download in progress at root/ab/<sha>.part."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def path(self, sha: str) -> Path:
        if not _SHA.match(sha):
            raise DomainError("bad_request", "Mã blob không hợp lệ.")
        return self.root / sha[:2] / sha

    def has(self, sha: str) -> bool:
        return self.path(sha).is_file()

    def read_range(self, sha: str, start: int, end: int) -> bytes:
        """Bytes [start, end) of a complete blob."""
        with open(self.path(sha), "rb") as fh:
            fh.seek(start)
            return fh.read(end - start)

    def read_all(self, sha: str) -> bytes:
        return self.path(sha).read_bytes()

    def clear(self) -> int:
        """Deletes every blob and partial download (a purged meeting, an expired lease) and returns
        how many files went; the cache stays usable, so a document allowed again is fetched again."""
        removed = 0
        for entry in list(self.root.iterdir()):
            if entry.is_dir():
                removed += sum(1 for p in entry.rglob("*") if p.is_file())
                shutil.rmtree(entry, ignore_errors=True)
            else:
                removed += 1
                entry.unlink(missing_ok=True)
        return removed

    async def fetch(
        self,
        http: aiohttp.ClientSession,
        base_url: str,
        token: str,
        ssl: Any,
        sha: str,
        size: int,
        progress: Progress | None = None,
    ) -> Path:
        """Downloads what is missing (resuming a partial file) and verifies the whole blob."""
        target = self.path(sha)
        if target.is_file():
            return target
        target.parent.mkdir(exist_ok=True)
        part = target.with_name(sha + ".part")
        have = part.stat().st_size if part.exists() else 0
        if have > size:
            part.unlink()
            have = 0
        headers = {"Authorization": f"Bearer {token}"}
        if have:
            headers["Range"] = f"bytes={have}-"
        async with http.get(f"{base_url}/v1/blobs/{sha}", headers=headers, ssl=ssl) as resp:
            if resp.status == 416 and have == size:
                pass  # the partial file is already whole; verify below
            elif resp.status not in (200, 206):
                body = await resp.json(content_type=None)
                raise DomainError(str(body.get("code", "not_found")), body.get("message"), body.get("detail"))
            else:
                if resp.status == 200 and have:
                    have = 0  # the server ignored the range: start over
                with open(part, "r+b" if have else "wb") as out:
                    out.seek(have)
                    out.truncate()
                    async for chunk in resp.content.iter_chunked(READ_CHUNK):
                        out.write(chunk)
                        have += len(chunk)
                        if have > size:
                            break
                        if progress is not None:
                            progress(have, size)
                    out.flush()
                    os.fsync(out.fileno())
        digest = await asyncio.get_running_loop().run_in_executor(None, _sha256_of, part)
        if digest != sha:
            part.unlink(missing_ok=True)
            raise DomainError("conflict", "Tệp tài liệu tải về bị hỏng; thiết bị sẽ tải lại.", {"blob": sha})
        os.replace(part, target)
        return target


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
