"""Screen readers and the keyboard: every control of the seat has a name a screen reader can say,
and a delegate who uses no mouse checks in, opens a document, asks for the floor and votes
against the real room server, with the tone of a recorded ballot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.storage.annotation_store import AnnotationStore
from app.storage.search_index import SearchIndex
from tests.support import ServerProcess, enrolled_client, patience, wait_until
from tests.ui.pdfs import make_pdf
from tests.ui.room import publish_pdf, seat_window, technician
from tests.ui.test_seat_parts import StandInConnection, StandInFetcher, meeting_state
from tests.ui.test_seat_vote import ITEM, Hall, _chair_does, _vote, confidence, resolution
from ui.agenda_panel import DocumentRow
from ui.seat_model import SeatViewModel
from ui.seat_window import SeatWindow
from ui.settings_dialog import SettingsDialog

ME = "db-010"
INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)


def unnamed(root: QWidget) -> list[str]:
    """Visible controls under `root` a screen reader could only call "button" or "edit"."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisible():
            continue
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (widget.accessibleName().strip() or text.strip()):
            found.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parentWidget()).__name__}")
    return found


def test_every_control_of_the_seat_has_a_name(qtbot: QtBot, tmp_path: Path) -> None:
    fetcher = StandInFetcher()
    fetcher.done = {"d1", "d2", "d3"}
    model = SeatViewModel(StandInConnection(meeting_state()), fetcher)  # type: ignore[arg-type]
    pdf = make_pdf(pages=3)
    search = SearchIndex(Path(":memory:"))
    window = SeatWindow(model, lambda document: pdf, search=search,
                        annotations=AnnotationStore(tmp_path / "notes.sqlite"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.agenda.choose("d1")
    qtbot.waitUntil(lambda: window.reader.page_count == 3, timeout=10_000)
    assert window.annotation_toolbar is not None and window.annotation_panel is not None
    window.annotation_toolbar.set_tool("highlight")  # the colours show
    window.annotation_toolbar.list_button.setChecked(True)  # the list shows
    QApplication.processEvents()
    shown = [w for w in window.findChildren(QWidget) if isinstance(w, INTERACTIVE) and w.isVisible()]
    assert len(shown) > 20  # the walk reaches the header, the agenda, the reader and its tools
    assert unnamed(window) == []
    rows = window.findChildren(DocumentRow)
    assert rows and all(r.accessibleName().startswith("Tài liệu: ") for r in rows)
    assert "bấm Enter để mở" in rows[0].accessibleDescription()

    dialog = window.speak_button.open_dialog()
    assert unnamed(dialog) == []
    dialog.reject()
    settings = window.open_settings()
    assert isinstance(settings, SettingsDialog) and unnamed(settings) == []
    assert settings.language_box.accessibleName() == "Ngôn ngữ" and settings.size_box.accessibleName() == "Cỡ chữ"
    settings.reject()
    search.close()


def test_every_control_of_a_vote_has_a_name(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    hall = Hall()
    model = SeatViewModel(hall.conn, StandInFetcher())  # type: ignore[arg-type]
    window = SeatWindow(model, lambda document: b"")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    hall.open(confidence())
    panel = window.vote_panel
    assert panel.confidence_rows and unnamed(window) == []
    row = next(iter(panel.confidence_rows.values()))
    assert all(b.accessibleName().startswith(row.person.name + ": ") for b in row.buttons.values())


def test_one_two_three_and_the_arrows_choose_and_nothing_goes_before_the_confirmation(
    qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    hall = Hall()
    model = SeatViewModel(hall.conn, StandInFetcher())  # type: ignore[arg-type]
    window = SeatWindow(model, lambda document: b"")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    hall.open(resolution("open"))
    panel = window.vote_panel
    assert window.focusWidget() is panel
    qtbot.keyClick(panel, Qt.Key.Key_Right)
    assert window.focusWidget() is panel.option_buttons["tan_thanh"]
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Right)
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Right)
    assert window.focusWidget() is panel.option_buttons["khong_bieu_quyet"]
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Left)
    assert window.focusWidget() is panel.option_buttons["khong_tan_thanh"]
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_3)
    assert panel.choice_label.text() == "KHÔNG BIỂU QUYẾT" and window.focusWidget() is panel.confirm_button
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    qloop.run_until_complete(asyncio.sleep(0.01))
    assert hall.casts() == []
    qtbot.keyClick(panel, Qt.Key.Key_1)
    assert panel.choice_label.text() == "TÁN THÀNH"
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    qloop.run_until_complete(asyncio.sleep(0.01))
    assert [a["choice"] for a in hall.casts()] == ["tan_thanh"]
    assert panel.sound.requested == 0  # sent, not yet recorded: no tone
    hall.deliver()
    assert panel.status_label.text() == "✓ Đã ghi nhận: Tán thành" and panel.sound.requested == 1


def test_no_tone_when_the_delegate_turned_it_off(qtbot: QtBot, qloop: qasync.QEventLoop) -> None:
    hall = Hall()
    model = SeatViewModel(hall.conn, StandInFetcher())  # type: ignore[arg-type]
    window = SeatWindow(model, lambda document: b"")
    qtbot.addWidget(window)
    window.show()
    window.vote_panel.sound.enabled = False
    hall.open(resolution("open"))
    window.vote_panel.option_buttons["tan_thanh"].click()
    window.vote_panel.confirm_button.click()
    qloop.run_until_complete(asyncio.sleep(0.01))
    hall.deliver()
    assert window.vote_panel.status_label.text().startswith("✓ Đã ghi nhận")
    assert window.vote_panel.sound.requested == 0


