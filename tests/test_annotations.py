"""The delegate's annotations: the model's rules, carrying over to a new version, the eraser, the
store against a real SQLite file (reopened, backed up and restored, hostile backups refused) and
the export into a real PDF read back with PyMuPDF."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import msgspec
import pymupdf
import pytest

from app.annotations import NOTE_COLOR, Annotation, carry_over, erase_at, validated
from app.demo_docs import demo_documents, render_demo_document
from app.documents_annotate import export_annotated, snap_to_lines, text_rects
from app.documents_render import PdfPages
from app.errors import DomainError
from app.storage.annotation_store import AnnotationStore
from tests.ui.pdfs import make_pdf

T0 = "2026-12-01T08:00:00.000Z"
T1 = "2026-12-01T09:00:00.000Z"
T2 = "2026-12-01T10:00:00.000Z"


def highlight(annotation_id: str = "h1", page: int = 0, version: int = 1, updated_at: str = T0,
              document_id: str = "doc-1") -> Annotation:
    return Annotation(annotation_id, document_id, version, page, "highlight", "#ffd43b", T0, updated_at,
                      rects=((60.0, 233.0, 320.0, 247.0),), text="Điều 2. Nội dung quy định số 2")


def ink(annotation_id: str = "i1", page: int = 1, strokes: Any = None) -> Annotation:
    strokes = strokes or (((100.0, 100.0), (200.0, 100.0)), ((100.0, 300.0), (200.0, 320.0)))
    return Annotation(annotation_id, "doc-1", 1, page, "ink", "#c92a2a", T0, T0, strokes=strokes, width=3.0)


def note(annotation_id: str = "n1", page: int = 2, text: str = "Đề nghị làm rõ số liệu chi đầu tư.") -> Annotation:
    return Annotation(annotation_id, "doc-1", 1, page, "note", NOTE_COLOR, T0, T0,
                      rects=((400.0, 300.0, 430.0, 330.0),), text=text)


@pytest.fixture
def store(tmp_path: Path) -> Any:
    opened = AnnotationStore(tmp_path / "annotations.sqlite")
    yield opened
    opened.close()


# -- the model ----------------------------------------------------------------------------------


def test_valid_annotations_pass_and_round_trip_through_json() -> None:
    for annotation in (highlight(), ink(), note()):
        assert validated(annotation) == annotation
        assert msgspec.json.decode(msgspec.json.encode(annotation), type=Annotation) == annotation


@pytest.mark.parametrize(
    "change",
    [
        {"color": "#123456"},  # not in the palette
        {"color": "red"},
        {"page": -1},
        {"document_version": 0},
        {"annotation_id": "../../etc"},
        {"rects": ((320.0, 233.0, 60.0, 247.0),)},  # reversed
        {"rects": ((float("nan"), 0.0, 1.0, 1.0),)},
        {"rects": ((0.0, 0.0, float("inf"), 1.0),)},
        {"rects": ()},  # a highlight of nothing
        {"strokes": (((1.0, 1.0),),)},  # a highlight with ink
        {"updated_at": "yesterday"},
        {"updated_at": "2026-12-01T10:00:00"},  # no zone: cannot be compared
        {"updated_at": "2026-11-30T08:00:00Z"},  # before it was made
        {"text": "x" * 4001},
        {"kind": "stamp"},
    ],
)
def test_bad_data_is_refused_with_a_stable_code_and_a_vietnamese_message(change: dict[str, Any]) -> None:
    bad = msgspec.structs.replace(highlight(), **change)
    with pytest.raises(DomainError) as refused:
        validated(bad)
    assert refused.value.code == "bad_annotation"
    assert refused.value.message.startswith("Dữ liệu ghi chú không hợp lệ")


def test_notes_need_words_and_ink_needs_strokes() -> None:
    with pytest.raises(DomainError, match="bad_annotation"):
        validated(note(text="   "))
    with pytest.raises(DomainError, match="bad_annotation"):
        validated(msgspec.structs.replace(ink(), strokes=()))
    with pytest.raises(DomainError, match="bad_annotation"):
        validated(msgspec.structs.replace(note(), rects=((1.0, 1.0, 2.0, 2.0), (3.0, 3.0, 4.0, 4.0))))


def test_carry_over_keeps_pages_that_still_exist_on_the_new_version() -> None:
    annotations = [highlight(page=0), ink(page=1), note(page=2)]
    kept, dropped = carry_over(annotations, new_version=2, new_page_count=2)
    assert [a.annotation_id for a in kept] == ["h1", "i1"]
    assert all(a.document_version == 2 for a in kept)
    assert kept[0].rects == annotations[0].rects and kept[0].updated_at == T0
    assert [a.annotation_id for a in dropped] == ["n1"]
    # Already on the version: nothing to carry.
    assert carry_over(kept, new_version=2, new_page_count=1) == ([], [])


def test_the_eraser_takes_touched_strokes_then_the_whole_drawing() -> None:
    drawing = ink()
    first = erase_at([drawing, note(page=1)], page=1, x=150.0, y=102.0, radius=4.0, now=T1)
    assert first.removed == () and len(first.changed) == 1
    assert first.changed[0].strokes == drawing.strokes[1:] and first.changed[0].updated_at == T1
    assert not erase_at([drawing], page=1, x=150.0, y=200.0, radius=4.0, now=T1)  # between strokes
    assert not erase_at([drawing], page=0, x=150.0, y=100.0, radius=4.0, now=T1)  # another page
    last = erase_at(first.changed, page=1, x=150.0, y=310.0, radius=4.0, now=T2)
    assert last.removed == ("i1",) and last.changed == ()


def test_the_eraser_takes_highlights_but_never_notes() -> None:
    erased = erase_at([highlight(), note(page=0)], page=0, x=415.0, y=315.0, radius=10.0, now=T1)
    assert not erased  # the note's icon is under it: notes are deleted on purpose only
    erased = erase_at([highlight(), note(page=0)], page=0, x=100.0, y=240.0, radius=5.0, now=T1)
    assert erased.removed == ("h1",)


# -- the store ----------------------------------------------------------------------------------


def test_store_changes_are_durable_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    store = AnnotationStore(path)
    heard: list[int] = []
    store.subscribe(lambda: heard.append(store.revision()))
    assert store.is_empty() and store.revision() == 0
    store.add(highlight())
    store.add(ink())
    store.add(note())
    store.replace(msgspec.structs.replace(note(), text="Sửa lại ghi chú.", updated_at=T1))
    assert store.remove("i1") is True
    assert store.remove("i1") is False  # nothing there: no change, no revision
    assert heard == [1, 2, 3, 4, 5]
    store.close()

    reopened = AnnotationStore(path)
    try:
        assert reopened.revision() == 5 and not reopened.is_empty()
        assert [a.annotation_id for a in reopened.for_document("doc-1")] == ["h1", "n1"]
        assert reopened.for_document("doc-1")[1].text == "Sửa lại ghi chú."
        assert reopened.for_document("doc-other") == []
    finally:
        reopened.close()


def test_store_refuses_duplicates_unknown_ids_and_bad_data(store: AnnotationStore) -> None:
    store.add(highlight())
    with pytest.raises(DomainError) as refused:
        store.add(highlight())
    assert refused.value.code == "conflict"
    with pytest.raises(DomainError) as refused:
        store.replace(note())
    assert refused.value.code == "not_found"
    with pytest.raises(DomainError) as refused:
        store.add(msgspec.structs.replace(note(), color="#000001"))
    assert refused.value.code == "bad_annotation"
    assert [a.annotation_id for a in store.all()] == ["h1"] and store.revision() == 1


def test_carry_over_in_the_store_is_one_change(store: AnnotationStore) -> None:
    for annotation in (highlight(page=0), ink(page=1), note(page=2), highlight("other", document_id="doc-2")):
        store.add(annotation)
    before = store.revision()
    assert store.carry_over("doc-1", new_version=2, new_page_count=2) == 1
    assert store.revision() == before + 1
    assert {(a.annotation_id, a.document_version) for a in store.for_document("doc-1")} == {("h1", 2), ("i1", 2)}
    assert store.for_document("doc-2")[0].document_version == 1  # another document is untouched
    assert store.carry_over("doc-1", new_version=2, new_page_count=2) == 0
    assert store.revision() == before + 1


def test_export_and_import_round_trip_merging_by_the_newer_change(tmp_path: Path, store: AnnotationStore) -> None:
    for annotation in (note(), highlight(), ink()):
        store.add(annotation)
    exported = store.export_records()
    assert exported == store.export_records()  # deterministic
    assert [a["annotation_id"] for a in msgspec.json.decode(exported)] == ["h1", "i1", "n1"]

    elsewhere = AnnotationStore(tmp_path / "other.sqlite")
    try:
        assert elsewhere.import_records(exported) == 3
        assert elsewhere.all() == store.all()
        assert elsewhere.import_records(exported) == 0  # the same again: nothing newer
        # The other device changed a note later, and has one of its own.
        elsewhere.replace(msgspec.structs.replace(note(), text="Bản mới hơn.", updated_at=T2))
        elsewhere.add(highlight("h9", page=1))
        store.replace(msgspec.structs.replace(highlight(), text="Sửa ở đây.", updated_at=T1))
        assert store.import_records(elsewhere.export_records()) == 2  # n1 (newer there) and h9
        merged = {a.annotation_id: a for a in store.all()}
        assert merged["n1"].text == "Bản mới hơn." and "h9" in merged
        assert merged["h1"].text == "Sửa ở đây."  # newer here: kept
    finally:
        elsewhere.close()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not json",
        b"{}",
        b'[{"annotation_id": "x"}]',
        b"[1, 2, 3]",
        b'[' + b'{"a": 1},' * 3 + b'{"a": 1}]',
        "\ufeff[]".encode(),
    ],
)
def test_malformed_backups_are_refused_and_change_nothing(store: AnnotationStore, data: bytes) -> None:
    store.add(highlight())
    before, revision = store.all(), store.revision()
    with pytest.raises(DomainError) as refused:
        store.import_records(data)
    assert refused.value.code == "bad_annotation"
    assert store.all() == before and store.revision() == revision


def test_a_backup_with_one_bad_record_writes_none_of_it(store: AnnotationStore) -> None:
    good = msgspec.to_builtins(note("n2"))
    hostile = [
        [good, {**good, "annotation_id": "n3", "color": "#000000"}],  # off the palette
        [good, {**good, "annotation_id": "n3", "rects": [[1e308, 0, 1e308, 1]]}],  # off any page
        [good, {**good, "annotation_id": "n3", "extra": "field"}],  # unknown field
        [good, {**good, "annotation_id": "n3", "updated_at": "2026-12-01"}],  # no time, no zone
        [good, good],  # the same id twice
        [good, {**good, "annotation_id": "n3", "text": "x" * 5000}],
        [good, {**good, "annotation_id": "n3", "kind": "ink", "rects": []}],  # ink without strokes
    ]
    for records in hostile:
        with pytest.raises(DomainError) as refused:
            store.import_records(msgspec.json.encode(records))
        assert refused.value.code == "bad_annotation"
        assert store.is_empty() and store.revision() == 0


def test_a_failed_change_rolls_back_and_the_revision_stays(tmp_path: Path) -> None:
    path = tmp_path / "annotations.sqlite"
    store = AnnotationStore(path)
    store.add(highlight())
    # Another process holds the write lock: the change fails as a whole.
    other = sqlite3.connect(str(path), timeout=0.1)
    other.execute("BEGIN IMMEDIATE")
    store._conn.execute("PRAGMA busy_timeout = 100")
    with pytest.raises(sqlite3.OperationalError):
        store.add(note())
    other.rollback()
    other.close()
    assert [a.annotation_id for a in store.all()] == ["h1"] and store.revision() == 1
    store.add(note())  # and the store still works
    assert store.revision() == 2
    store.close()


# -- PDFs ---------------------------------------------------------------------------------------


def test_a_highlight_snaps_to_the_text_lines_under_the_drag() -> None:
    pages = PdfPages(make_pdf(pages=2))
    try:
        # "Điều 2" and "Điều 3" sit on baselines 244 and 268: a drag across both takes both lines.
        snapped = snap_to_lines(pages.words(0), (55.0, 238.0, 200.0, 266.0))
        assert len(snapped.rects) == 2
        assert snapped.text.splitlines()[0].startswith("Điều 2.") and snapped.text.splitlines()[1].startswith("Điều 3.")
        x0, y0, x1, y1 = snapped.rects[0]
        assert x0 == pytest.approx(60.0) and y0 < 244 < y1 and x1 > 190
        # A drag that only grazes a line does not take it.
        assert len(text_rects(pages, 0, (55.0, 246.0, 200.0, 258.0))) <= 1
        # No text under it (the margin): the rectangle itself, unless it is a slip of the finger.
        assert text_rects(pages, 0, (450.0, 600.0, 550.0, 650.0)) == [(450.0, 600.0, 550.0, 650.0)]
        assert text_rects(pages, 0, (450.0, 600.0, 451.0, 601.0)) == []
    finally:
        pages.close()


def annotations_in(pdf: bytes) -> dict[int, list[dict[str, Any]]]:
    """What a PDF reader will find: each page's annotations, read while their page is open."""
    found: dict[int, list[dict[str, Any]]] = {}
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        for number in range(doc.page_count):
            page = doc[number]
            found[number] = [
                {"type": a.type[1], "rect": pymupdf.Rect(a.rect), "info": dict(a.info), "colors": a.colors,
                 "vertices": a.vertices, "text_under": page.get_textbox(a.rect)}
                for a in page.annots()
            ]
    return found


