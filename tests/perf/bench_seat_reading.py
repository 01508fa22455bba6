"""Seat reading figures: time to first page of the 332-page demo document, page render times.

    .venv/bin/python tests/perf/bench_seat_reading.py

Prints one JSON line per figure with its floor measured in the same run:
- first_page_ms: decrypt the cached blob with this device's wrapped key, open it with PyMuPDF,
  render page 1 at 1.5× (what a click costs before pixels exist); floor: plain PyMuPDF opening
  the unencrypted file and rendering the same page; target ≤ 150 ms and ≤ 1.5× floor.
- page_render_p95_ms: rendering one page at 1.5× through app.documents_render (what a page turn
  costs when the neighbour was not prerendered yet); target ≤ 50 ms.
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402

from app.catalog import Document  # noqa: E402
from app.demo_docs import demo_documents, render_demo_document  # noqa: E402
from app.doccrypto import encrypt_document, new_document_key, wrap_key  # noqa: E402
from app.documents_render import PdfPages  # noqa: E402
from app.keys import DeviceKeys  # noqa: E402
from sync.client.blobs import BlobCache  # noqa: E402
from sync.client.reader import DocumentReader  # noqa: E402

ZOOM = 1.5
MACHINE = f"{platform.machine()}, Python {platform.python_version()}"


def line(figure: str, value: float, target: float | None, floor: float | None, ok: bool, n: int) -> None:
    ratio = round(value / floor, 3) if floor else None
    print(json.dumps({"figure": figure, "value": round(value, 2), "unit": "ms", "target": target,
                      "floor": None if floor is None else round(floor, 2), "ratio": ratio, "ok": ok, "n": n,
                      "machine": MACHINE}))


def main() -> None:
    spec = next(d for d in demo_documents() if d.document_id == "tl-yk-cu-tri")
    pdf = render_demo_document(spec)
    device = DeviceKeys.generate()
    key = new_document_key()
    blob = bytes(encrypt_document(key, spec.document_id, 1, pdf))
    with tempfile.TemporaryDirectory() as tmp:
        cache = BlobCache(Path(tmp) / "blobs")
        import hashlib

        sha = hashlib.sha256(blob).hexdigest()
        cache.path(sha).parent.mkdir(parents=True)
        cache.path(sha).write_bytes(blob)
        plain_file = Path(tmp) / "plain.pdf"
        plain_file.write_bytes(pdf)
        document = Document(spec.document_id, spec.item_id, spec.title, 1, 332, "public", sha, len(blob), len(pdf),
                            65536, {"me": wrap_key(key, __import__("base64").b64decode(device.kex_pub_b64), spec.document_id, 1)})
        reader = DocumentReader("me", device, cache)

        ours, floor = [], []
        for _ in range(9):
            t0 = time.perf_counter()
            pages = PdfPages(bytes(reader.plaintext(document)))
            pages.render(0, ZOOM)
            ours.append((time.perf_counter() - t0) * 1000)
            pages.close()
            t0 = time.perf_counter()
            doc = pymupdf.open(str(plain_file))
            doc[0].get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM), alpha=False)
            floor.append((time.perf_counter() - t0) * 1000)
            doc.close()
        first, base = statistics.median(ours), statistics.median(floor)
        line("first_page_ms", first, 150.0, base, first <= 150.0 and first <= 1.5 * base, len(ours))

        pages = PdfPages(bytes(reader.plaintext(document)))
        times = []
        for i in range(1, 101):
            t0 = time.perf_counter()
            pages.render(i, ZOOM)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p95 = times[int(0.95 * len(times)) - 1]
        line("page_render_p95_ms", p95, 50.0, None, p95 <= 50.0, len(times))


if __name__ == "__main__":
    main()
