"""Encrypted blobs over /v1/blobs: upload, authorization, range requests, background fetch."""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest

from app.errors import DomainError
from app.keys import DeviceKeys
from app.storage.replica import Replica
from sync.client.blobs import BlobCache
from sync.client.connection import Connection
from sync.client.documents import DocumentFetcher
from sync.client.enroll import enroll
from sync.client.status import Backoff
from sync.client.upload import upload_blob
from sync.tls import client_ssl_context_pinned
from tests.netproxy import CuttableProxy
from tests.support import ServerProcess, enrolled_client, patience, wait_until

pytestmark = pytest.mark.slow

MEETING = "ninhbinh-2026-k1"


async def technician(server: ServerProcess, tmp_path: Path) -> Connection:
    tech = await enrolled_client(tmp_path / "tech", server.card("technician")["link"], "Kỹ thuật", log_id=MEETING)
    await wait_until(lambda: tech.status.kind == "online" and tech.token is not None, what="technician online")
    return tech


def document_args(blob: bytes, sha: str, document_id: str) -> dict:
    return {"document_id": document_id, "item_id": "item-06", "title": "Tờ trình về Quy chế làm việc",
            "pages": 3, "blob": sha, "size": len(blob), "plain_size": len(blob) - 100, "chunk_size": 65536,
            "keys": {}, "classification": "public"}


async def test_upload_rules_and_range_requests(server: ServerProcess, tmp_path: Path) -> None:
    tech = await technician(server, tmp_path)
    seat = await enrolled_client(tmp_path / "seat", server.card("delegate", "db-030")["link"], "Ghế")
    ssl = client_ssl_context_pinned(server.fingerprint)
    blob = os.urandom(300_000)
    sha = hashlib.sha256(blob).hexdigest()
    try:
        await wait_until(lambda: seat.token is not None, what="seat online")
        async with aiohttp.ClientSession() as http:
            url = f"{server.url}/v1/blobs/{sha}"
            async with http.put(url, data=blob, ssl=ssl) as resp:
                assert resp.status == 401 and (await resp.json())["code"] == "unauthorized"
            seat_auth = {"Authorization": f"Bearer {seat.token}"}
            async with http.put(url, data=blob, headers=seat_auth, ssl=ssl) as resp:
                assert resp.status == 403 and (await resp.json())["code"] == "forbidden"
            tech_auth = {"Authorization": f"Bearer {tech.token}"}
            wrong = "0" * 64
            async with http.put(f"{server.url}/v1/blobs/{wrong}", data=blob, headers=tech_auth, ssl=ssl) as resp:
                assert resp.status == 400 and "SHA-256" in (await resp.json())["message"]
            assert not list((server.data_dir / "blobs").rglob(wrong))
            assert await upload_blob(http, server.url, tech.token or "", ssl, blob) == sha
            assert await upload_blob(http, server.url, tech.token or "", ssl, blob) == sha  # already there

            # Not yet part of the meeting: the seat may not read it.
            async with http.get(url, headers=seat_auth, ssl=ssl) as resp:
                assert resp.status == 404
            missing = await tech.request("document.add", document_args(blob, "f" * 64, "doc-x"), timeout=patience(5))
            assert missing["code"] == "not_found"
            added = await tech.request("document.add", document_args(blob, sha, "doc-1"), timeout=patience(5))
            assert added["type"] == "ack"

            async with http.get(url, headers={**seat_auth, "Range": "bytes=1000-1999"}, ssl=ssl) as resp:
                assert resp.status == 206 and await resp.read() == blob[1000:2000]
            async with http.head(url, headers=seat_auth, ssl=ssl) as resp:
                assert resp.status == 200 and int(resp.headers["Content-Length"]) == len(blob)
            async with http.get(url, headers={**seat_auth, "Range": "bytes=999999-"}, ssl=ssl) as resp:
                assert resp.status == 416
            async with http.get(url, headers={"Authorization": "Bearer nope"}, ssl=ssl) as resp:
                assert resp.status == 401
    finally:
        await tech.stop()
        await seat.stop()


