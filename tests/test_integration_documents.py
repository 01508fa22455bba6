"""End-to-end encrypted documents through the real server: the server never holds plaintext."""

from __future__ import annotations

import random
from pathlib import Path

import aiohttp
import pytest

from app.doccrypto import unwrap_key
from app.documents_render import PdfPages
from app.errors import DomainError
from app.model import MeetingState
from app.storage.replica import Replica
from sync.client.blobs import BlobCache
from sync.client.connection import Connection
from sync.client.documents import DocumentFetcher
from sync.client.publish import publish_document, readers, wrap_for
from sync.client.reader import DocumentReader
from sync.tls import client_ssl_context_pinned
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.pdfs import make_pdf

pytestmark = pytest.mark.slow

MEETING = "ninhbinh-2026-k1"


async def seat_with_documents(server: ServerProcess, tmp_path: Path, delegate_id: str) -> tuple[Connection, DocumentFetcher, DocumentReader]:
    seat = await enrolled_client(tmp_path / delegate_id, server.card("delegate", delegate_id)["link"], f"Ghế {delegate_id}")
    cache = BlobCache(tmp_path / delegate_id / "blobs")
    fetcher = DocumentFetcher(seat, cache)
    fetcher.start()
    return seat, fetcher, DocumentReader(seat.identity.device_id, seat.keys, cache)


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


async def test_documents_are_end_to_end_encrypted(server: ServerProcess, tmp_path: Path) -> None:
    seat, fetcher, reader = await seat_with_documents(server, tmp_path, "db-040")
    tech_server = await enrolled_client(tmp_path / "tech", server.card("technician")["link"], "Kỹ thuật")
    tech = Connection(tech_server.identity, tech_server.keys, Replica(tmp_path / "tech-meeting.db"), log_id=MEETING)
    tech.start()
    pdf = make_pdf(pages=5, title="Dự thảo Nghị quyết về kế hoạch phát triển kinh tế – xã hội năm 2027")
    ssl = client_ssl_context_pinned(server.fingerprint)
    try:
        await wait_until(lambda: all(c.status.kind == "online" for c in (seat, tech, tech_server)), what="online")
        await wait_until(lambda: seat.identity.device_id in tech_server.state.devices, what="seat known to the technician")
        async with aiohttp.ClientSession() as http:
            answer = await publish_document(tech, tech_server, http, ssl, pdf, document_id="nq-ktxh-2027",
                                            title="Dự thảo Nghị quyết KT-XH 2027", pages=5, item_id="item-07")
        assert answer["type"] == "ack"
        await wait_until(lambda: fetcher.progress.get("nq-ktxh-2027", (0, 1))[0] == fetcher.progress.get("nq-ktxh-2027", (0, 1))[1],
                         timeout=20, what="the seat fetched the document")
        assert isinstance(seat.state, MeetingState)
        document = seat.state.documents["nq-ktxh-2027"]
        plain = reader.plaintext(document)
        assert bytes(plain) == pdf
        pages = PdfPages(bytes(plain))
        assert pages.page_count == 5 and "Nghị quyết" in pages.text(0)

        # A new version replaces the old one everywhere, with its own key.
        pdf2 = make_pdf(pages=6, title="Dự thảo Nghị quyết (bản sửa đổi sau thẩm tra)")
        async with aiohttp.ClientSession() as http:
            updated = await publish_document(tech, tech_server, http, ssl, pdf2, document_id="nq-ktxh-2027",
                                             title="Dự thảo Nghị quyết KT-XH 2027", pages=6, item_id="item-07",
                                             version=2, change_note="Sửa Điều 2 theo báo cáo thẩm tra")
        assert updated["type"] == "ack"
        await wait_until(lambda: seat.state.documents["nq-ktxh-2027"].version == 2, what="version 2 on the seat")
        await wait_until(lambda: fetcher.ready(seat.state.documents["nq-ktxh-2027"]), timeout=20, what="version 2 fetched")
        assert bytes(reader.plaintext(seat.state.documents["nq-ktxh-2027"])) == pdf2
        assert seat.state.documents["nq-ktxh-2027"].change_note == "Sửa Điều 2 theo báo cáo thẩm tra"
    finally:
        await fetcher.stop()
        for client in (seat, tech, tech_server):
            await client.stop()
    server.kill9()

    # Nothing on the server's disk (log, WAL, blobs) holds any run of plaintext, nor does the
    # seat's disk: blobs stay encrypted at rest.
    rng = random.Random(7)
    windows = [pdf[i : i + 24] for i in (rng.randrange(0, len(pdf) - 24) for _ in range(400))]
    # Distinctive runs only: padding and zero runs appear in any file.
    probes = [*[w for w in windows if len(set(w)) >= 10][:200], b"%PDF-"]
    assert len(probes) > 100
    for root in (server.data_dir, tmp_path / "db-040"):
        for path in files_under(root):
            content = path.read_bytes()
            leaked = [p for p in probes if p in content]
            assert not leaked, f"plaintext found in {path}"

    # Offline, with the server gone, the seat still opens the document from its cache.
    assert bytes(reader.plaintext(document)) == pdf