def test_export_writes_real_pdf_annotations_into_a_copy() -> None:
    source = make_pdf(pages=3)
    annotations = [highlight(page=0), ink(page=1), note(page=2)]
    exported = export_annotated(source, annotations, "public", author="Trần Văn Bình")
    found = annotations_in(exported)
    assert len(found) == 3
    (mark,) = found[0]
    assert mark["type"] == "Highlight"
    assert mark["rect"].intersects(pymupdf.Rect(60, 233, 320, 247)) and "Điều 2" in mark["text_under"]
    assert mark["info"]["title"] == "Trần Văn Bình"
    assert mark["colors"]["stroke"] == pytest.approx([1.0, 0xD4 / 255, 0x3B / 255], abs=0.01)
    (drawing,) = found[1]
    assert drawing["type"] == "Ink" and len(drawing["vertices"]) == 2
    assert drawing["vertices"][0][0] == pytest.approx((100.0, 100.0), abs=0.5)
    (sticky,) = found[2]
    assert sticky["type"] == "Text" and sticky["info"]["content"] == "Đề nghị làm rõ số liệu chi đầu tư."
    assert sticky["rect"].x0 == pytest.approx(400.0, abs=1)
    assert annotations_in(source) == {0: [], 1: [], 2: []}  # the original is left as it was


