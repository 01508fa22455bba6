"""Text at 100 % and 200 %, in the standard and the high-contrast look: the seat window (a document
open) and the vote panel, on the seats' two screens, without a clipped word.

A label is clipped when it is narrower or shorter than its words need (a wrapped one: shorter
than its height for its width), a button when one of its lines is wider than it is; either is
clipped too when it reaches past the window. Each screen is saved as a PNG."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QCheckBox, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.storage.annotation_store import AnnotationStore
from tests.ui.pdfs import make_pdf
from tests.ui.test_seat_parts import StandInConnection, StandInFetcher, meeting_state
from tests.ui.test_seat_vote import Hall, resolution
from ui import theme
from ui.seat_model import SeatViewModel
from ui.seat_window import SeatWindow
from ui.settings_dialog import SeatSettings, SettingsDialog

SIZES = [(1366, 768), (1920, 1080)]
LONG_TITLE = ("Dự thảo Nghị quyết về việc thông qua danh mục các dự án cần thu hồi đất và chuyển mục đích "
              "sử dụng đất trồng lúa năm 2027 trên địa bàn tỉnh")


@pytest.fixture
def look(qapp: QApplication) -> Iterator[None]:
    """Whatever look a test sets, the next test starts with the standard one at 100 %."""
    yield
    theme.apply_theme(qapp, theme.Look())


def in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def clipped(window: QWidget) -> list[str]:
    """Every visible label or button of `window` whose words do not fit it, with why."""
    found: list[str] = []
    frame = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QLabel | QPushButton | QCheckBox) or not widget.text():
            continue
        text = widget.text().replace("\n", " / ")[:60]
        place = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not in_scroll_area(widget) and not frame.contains(place):
            found.append(f"{text!r} reaches past the window ({place} in {frame})")
        if isinstance(widget, QLabel):
            if widget.wordWrap() and widget.hasHeightForWidth():
                need = widget.heightForWidth(widget.width())
                if widget.height() < need:
                    found.append(f"{text!r} needs {need} px of height, has {widget.height()}")
            elif widget.width() < widget.minimumSizeHint().width() or widget.height() < widget.minimumSizeHint().height():
                found.append(f"{text!r} needs {widget.minimumSizeHint()}, has {widget.size()}")
        elif isinstance(widget, QCheckBox):
            if widget.width() < widget.sizeHint().width():
                found.append(f"{text!r} needs {widget.sizeHint()}, has {widget.size()}")
        elif type(widget) is QPushButton:  # its size hint holds the sheet's padding and border
            if widget.width() < widget.sizeHint().width() or widget.height() < widget.minimumSizeHint().height():
                found.append(f"{text!r} needs {widget.sizeHint()}, has {widget.size()}")
        else:  # one of ours, with its own size hint: the words against the width less the frame
            metrics = widget.fontMetrics()
            lines = widget.text().split("\n")
            wide = max(metrics.horizontalAdvance(line) for line in lines)
            tall = metrics.lineSpacing() * len(lines)
            if wide > widget.width() - 30 or tall > widget.height():
                found.append(f"{text!r} needs {wide}x{tall} px, has {widget.width()}x{widget.height()}")
    return found


def reading_window(qtbot: QtBot, tmp_path: Path, size: tuple[int, int]) -> SeatWindow:
    fetcher = StandInFetcher()
    fetcher.done = {"d1", "d2", "d3"}
    model = SeatViewModel(StandInConnection(meeting_state()), fetcher)  # type: ignore[arg-type]
    pdf = make_pdf(pages=3, title="Tờ trình về dự toán ngân sách năm 2027")
    window = SeatWindow(model, lambda document: pdf, annotations=AnnotationStore(tmp_path / "notes.sqlite"))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.agenda.choose("d1")
    qtbot.waitUntil(lambda: window.reader.page_count == 3 and window.reader.is_rendered(0), timeout=10_000)
    return window


def settle(window: QWidget, size: tuple[int, int]) -> None:
    for _ in range(3):
        QApplication.processEvents()
    assert (window.width(), window.height()) == size, f"the window grew to {window.size()} for {size}"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale,contrast", [(100, False), (200, False), (200, True)], ids=["100", "200", "200hc"])
def test_the_seat_reads_without_clipping(qapp: QApplication, qtbot: QtBot, tmp_path: Path, look: None,
                                         screens: Path, scale: int, contrast: bool, size: tuple[int, int]) -> None:
    theme.apply_theme(qapp, theme.Look(scale, contrast))
    window = reading_window(qtbot, tmp_path, size)
    settle(window, size)
    name = f"a11y-seat-{scale}{'-hc' if contrast else ''}-{size[0]}x{size[1]}"
    window.grab().save(str(screens / f"{name}.png"))
    assert clipped(window) == []
    if window.is_compact:  # one column at a time: the agenda is the other half of the screen
        window.agenda_button.click()
        settle(window, size)
        window.grab().save(str(screens / f"{name}-agenda.png"))
        assert window.agenda.isVisible() and clipped(window) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale,contrast", [(100, False), (200, False), (200, True)], ids=["100", "200", "200hc"])
def test_the_vote_reads_without_clipping(qapp: QApplication, qtbot: QtBot, look: None, screens: Path,
                                         scale: int, contrast: bool, size: tuple[int, int]) -> None:
    theme.apply_theme(qapp, theme.Look(scale, contrast))
    hall = Hall()
    model = SeatViewModel(hall.conn, StandInFetcher())  # type: ignore[arg-type]
    window = SeatWindow(model, lambda document: b"")
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    hall.open(resolution("open", title=LONG_TITLE))
    panel = window.vote_panel
    name = f"a11y-vote-{scale}{'-hc' if contrast else ''}-{size[0]}x{size[1]}"
    for step in ("buttons", "confirm"):
        settle(window, size)
        window.grab().save(str(screens / f"{name}-{step}.png"))
        assert clipped(window) == [], step
        if step == "buttons":
            panel.option_buttons["khong_tan_thanh"].click()
    assert panel.choice_label.text() == "KHÔNG TÁN THÀNH"


@pytest.mark.parametrize("scale", [100, 200])
def test_the_settings_dialog_fits_its_words(qapp: QApplication, qtbot: QtBot, look: None, screens: Path,
                                            scale: int) -> None:
    theme.apply_theme(qapp, theme.Look(scale, scale == 200))
    dialog = SettingsDialog(SeatSettings(scale=scale, high_contrast=scale == 200))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.adjustSize()
    QApplication.processEvents()
    dialog.grab().save(str(screens / f"a11y-settings-{scale}.png"))
    assert dialog.width() <= 1366 and dialog.height() <= 768
    assert clipped(dialog) == []
