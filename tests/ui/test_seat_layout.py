"""The seat window on small screens: below 1300 pixels the agenda and the reader take turns, so
a 1024-pixel tablet shows the whole window and every button of the reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.storage.annotation_store import AnnotationStore
from tests.ui.pdfs import make_pdf
from tests.ui.test_seat_parts import StandInConnection, StandInFetcher, meeting_state
from ui.seat_layout import COMPACT_BELOW
from ui.seat_model import SeatViewModel
from ui.seat_window import SeatWindow


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> SeatWindow:
    fetcher = StandInFetcher()
    fetcher.done = {"d1", "d2", "d3"}
    model = SeatViewModel(StandInConnection(meeting_state()), fetcher)  # type: ignore[arg-type]
    pdf = make_pdf(pages=3, title="Tờ trình về dự toán ngân sách năm 2027")
    store = AnnotationStore(tmp_path / "annotations.sqlite")
    made = SeatWindow(model, lambda document: pdf, annotations=store)
    qtbot.addWidget(made)
    return made


def clipped_buttons(window: SeatWindow) -> list[str]:
    """Visible buttons whose right edge falls outside the window."""
    out = []
    for button in window.findChildren(QPushButton):
        if button.isVisible():
            right = button.mapTo(window, QPoint(button.width() - 1, 0)).x()
            if right >= window.width():
                out.append(button.text())
    return out


def open_first_document(window: SeatWindow, qtbot: QtBot) -> None:
    window.agenda.choose("d1")
    qtbot.waitUntil(lambda: window.reader.page_count == 3 and window.reader.is_rendered(0), timeout=10_000)


def test_a_wide_window_shows_agenda_and_reader_side_by_side(window: SeatWindow, qtbot: QtBot) -> None:
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    open_first_document(window, qtbot)
    assert window.width() == 1366 and not window.is_compact
    assert window.agenda.isVisible() and window.reader.isVisible()
    assert not window.agenda_button.isVisible()
    assert clipped_buttons(window) == []


@pytest.mark.parametrize("width", [1280, 1024])
def test_a_narrow_window_fits_and_takes_turns(window: SeatWindow, qtbot: QtBot, width: int, screens: Path) -> None:
    window.resize(width, 720)
    window.show()
    qtbot.waitExposed(window)
    assert width < COMPACT_BELOW
    assert window.width() == width, "the window must fit the tablet's screen"
    open_first_document(window, qtbot)
    assert window.is_compact and window.agenda_button.isVisible()
    assert window.reader.isVisible() and not window.agenda.isVisible()
    assert clipped_buttons(window) == []
    window.grab().save(str(screens / f"seat-{width}-reader.png"))

    qtbot.mouseClick(window.agenda_button, Qt.MouseButton.LeftButton)
    assert window.agenda.isVisible() and not window.reader.isVisible()
    assert window.agenda_button.text() == "◀ Về tài liệu"
    cards: list[QWidget] = list(window.agenda.cards.values())
    viewport = window.agenda.viewport().width()
    assert all(card.geometry().right() < viewport for card in cards)
    window.grab().save(str(screens / f"seat-{width}-agenda.png"))

    row = window.agenda.row("d3")
    assert row is not None
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    assert window.reader.isVisible() and not window.agenda.isVisible()
    assert window.open_document_id == "d3" and window.agenda_button.text() == "☰ Chương trình"


def test_widening_the_window_brings_both_columns_back(window: SeatWindow, qtbot: QtBot) -> None:
    window.resize(1024, 720)
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.agenda_button, Qt.MouseButton.LeftButton)
    window.resize(1400, 800)
    qtbot.waitUntil(lambda: window.width() == 1400)
    assert window.agenda.isVisible() and window.reader.isVisible() and not window.agenda_button.isVisible()


def test_a_tap_shows_at_once_and_page_one_follows_it(window: SeatWindow, qtbot: QtBot) -> None:
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.agenda.choose("d1")
    # The tap's own changes are painted now, not held for page 1 (drawn meanwhile by the pixel
    # process): the delegate sees the tap taken even when a document is slow to open.
    assert window.centralWidget().updatesEnabled()
    assert window.document_title.isVisibleTo(window) and window.document_title.text()
    assert window.agenda.row("d1") is not None and window.agenda.row("d1")._selected
    qtbot.waitUntil(lambda: window.reader.is_rendered(0), timeout=10_000)

    window.document_bytes = lambda document: b"%PDF-1.7 not really"  # a damaged file
    window.agenda.choose("d3")
    qtbot.waitUntil(lambda: "không mở được" in window.reader.message_label.text(), timeout=10_000)
    assert window.agenda.row("d3") is not None and window.agenda.row("d3")._selected


def test_a_revoked_seat_closes_the_open_document_and_opens_no_other(window: SeatWindow, qtbot: QtBot) -> None:
    from datetime import UTC, datetime

    from app.errors import DomainError
    from sync.client.connection import Changes
    from sync.client.status import ConnectionStatus

    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    open_first_document(window, qtbot)
    conn = window.model.connection
    since = datetime(2026, 12, 10, 8, 0, tzinfo=UTC)
    error = DomainError("unauthorized", "Thiết bị này đã bị thu hồi.", {"reason": "revoked"})
    conn.status = ConnectionStatus("refused", since, error)  # type: ignore[attr-defined]
    conn.emit(Changes(status=True))  # type: ignore[attr-defined]
    assert window.open_document_id is None and window.reader.page_count == 0
    assert "đã bị thu hồi" in window.reader.message_label.text()
    window.agenda.choose("d2")
    assert window.open_document_id is None and "đã bị thu hồi" in window.reader.message_label.text()