async def test_seat_fetches_published_documents_in_the_background_and_resumes(server: ServerProcess, tmp_path: Path) -> None:
    tech = await technician(server, tmp_path)
    proxy = CuttableProxy("127.0.0.1", server.port)
    await proxy.start()
    keys = DeviceKeys.generate()
    identity = replace(await enroll(server.card("delegate", "db-031")["link"], "Ghế", keys), url=proxy.url)
    seat = Connection(identity, keys, Replica(tmp_path / "seat.db"), backoff=Backoff(0.05, 0.3))
    cache = BlobCache(tmp_path / "seat-blobs")
    fetcher = DocumentFetcher(seat, cache)
    seat.start()
    fetcher.start()
    blob = os.urandom(8 * 1024 * 1024)
    try:
        ssl = client_ssl_context_pinned(server.fingerprint)
        async with aiohttp.ClientSession() as http:
            sha = await upload_blob(http, server.url, tech.token or "", ssl, blob)
        cut_done = False

        def cut_midway(document_id: str) -> None:
            nonlocal cut_done
            done, total = fetcher.progress.get(document_id, (0, 1))
            if not cut_done and 0 < done < total // 2:
                cut_done = True
                proxy.cut()

        fetcher.subscribe(cut_midway)
        # A seat fetches only what it holds a key for (a stand-in key: the test is about the bytes).
        args = {**document_args(blob, sha, "doc-2"), "keys": {identity.device_id: "k" * 40}}
        assert (await tech.request("document.add", args, timeout=patience(5)))["type"] == "ack"
        await wait_until(lambda: cut_done, timeout=20, what="the download to be cut midway")
        part = cache.path(sha).with_name(sha + ".part")
        await wait_until(part.exists, what="a partial file")
        assert not cache.has(sha)
        kept = part.stat().st_size
        after_restore: list[int] = []
        fetcher.subscribe(lambda d: after_restore.append(fetcher.progress.get(d, (0, 0))[0]))
        proxy.restore()
        await wait_until(lambda: cache.has(sha), timeout=30, what="the download to finish after the cut")
        assert cache.read_all(sha) == blob and not part.exists()
        assert fetcher.progress["doc-2"] == (len(blob), len(blob))
        # Resumed from the partial file, not from zero.
        assert kept > 0 and min(after_restore) >= kept
    finally:
        await fetcher.stop()
        await seat.stop()
        await tech.stop()
        await proxy.close()


async def test_a_partial_download_resumes_from_where_it_stopped(server: ServerProcess, tmp_path: Path) -> None:
    tech = await technician(server, tmp_path)
    seat = await enrolled_client(tmp_path / "seat", server.card("delegate", "db-032")["link"], "Ghế")
    blob = os.urandom(4 * 1024 * 1024)
    ssl = client_ssl_context_pinned(server.fingerprint)
    try:
        await wait_until(lambda: seat.token is not None, what="seat online")
        async with aiohttp.ClientSession() as http:
            sha = await upload_blob(http, server.url, tech.token or "", ssl, blob)
            await tech.request("document.add", document_args(blob, sha, "doc-3"), timeout=patience(5))
            cache = BlobCache(tmp_path / "blobs")
            part = cache.path(sha).with_name(sha + ".part")
            part.parent.mkdir(parents=True)
            part.write_bytes(blob[: 3 * 1024 * 1024])
            seen: list[int] = []
            await cache.fetch(http, server.url, seat.token or "", ssl, sha, len(blob), lambda done, total: seen.append(done))
            assert cache.read_all(sha) == blob
            assert seen and seen[0] > 3 * 1024 * 1024  # only the last MiB travelled
            # A corrupt partial file is caught by the hash and thrown away.
            other = BlobCache(tmp_path / "blobs2")
            bad = other.path(sha).with_name(sha + ".part")
            bad.parent.mkdir(parents=True)
            bad.write_bytes(b"\x00" * (3 * 1024 * 1024))
            with pytest.raises(DomainError) as corrupt:
                await other.fetch(http, server.url, seat.token or "", ssl, sha, len(blob))
            assert corrupt.value.code == "conflict" and not bad.exists() and not other.has(sha)
            await other.fetch(http, server.url, seat.token or "", ssl, sha, len(blob))
            assert other.read_all(sha) == blob
    finally:
        await tech.stop()
        await seat.stop()