def test_export_of_a_rotated_page_lands_on_the_same_words() -> None:
    doc = pymupdf.open(stream=make_pdf(pages=1), filetype="pdf")
    doc[0].set_rotation(90)
    rotated = doc.tobytes()
    doc.close()
    pages = PdfPages(rotated)
    word = next(w for w in pages.words(0) if w.text == "HỘI")
    pages.close()
    assert word.x0 > 500  # shown turned: the first line runs down the right-hand side
    shown = Annotation("r1", "doc-1", 1, 0, "highlight", "#ffd43b", T0, T0, rects=((word.x0, word.y0, word.x1, word.y1),))
    (mark,) = annotations_in(export_annotated(rotated, [shown], "public"))[0]
    assert "HỘI" in mark["text_under"]


def test_internal_documents_are_never_exported() -> None:
    source = next(d for d in demo_documents() if d.classification == "internal")
    pdf = render_demo_document(source)
    for classification in ("internal", "secret", ""):
        with pytest.raises(DomainError) as refused:
            export_annotated(pdf, [highlight()], classification)
        assert refused.value.code == "export_forbidden"
        assert "Lưu hành nội bộ" in refused.value.message


def test_export_of_a_demo_document_keeps_every_page() -> None:
    public = next(d for d in demo_documents() if d.classification == "public")
    pdf = render_demo_document(public)
    exported = export_annotated(memoryview(pdf), [highlight(page=0), note(page=0)], "public")
    with pymupdf.open(stream=exported, filetype="pdf") as doc, pymupdf.open(stream=pdf, filetype="pdf") as original:
        assert doc.page_count == original.page_count
        assert len(list(doc[0].annots())) == 2
