"""The seat's "Cài đặt": opened by keyboard, kept per device in a small JSON, applied to the window
built after (language, text size, high contrast), and the confirmation tone switched off."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.test_seat_parts import StandInConnection, StandInFetcher, meeting_state
from ui import theme
from ui.i18n import remove_translator
from ui.seat_model import SeatViewModel
from ui.seat_window import SeatWindow
from ui.settings_dialog import SETTINGS_FILE, SeatSettings, apply_settings, load_settings, save_settings


@pytest.fixture
def restored(qapp: QApplication) -> Iterator[None]:
    """The next test starts in Vietnamese, in the standard look at 100 %."""
    yield
    remove_translator(qapp)
    theme.apply_theme(qapp, theme.Look())


def window_with(qtbot: QtBot, settings: SeatSettings | None = None) -> SeatWindow:
    model = SeatViewModel(StandInConnection(meeting_state()), StandInFetcher())  # type: ignore[arg-type]
    window = SeatWindow(model, lambda document: b"", settings=settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_settings_are_kept_per_device_and_a_bad_file_means_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PHONGHOP_LANG", raising=False)
    path = tmp_path / SETTINGS_FILE
    assert load_settings(path) == load_settings(None) == SeatSettings()
    chosen = SeatSettings(language="en", scale=175, high_contrast=True, sound=False)
    save_settings(path, chosen)
    assert load_settings(path) == chosen
    assert json.loads(path.read_text(encoding="utf-8"))["scale"] == 175
    path.write_text('{"language": "fr", "scale": 300, "sound": "yes", "high_contrast": true}', encoding="utf-8")
    assert load_settings(path) == SeatSettings(high_contrast=True)  # only what is valid is kept
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == SeatSettings()
    monkeypatch.setenv("PHONGHOP_LANG", "en")
    assert load_settings(path).language == "en"  # no file: the environment, as before


def test_the_keyboard_opens_changes_and_saves_the_settings(qtbot: QtBot, screens: Path) -> None:
    window = window_with(qtbot)
    changed: list[SeatSettings] = []
    window.settings_did_change.connect(changed.append)
    assert window.settings_button.accessibleName() == "Cài đặt"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.check_in_button.setFocus()
    qtbot.keyClick(window.check_in_button, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.language_box)
    qtbot.keyClick(dialog.language_box, Qt.Key.Key_Down)  # English
    qtbot.keyClick(dialog.language_box, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.size_box
    for _ in range(4):
        qtbot.keyClick(dialog.size_box, Qt.Key.Key_Down)  # 200 %
    qtbot.keyClick(dialog.size_box, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.contrast_box, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.contrast_box, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.sound_box, Qt.Key.Key_Space)  # the tone off
    dialog.grab().save(str(screens / "settings-dialog.png"))
    qtbot.keyClick(dialog.sound_box, Qt.Key.Key_Return)  # the default button: "Lưu"
    assert not dialog.isVisible()
    assert changed == [SeatSettings(language="en", scale=200, high_contrast=True, sound=False)]
    assert not window.vote_panel.sound.enabled  # at once; the rest with the window built anew

    # Escape leaves everything as it was.
    window.open_settings()
    qtbot.keyClick(dialog.language_box, Qt.Key.Key_Up)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(changed) == 1 and window.settings.language == "en"


def test_a_window_built_after_applying_speaks_english_in_the_chosen_look(
    qapp: QApplication, qtbot: QtBot, restored: None, screens: Path
) -> None:
    chosen = SeatSettings(language="en", scale=150, high_contrast=True, sound=False)
    apply_settings(qapp, chosen)
    assert theme.Look(150, True) == theme.LOOK and theme.BASE_PT == 22 and theme.ACCENT == "#000000"
    assert qapp.font().pointSize() == 22
    window = window_with(qtbot, chosen)
    assert window.check_in_button.text() == "Check in"
    assert window.settings_button.accessibleName() == "Settings"
    assert window.is_compact  # 1366 pixels are narrow for 150 % text: one column at a time
    assert "font-size: 22pt" in window.title_label.styleSheet()  # the compact 15 pt at 150 %
    assert not window.vote_panel.sound.enabled
    window.grab().save(str(screens / "settings-english-150-hc.png"))
