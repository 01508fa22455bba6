"""The demo meeting's documents: realistic Vietnamese administrative PDFs, generated deterministically.

Content only: the layout is `app.documents.compose_pdf` (PyMuPDF's one home). Figures, place names
and voters' requests are invented for the demo; the signers are the fictitious delegates of
`app.demo`. The same document always renders to the same bytes (fixed dates, seeded variety).
Here: the catalogue and the rendering. Each document's text is in a module of its own
(app.demo_docs_plan, _budget, _voters, _election), built from the parts in app.demo_docs_parts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Final

from app.demo_docs_budget import _bao_cao_tham_tra
from app.demo_docs_election import _kich_ban
from app.demo_docs_plan import _du_thao_nghi_quyet, _to_trinh
from app.demo_docs_voters import _tong_hop_cu_tri
from app.documents import Classification
from app.documents_compose import Block, PdfMetadata, compose_pdf


@dataclass(frozen=True)
class DemoDocument:
    """One demo document: its id, the agenda item it belongs to, title, classification, filename."""

    document_id: str
    item_id: str
    title: str
    classification: Classification
    filename: str


_VN_TIME: Final = timezone(timedelta(hours=7))

_DOCUMENTS: Final[tuple[DemoDocument, ...]] = (
    DemoDocument(
        "tl-tt-ktxh-2027",
        "item-07",
        "Tờ trình về dự thảo Nghị quyết Kế hoạch phát triển kinh tế – xã hội năm 2027",
        "public",
        "to-trinh-ke-hoach-ktxh-2027.pdf",
    ),
    DemoDocument(
        "tl-dtnq-ktxh-2027",
        "item-07",
        "Dự thảo Nghị quyết về Kế hoạch phát triển kinh tế – xã hội năm 2027",
        "public",
        "du-thao-nghi-quyet-ktxh-2027.pdf",
    ),
    DemoDocument(
        "tl-bctt-ns-2027",
        "item-08",
        "Báo cáo thẩm tra dự toán ngân sách nhà nước năm 2027 của Ban Kinh tế – Ngân sách",
        "public",
        "bao-cao-tham-tra-du-toan-ngan-sach-2027.pdf",
    ),
    DemoDocument(
        "tl-yk-cu-tri",
        "item-07",
        "Báo cáo tổng hợp ý kiến, kiến nghị của cử tri trước kỳ họp thứ nhất",
        "public",
        "bao-cao-tong-hop-y-kien-cu-tri.pdf",
    ),
    DemoDocument(
        "tl-kb-bau-cu",
        "item-04",
        "Kịch bản điều hành phần bầu chức danh Thường trực HĐND và các Ban của HĐND tỉnh",
        "internal",
        "kich-ban-dieu-hanh-bau-cu.pdf",
    ),
)


def demo_documents() -> list[DemoDocument]:
    """The demo meeting's documents, in the order the technician imports them."""
    return list(_DOCUMENTS)


def render_demo_document(doc: DemoDocument) -> bytes:
    """The PDF bytes of a demo document; the same on every run and every machine."""
    try:
        build, created = _BUILDERS[doc.document_id]
    except KeyError:
        raise LookupError(doc.document_id) from None
    author, subject, blocks = build()
    metadata = PdfMetadata(title=doc.title, author=author, subject=subject, created=created)
    return compose_pdf(blocks, metadata)


_Builder = Callable[[], tuple[str, str, list[Block]]]


def _on(day: int) -> datetime:
    return datetime(2026, 12, day, 8, 0, tzinfo=_VN_TIME)


_BUILDERS: Final[dict[str, tuple[_Builder, datetime]]] = {
    "tl-tt-ktxh-2027": (_to_trinh, _on(1)),
    "tl-dtnq-ktxh-2027": (_du_thao_nghi_quyet, _on(2)),
    "tl-bctt-ns-2027": (_bao_cao_tham_tra, _on(5)),
    "tl-yk-cu-tri": (_tong_hop_cu_tri, _on(3)),
    "tl-kb-bau-cu": (_kich_ban, _on(8)),
}