# -- the keyboard alone, against the real room server ---------------------------------------------


def press(qtbot: QtBot, key: Qt.Key) -> QWidget | None:
    """A key to whatever has the focus, as a keyboard would send it; returns the new focus."""
    focused = QApplication.focusWidget()
    assert focused is not None, "nothing has the keyboard focus"
    qtbot.keyClick(focused, key)
    return QApplication.focusWidget()  # None for a moment when a dialog closes


def tab_to(qtbot: QtBot, wanted: object, most: int = 60) -> None:
    """Tab until `wanted` (a widget, or a test on the focused widget) has the focus."""
    for _ in range(most):
        focused = QApplication.focusWidget()
        if focused is wanted or (callable(wanted) and not isinstance(wanted, QWidget) and wanted(focused)):
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {wanted!r}")


@pytest.mark.slow
def test_a_delegate_without_a_mouse_takes_part(server: ServerProcess, tmp_path: Path, qtbot: QtBot,
                                               qloop: qasync.QEventLoop, screens: Path) -> None:
    qloop.run_until_complete(asyncio.wait_for(keyboard_only(server, tmp_path, qtbot, screens), patience(90)))


async def keyboard_only(server: ServerProcess, tmp_path: Path, qtbot: QtBot, screens: Path) -> None:
    tech, devices = await technician(server, tmp_path)
    chair = await enrolled_client(tmp_path / "chair", server.card("chair")["link"], "Chủ tọa")
    made = await seat_window(server, tmp_path, qtbot, ME)
    window, model = made.window, made.model
    try:
        await wait_until(lambda: window.banner.kind == "online" and tech.token is not None, what="online")
        await wait_until(lambda: made.connection.identity.device_id in getattr(devices.state, "devices", {}),
                         what="devices known")
        await publish_pdf(tech, devices, server, make_pdf(pages=2), document_id="doc-a11y",
                          title="Tờ trình về dự toán ngân sách năm 2027", pages=2, item_id=ITEM)
        await _chair_does(chair, "agenda.activate", {"item_id": ITEM})
        await wait_until(lambda: window.agenda.row("doc-a11y") is not None
                         and made.fetcher.ready(model.document("doc-a11y")), what="the document here")  # type: ignore[arg-type]
        window.activateWindow()
        await wait_until(lambda: QApplication.activeWindow() is window, what="the window active")
        window.agenda_button.setFocus()  # where a delegate's first Tab lands: the header, left to right
        if not window.agenda_button.isVisible():
            window.follow_button.setFocus()

        # Check in: Tab along the header to the button, Enter.
        tab_to(qtbot, window.check_in_button)
        press(qtbot, Qt.Key.Key_Return)
        await wait_until(lambda: model.is_present, what="checked in")

        # Open the document: Tab on into the agenda, Enter on its row.
        tab_to(qtbot, lambda w: isinstance(w, DocumentRow) and w.document_id == "doc-a11y")
        press(qtbot, Qt.Key.Key_Return)
        await wait_until(lambda: window.open_document_id == "doc-a11y" and window.reader.page_count == 2,
                         what="the document open")

        # Ask for the floor: back to the header's button, Space opens the kinds, Enter asks.
        tab_to(qtbot, window.speak_button)
        press(qtbot, Qt.Key.Key_Space)
        dialog = window.speak_button.dialog
        assert dialog is not None and dialog.isVisible()
        await wait_until(lambda: QApplication.focusWidget() is not None
                         and QApplication.focusWidget().window() is dialog, what="the dialog has the keys")  # type: ignore[union-attr]
        first = next(iter(dialog.kind_buttons.values()))
        tab_to(qtbot, first)
        press(qtbot, Qt.Key.Key_Return)
        await wait_until(lambda: model.speaking.status().state == "waiting", what="in the queue")
        assert not dialog.isVisible()
        if QApplication.activeWindow() is not window:  # the offscreen platform hands it back lazily
            window.activateWindow()
        await wait_until(lambda: QApplication.activeWindow() is window, what="back in the window")

        # The chair opens a vote: the panel takes the keys; 1 chooses, Enter confirms.
        vote_id = f"vote-{(await _chair_does(chair, 'vote.create', resolution('open', duration_s=0)))['seq']}"
        await _chair_does(chair, "vote.open", {"vote_id": vote_id})
        panel = window.vote_panel
        await wait_until(lambda: panel.option_buttons["tan_thanh"].isVisible()
                         and QApplication.focusWidget() is panel, what="the vote on screen")
        press(qtbot, Qt.Key.Key_1)
        assert panel.choice_label.text() == "TÁN THÀNH" and QApplication.focusWidget() is panel.confirm_button
        press(qtbot, Qt.Key.Key_Return)
        await wait_until(lambda: panel.status_label.text() == "✓ Đã ghi nhận: Tán thành", what="recorded")
        assert panel.sound.requested == 1  # heard as well as seen
        await wait_until(lambda: ME in _vote(chair, vote_id).voted, what="the room has the ballot")
        window.grab().save(str(screens / "a11y-keyboard-recorded.png"))
    finally:
        for conn in (made.connection, chair, tech, devices):
            await conn.stop()
        await made.fetcher.stop()