async def test_a_device_enrolled_later_reads_only_once_shared(server: ServerProcess, tmp_path: Path) -> None:
    tech_server = await enrolled_client(tmp_path / "tech", server.card("technician")["link"], "Kỹ thuật")
    tech = Connection(tech_server.identity, tech_server.keys, Replica(tmp_path / "tech-meeting.db"), log_id=MEETING)
    tech.start()
    pdf = make_pdf(pages=2)
    ssl = client_ssl_context_pinned(server.fingerprint)
    try:
        await wait_until(lambda: tech.status.kind == "online" and tech_server.status.kind == "online", what="online")
        async with aiohttp.ClientSession() as http:
            await publish_document(tech, tech_server, http, ssl, pdf,
                                   document_id="tt-01", title="Tờ trình", pages=2, item_id=None)
        seat, fetcher, reader = await seat_with_documents(server, tmp_path, "db-041")
        try:
            await wait_until(lambda: "tt-01" in getattr(seat.state, "documents", {}), what="document known")
            document = seat.state.documents["tt-01"]  # type: ignore[union-attr]
            with pytest.raises(DomainError) as refused:
                reader.plaintext(document)
            assert refused.value.code == "forbidden" and "chưa được chia sẻ" in refused.value.message
            # The blob reaches the seat, but it is useless without a key; the technician shares it.
            await wait_until(lambda: seat.identity.device_id in tech_server.state.devices, what="seat known")  # type: ignore[union-attr]
            # The technician holds the document key only through its own wrapped copy.
            mine = tech.state.documents["tt-01"].keys[tech.identity.device_id]  # type: ignore[union-attr]
            key = unwrap_key(mine, tech.keys, "tt-01", 1)
            new_device = tech_server.state.devices[seat.identity.device_id]  # type: ignore[union-attr]
            answer = await tech.request("document.share", {"document_id": "tt-01",
                                                           "keys": wrap_for([new_device], key, "tt-01", 1)},
                                        timeout=patience(5))
            assert answer["type"] == "ack"
            await wait_until(lambda: seat.identity.device_id in seat.state.documents["tt-01"].keys, what="key shared")  # type: ignore[union-attr]
            await wait_until(lambda: fetcher.ready(seat.state.documents["tt-01"]), timeout=20, what="fetched")  # type: ignore[union-attr]
            assert bytes(reader.plaintext(seat.state.documents["tt-01"])) == pdf  # type: ignore[union-attr]
            assert readers(tech_server.state.devices.values(), MEETING)  # type: ignore[union-attr]
        finally:
            await fetcher.stop()
            await seat.stop()
    finally:
        await tech.stop()
        await tech_server.stop()
