"""The delegate's annotations in the real seat window, offscreen, against a stand-in connection and
a real annotation store file: highlight by dragging over text, ink, eraser, notes, the side list,
closing and reopening, a new version of the document, export, and the refusals for internal ones."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.annotations import NOTE_COLOR, Annotation
from app.model import Document, MeetingState
from app.storage.annotation_store import AnnotationStore
from sync.client.connection import Changes
from tests.ui.pdfs import make_pdf
from tests.ui.test_seat_parts import StandInConnection, StandInFetcher, event, meeting_state
from ui import theme
from ui.pdf_page import PageWidget
from ui.seat_model import SeatViewModel
from ui.seat_window import SeatWindow

TIMEOUT_MS = 10_000
LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier
T0 = "2026-12-01T08:00:00.000Z"


class Seat:
    """A seat window on a stand-in room, with PDFs per document version and a store file."""

    def __init__(self, qtbot: QtBot, path: Path, state: MeetingState | None = None):
        # Earlier tests' Qt objects in reference cycles, collected here on the GUI thread: left
        # to a collection the PDF worker happens to trigger, they would be destroyed on that
        # thread, and Qt warns ("Timers cannot be stopped from another thread").
        gc.collect()
        self.qtbot = qtbot
        self.path = path
        self.conn = StandInConnection(state or meeting_state())
        self.fetcher = StandInFetcher()
        self.fetcher.done |= {"d1", "d2", "d3"}
        self.pdfs: dict[tuple[str, int], bytes] = {}
        self.store = AnnotationStore(path)
        self.model = SeatViewModel(self.conn, self.fetcher)  # type: ignore[arg-type]
        self.window = SeatWindow(self.model, self.document_bytes, annotations=self.store)
        qtbot.addWidget(self.window)
        self.window.resize(1366, 820)
        self.window.show()

    def document_bytes(self, document: Document) -> bytes:
        return self.pdfs.get((document.document_id, document.version)) or make_pdf(pages=document.pages)

    def open(self, document_id: str) -> None:
        with self.qtbot.waitSignal(self.window.reader.document_did_load, timeout=TIMEOUT_MS):
            self.window.open_document(document_id)
        self.qtbot.waitUntil(lambda: self.window.reader.is_rendered(0), timeout=TIMEOUT_MS)

    def page(self, index: int) -> PageWidget:
        return self.window.reader.page_widget(index)

    def tool(self, name: str) -> None:
        assert self.window.annotation_toolbar is not None
        self.qtbot.mouseClick(self.window.annotation_toolbar.tool_buttons[name], LEFT)  # type: ignore[index]

    def close(self) -> None:
        self.window.close()
        self.store.close()


@pytest.fixture
def seat(qtbot: QtBot, tmp_path: Path) -> Iterator[Seat]:
    opened = Seat(qtbot, tmp_path / "annotations.sqlite")
    yield opened
    opened.close()


def at(page: PageWidget, x: float, y: float) -> QPoint:
    """A point on the page in PDF points, as a pixel of its widget at the current zoom."""
    return QPoint(round(x * page.scale), round(y * page.scale))


def drag(page: PageWidget, points: list[tuple[float, float]]) -> None:
    QTest.mousePress(page, LEFT, NONE, at(page, *points[0]))
    for point in points[1:]:
        QTest.mouseMove(page, at(page, *point))
    QTest.mouseRelease(page, LEFT, NONE, at(page, *points[-1]))


def pixel(page: PageWidget, x: float, y: float) -> QColor:
    return page.grab().toImage().pixelColor(at(page, x, y))


def yellow_share(page: PageWidget, rect: tuple[float, float, float, float]) -> float:
    """How much of a rectangle of the page (in points) shows highlighter yellow."""
    image = page.grab().toImage()
    top_left, bottom_right = at(page, rect[0], rect[1]), at(page, rect[2], rect[3])
    pixels = [image.pixelColor(x, y) for x in range(top_left.x(), bottom_right.x())
              for y in range(top_left.y(), bottom_right.y())]
    yellow = [c for c in pixels if c.red() > 200 and c.green() > 170 and c.blue() < 120]
    return len(yellow) / max(len(pixels), 1)


def stored(seat: Seat, kind: str) -> list[Annotation]:
    return [a for a in seat.store.all() if a.kind == kind]


def test_highlight_ink_eraser_and_note_with_a_finger(seat: Seat, qtbot: QtBot, screens: Path) -> None:
    seat.open("d1")
    page = seat.page(0)
    toolbar = seat.window.annotation_toolbar
    assert toolbar is not None and toolbar.tool == "read" and toolbar.tool_buttons["read"].isChecked()
    assert not toolbar.tool_row.isVisible()  # reading: no colours, no hint, more page

    # Highlight: a drag across "Điều 2" and into "Điều 3" snaps to both lines of text.
    seat.tool("highlight")
    assert toolbar.tool_row.isVisible() and "tô sáng" in toolbar.hint_label.text()
    assert toolbar.swatches["#ffd43b"].isVisible()
    assert not toolbar.swatches["#c92a2a"].isVisible()
    drag(page, [(58, 240), (150, 250), (250, 266)])
    (mark,) = stored(seat, "highlight")
    assert (mark.document_id, mark.document_version, mark.page) == ("d1", 2, 0)
    assert len(mark.rects) == 2 and mark.text.startswith("Điều 2. Nội dung quy định số 2")
    assert mark.rects[0][0] == pytest.approx(60.0)
    # Drawn on the page: under the highlight the paper is yellow, not white.
    assert yellow_share(page, mark.rects[0]) > 0.5
    assert yellow_share(page, (60, 280, 300, 290)) == 0  # and only there

    # Ink in red: two strokes of one sitting make one drawing.
    seat.tool("pen")
    qtbot.mouseClick(toolbar.swatches["#c92a2a"], LEFT)
    drag(page, [(400, 300), (440, 320), (480, 300), (520, 320)])
    drag(page, [(400, 400), (520, 400)])
    (drawing,) = stored(seat, "ink")
    assert drawing.color == "#c92a2a" and len(drawing.strokes) == 2
    assert drawing.strokes[1][0] == pytest.approx((400, 400), abs=2)
    assert pixel(page, 460, 400).red() > 150 and pixel(page, 460, 400).green() < 100

    # The eraser rubs out the stroke it touches, then the other one and the drawing with it.
    seat.tool("eraser")
    drag(page, [(455, 395), (465, 405)])
    (drawing,) = stored(seat, "ink")
    assert len(drawing.strokes) == 1
    drag(page, [(440, 318), (441, 320)])
    assert stored(seat, "ink") == []
    assert pixel(page, 460, 400).name() == "#ffffff"

    # A note: tap the page, write in the big box, save; the tool goes back to reading.
    seat.tool("note")
    QTest.mouseClick(page, LEFT, NONE, at(page, 480, 150))
    annotator = seat.window.annotator
    assert annotator is not None
    qtbot.waitUntil(lambda: annotator.note_dialog is not None, timeout=TIMEOUT_MS)
    dialog = annotator.note_dialog
    assert dialog is not None and not dialog.save_button.isEnabled()  # nothing written yet
    dialog.editor.setPlainText("Đề nghị Ban Kinh tế – Ngân sách làm rõ số liệu chi đầu tư năm 2027.")
    qtbot.mouseClick(dialog.save_button, LEFT)
    (sticky,) = stored(seat, "note")
    assert sticky.text.startswith("Đề nghị Ban Kinh tế") and sticky.color == NOTE_COLOR
    assert toolbar.tool == "read" and seat.window.reader.tool == "read"
    icon = page.grab().toImage().pixelColor(at(page, 480, 150))
    assert icon.name() != "#ffffff"  # the note's icon sits where the finger was

    # Reading: a tap on the icon opens the note to read or change it.
    qtbot.waitUntil(lambda: annotator.note_dialog is None, timeout=TIMEOUT_MS)
    QTest.mouseClick(page, LEFT, NONE, at(page, 480, 150))
    qtbot.waitUntil(lambda: annotator.note_dialog is not None, timeout=TIMEOUT_MS)
    dialog = annotator.note_dialog
    assert dialog is not None and dialog.editor.toPlainText() == sticky.text and dialog.delete_button.isVisible()
    dialog.editor.setPlainText("Ghi chú đã sửa.")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert stored(seat, "note")[0].text == "Ghi chú đã sửa."
    seat.window.grab().save(str(screens / "seat-annotations.png"))


def test_the_side_list_shows_jumps_and_deletes(seat: Seat, qtbot: QtBot, screens: Path) -> None:
    seat.store.add(Annotation("n-far", "d1", 2, 2, "note", NOTE_COLOR, T0, T0, rects=((300.0, 600.0, 330.0, 630.0),),
                              text="Hỏi thêm về nguồn vốn đối ứng của tỉnh."))
    seat.store.add(Annotation("h-near", "d1", 2, 0, "highlight", "#8ce99a", T0, T0, rects=((60.0, 233.0, 320.0, 247.0),),
                              text="Điều 2. Nội dung quy định số 2 của nghị quyết."))
    seat.store.add(Annotation("old", "d1", 1, 0, "highlight", "#8ce99a", T0, T0, rects=((60.0, 233.0, 320.0, 247.0),)))
    seat.open("d1")  # version 2; "old" (version 1) is carried over as the seat opens it
    panel, toolbar = seat.window.annotation_panel, seat.window.annotation_toolbar
    assert panel is not None and toolbar is not None
    assert not panel.isVisible() and toolbar.list_button.text() == "Danh sách (3)"
    qtbot.mouseClick(toolbar.list_button, LEFT)
    assert panel.isVisible() and panel.title_label.text() == "Ghi chú của tôi (3)"
    texts = [panel.list.item(n).text() for n in range(panel.list.count())]
    assert texts[0].startswith("Trang 1 · Tô sáng") and texts[-1] == "Trang 3 · Ghi chú\nHỏi thêm về nguồn vốn đối ứng của tỉnh."
    # The list sits over the pages, never over the reader's own buttons.
    assert panel.geometry().top() >= seat.window.reader.toolbar.mapTo(panel.parentWidget(), QPoint(0, 0)).y() + \
        seat.window.reader.toolbar.height()
    window = seat.window.grab()
    window.save(str(screens / "seat-annotation-list.png"))

    # Tapping a row goes to its page, with the annotation framed.
    rect = panel.list.visualItemRect(panel.list.item(2))
    QTest.mouseClick(panel.list.viewport(), LEFT, NONE, rect.center())
    assert seat.window.reader.current_page == 2 and seat.page(2).selected == "n-far"

    # Delete asks first; "no" keeps it, "yes" removes it everywhere.
    questions: list[str] = []
    panel.ask = lambda text: questions.append(text) or False  # type: ignore[func-returns-value]
    qtbot.mouseClick(panel.delete_button, LEFT)
    assert len(seat.store.all()) == 3 and "trang 3" in questions[0]
    panel.ask = lambda text: True
    qtbot.mouseClick(panel.delete_button, LEFT)
    assert {a.annotation_id for a in seat.store.all()} == {"h-near", "old"}
    assert panel.list.count() == 2 and seat.page(2).annotations == []
    assert toolbar.list_button.text() == "Danh sách (2)"
    qtbot.mouseClick(panel.close_button, LEFT)
    assert not panel.isVisible() and not toolbar.list_button.isChecked()


def test_annotations_survive_closing_and_reopening_the_seat(qtbot: QtBot, tmp_path: Path) -> None:
    first = Seat(qtbot, tmp_path / "annotations.sqlite")
    first.open("d1")
    first.tool("highlight")
    drag(first.page(0), [(58, 240), (300, 242)])
    first.tool("pen")
    drag(first.page(0), [(400, 500), (450, 520)])
    before = first.store.all()
    assert len(before) == 2
    first.close()

    again = Seat(qtbot, tmp_path / "annotations.sqlite")
    try:
        again.open("d1")
        assert again.store.all() == before
        assert {a.kind for a in again.page(0).annotations} == {"highlight", "ink"}
        assert again.window.annotation_panel is not None and again.window.annotation_panel.list.count() == 2
    finally:
        again.close()


def test_a_new_version_keeps_annotations_on_pages_that_still_exist(seat: Seat, qtbot: QtBot) -> None:
    for annotation_id, page in (("on-1", 0), ("on-2", 1), ("on-3", 2)):
        seat.store.add(Annotation(annotation_id, "d1", 2, page, "note", NOTE_COLOR, T0, T0,
                                  rects=((100.0, 100.0, 130.0, 130.0),), text=f"Ghi chú trang {page + 1}"))
    seat.open("d1")
    assert seat.window.reader.page_count == 3 and len(seat.page(2).annotations) == 1

    # The technician publishes version 3 with two pages: the room says so, the seat reopens it.
    state = seat.conn.state
    seat.conn.state = replace(state, documents={**state.documents, "d1": replace(state.documents["d1"], version=3, pages=2)})
    seat.pdfs[("d1", 3)] = make_pdf(pages=2, title="Báo cáo (bản sửa)")
    seat.conn.head_seq = 0  # what follows is news, not history
    with qtbot.waitSignal(seat.window.reader.document_did_load, timeout=TIMEOUT_MS):
        seat.conn.emit(Changes(events=(event("document.updated", {"document_id": "d1", "version": 3,
                                                                  "change_note": "Bỏ phụ lục"}),)))
    qtbot.waitUntil(lambda: seat.window.reader.page_count == 2, timeout=TIMEOUT_MS)
    assert {(a.annotation_id, a.document_version) for a in seat.store.all()} == {("on-1", 3), ("on-2", 3)}
    assert [len(seat.page(n).annotations) for n in range(2)] == [1, 1]
    text = seat.window.message_label.text()
    assert "đã cập nhật lên bản 3: Bỏ phụ lục" in text  # the room's notice stays
    assert "giữ lại 2 ghi chú" in text and "1 ghi chú ở các trang không còn" in text
    assert theme.ACCENT in seat.window.message_label.styleSheet()


def test_export_writes_a_pdf_with_the_annotations(seat: Seat, qtbot: QtBot, tmp_path: Path) -> None:
    seat.open("d1")
    seat.tool("highlight")
    drag(seat.page(0), [(58, 240), (300, 242)])
    annotator = seat.window.annotator
    assert annotator is not None
    target = tmp_path / "Báo cáo có ghi chú.pdf"
    with qtbot.waitSignal(annotator.report_did_arrive, timeout=TIMEOUT_MS) as reported:
        annotator.export_to(target)
    assert reported.args is not None and reported.args[1] is True
    assert "Đã lưu bản PDF có ghi chú" in seat.window.message_label.text()
    with pymupdf.open(target) as doc:
        page = doc[0]
        assert [a.type[1] for a in page.annots()] == ["Highlight"]
    assert not list(tmp_path.glob("*.part"))


def test_internal_documents_cannot_be_exported_or_printed(seat: Seat, qtbot: QtBot) -> None:
    seat.open("d2")  # "Dự thảo nghị quyết", internal
    toolbar = seat.window.annotation_toolbar
    assert toolbar is not None
    assert not toolbar.export_button.isEnabled() and "Không được xuất" in toolbar.export_button.text()
    assert "Lưu hành nội bộ" in toolbar.export_button.toolTip()
    assert seat.page(0).watermark  # annotating still works under the watermark
    seat.tool("pen")
    drag(seat.page(0), [(100, 100), (200, 120)])
    assert len(seat.store.all()) == 1
    # Even asked directly, the seat refuses: the rule is in the model, not only in the button.
    annotator = seat.window.annotator
    assert annotator is not None
    with qtbot.waitSignal(annotator.report_did_arrive, timeout=TIMEOUT_MS) as reported:
        annotator.ask_export()
    assert reported.args == ["Tài liệu «Lưu hành nội bộ» không được xuất ra tệp hay in.", False]
    reported_args: list[Any] = []
    annotator.report_did_arrive.connect(lambda *args: reported_args.append(args))
    annotator.export_to(Path("/nonexistent/never.pdf"))
    qtbot.waitUntil(lambda: bool(reported_args), timeout=TIMEOUT_MS)
    assert reported_args[0][1] is False and "Lưu hành nội bộ" in reported_args[0][0]

    # Ctrl+P: refused in red for an internal document...
    seat.window.activateWindow()
    QTest.keyClick(seat.window.reader.scroll, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert "không được in" in seat.window.message_label.text()
    assert theme.DANGER in seat.window.message_label.styleSheet()
    # ...and explained in blue for any other: the seat does not print.
    seat.open("d1")
    assert toolbar.export_button.isEnabled()
    QTest.keyClick(seat.window.reader.scroll, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert "không in tài liệu" in seat.window.message_label.text()
    assert theme.ACCENT in seat.window.message_label.styleSheet()


def test_a_backup_restored_on_another_thread_shows_up(seat: Seat, qtbot: QtBot, tmp_path: Path) -> None:
    import threading

    seat.open("d1")
    other = AnnotationStore(tmp_path / "other.sqlite")
    other.add(Annotation("restored", "d1", 2, 1, "note", NOTE_COLOR, T0, T0, rects=((50.0, 50.0, 80.0, 80.0),),
                         text="Từ bản sao lưu"))
    data = other.export_records()
    other.close()
    worker = threading.Thread(target=seat.store.import_records, args=(data,))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: [a.annotation_id for a in seat.page(1).annotations] == ["restored"], timeout=TIMEOUT_MS)
