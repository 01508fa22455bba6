"""The seat's settings ("Cài đặt"): language, text size, high contrast, sound; kept per device.

Saved as a small JSON beside the device's replica (SETTINGS_FILE), so a seat laptop keeps what its
delegate chose across restarts; an unreadable file means the defaults, never a failed start."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.i18n import LANGUAGES, choose_language, install_translator

SETTINGS_FILE = "seat-settings.json"


@dataclass(frozen=True)
class SeatSettings:
    """language: "vi" or "en"; scale: text size in percent (theme.SCALES); high_contrast; sound:
    the short tone that confirms a recorded ballot."""

    language: str = "vi"
    scale: int = 100
    high_contrast: bool = False
    sound: bool = True

    @property
    def look(self) -> theme.Look:
        return theme.Look(self.scale, self.high_contrast)


def default_settings() -> SeatSettings:
    """Vietnamese unless $PHONGHOP_LANG asks for English (as before settings existed)."""
    return SeatSettings(language=choose_language(None))


def load_settings(path: Path | None) -> SeatSettings:
    """The settings saved at `path`; anything missing, unknown or unreadable takes its default."""
    settings = default_settings()
    if path is None:
        return settings
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return settings
    if not isinstance(saved, dict):
        return settings
    language = saved.get("language")
    scale = saved.get("scale")
    if language in LANGUAGES:
        settings = replace(settings, language=language)
    if isinstance(scale, int) and scale in theme.SCALES:
        settings = replace(settings, scale=scale)
    for flag in ("high_contrast", "sound"):
        if isinstance(saved.get(flag), bool):
            settings = replace(settings, **{flag: saved[flag]})
    return settings


def save_settings(path: Path, settings: SeatSettings) -> None:
    """Written whole then renamed: a power cut leaves the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(temporary, path)


def apply_settings(app: QApplication, settings: SeatSettings) -> None:
    """The look and the language on the whole application, for the windows built after."""
    theme.apply_theme(app, settings.look)
    install_translator(app, settings.language)


class SettingsDialog(QDialog):
    """Four choices and "Lưu" / "Hủy"; chosen() is what the delegate picked. Everything is
    reached with Tab, the lists open with Space or the arrow keys.

    Attributes: language_box, size_box, contrast_box, sound_box, note_label, save_button, cancel_button.
    """

    def __init__(self, settings: SeatSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Cài đặt"))
        self.setAccessibleName(self.tr("Cài đặt"))
        heading = QLabel(self.tr("Cài đặt của máy tại ghế"), self)
        heading.setStyleSheet(f"font-size: {theme.pt(18)}pt; font-weight: bold;")
        self.language_box = QComboBox(self)
        self.language_box.addItem("Tiếng Việt", "vi")  # each language in its own words
        self.language_box.addItem("English", "en")
        self.language_box.setAccessibleName(self.tr("Ngôn ngữ"))
        self.size_box = QComboBox(self)
        for scale in theme.SCALES:
            self.size_box.addItem(f"{scale} %", scale)
        self.size_box.setAccessibleName(self.tr("Cỡ chữ"))
        self.size_box.setAccessibleDescription(self.tr("Từ 100 % (bình thường) đến 200 % (gấp đôi)"))
        # Short words beside the boxes: a check box does not wrap, at 200 % a long one leaves the dialog.
        self.contrast_box = QCheckBox(self.tr("Tương phản cao"), self)
        self.contrast_box.setAccessibleName(self.tr("Tương phản cao"))
        self._explain(self.contrast_box, self.tr("Chữ đen trên nền trắng, khung vàng khi chọn."))
        self.sound_box = QCheckBox(self.tr("Âm báo khi phiếu được ghi nhận"), self)
        self.sound_box.setAccessibleName(self.tr("Âm báo"))
        self._explain(self.sound_box, self.tr("Phát âm báo khi phiếu biểu quyết đã được ghi nhận."))
        self.note_label = QLabel(self.tr("Màn hình sẽ được dựng lại ngay khi bấm «Lưu»; "
                                         "tài liệu đang đọc và phiếu đang bỏ vẫn giữ nguyên."), self)
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(f"color: {theme.MUTED};")
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(12)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self._form_label(self.tr("Ngôn ngữ:"), self.language_box), self.language_box)
        form.addRow(self._form_label(self.tr("Cỡ chữ:"), self.size_box), self.size_box)
        choices = QVBoxLayout()
        for widget in (self.contrast_box, self.sound_box):
            choices.addWidget(widget)
        self.save_button = QPushButton(self.tr("Lưu"), self)
        self.save_button.setDefault(True)
        self.save_button.setAccessibleDescription(self.tr("Lưu cài đặt và áp dụng ngay"))
        self.save_button.clicked.connect(self.accept)
        self.cancel_button = QPushButton(self.tr("Hủy"), self)
        self.cancel_button.setAccessibleDescription(self.tr("Đóng mà không thay đổi gì"))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addLayout(choices)
        layout.addWidget(self.note_label)
        layout.addLayout(buttons)
        self.setTabOrder(self.language_box, self.size_box)
        self.setTabOrder(self.size_box, self.contrast_box)
        self.setTabOrder(self.contrast_box, self.sound_box)
        self.setTabOrder(self.sound_box, self.save_button)
        self.setTabOrder(self.save_button, self.cancel_button)
        self.show_settings(settings)
        self.setMinimumWidth(theme.px(560))
        # A wrapped label's height is not part of the dialog's size hint: reserve what it needs
        # at the narrowest the dialog can be (wider, it needs less).
        self.note_label.setMinimumHeight(self.note_label.heightForWidth(theme.px(560) - 48))
        self.language_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def _explain(self, box: QCheckBox, text: str) -> None:
        box.setToolTip(text)
        box.setAccessibleDescription(text)

    def _form_label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def show_settings(self, settings: SeatSettings) -> None:
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(settings.language)))
        self.size_box.setCurrentIndex(max(0, self.size_box.findData(settings.scale)))
        self.contrast_box.setChecked(settings.high_contrast)
        self.sound_box.setChecked(settings.sound)

    def chosen(self) -> SeatSettings:
        return SeatSettings(
            language=str(self.language_box.currentData()),
            scale=int(self.size_box.currentData()),
            high_contrast=self.contrast_box.isChecked(),
            sound=self.sound_box.isChecked(),
        )
