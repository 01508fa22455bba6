"""The chair's speaker box: who has the floor, a large countdown that warns and turns red, end and extend."""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.model import SPEECH_KIND_LABELS, SpeechRequest
from app.speaking_time import WarningLevel, remaining_s, warning_level
from ui import theme
from ui.chair_model import ChairViewModel

# SPEECH_KIND_LABELS (app.model) as lupdate sees them, so a kind reads in the interface language.
KIND_NAMES = (
    QT_TRANSLATE_NOOP("SpeakerTimer", "Phát biểu"),
    QT_TRANSLATE_NOOP("SpeakerTimer", "Tranh luận"),
    QT_TRANSLATE_NOOP("SpeakerTimer", "Chất vấn"),
    QT_TRANSLATE_NOOP("SpeakerTimer", "Ý kiến về trình tự, thủ tục"),
)
# One colour per kind, the same in the queue and in the speaker box, so the chair sees a
# question or a point of order coming without reading.
KIND_COLOURS = {
    "discussion": theme.ACCENT,
    "debate": "#6a1b9a",
    "question": "#00695c",
    "point_of_order": theme.DANGER,
}
CLOCK_PT = 44
LEVEL_COLOURS: dict[WarningLevel, tuple[str, str]] = {
    "normal": (theme.INK, theme.PAPER),
    "warn": ("#7a4b00", "#ffd970"),  # amber: dark ink on amber stays readable for the camera
    "over": ("#ffffff", "#b00020"),
}


def kind_label(kind: str) -> str:
    return QCoreApplication.translate("SpeakerTimer", SPEECH_KIND_LABELS.get(kind, kind))


def clock_text(seconds: float) -> str:
    """mm:ss, rounded up while time is left (07:00 at the start, 00:01 until the limit is
    really reached); past the limit, +mm:ss over, rounded up too."""
    whole = math.ceil(seconds) if seconds >= 0 else math.ceil(-seconds)
    minutes, rest = divmod(whole, 60)
    return f"{'+' if seconds < 0 else ''}{minutes:02d}:{rest:02d}"


def minutes_text(seconds: int) -> str:
    """A limit for people: "7 phút", "1 phút 30 giây", "45 giây"."""
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return QCoreApplication.translate("SpeakerTimer", "{m} phút {s} giây").format(m=minutes, s=rest)
    if minutes:
        return QCoreApplication.translate("SpeakerTimer", "{m} phút").format(m=minutes)
    return QCoreApplication.translate("SpeakerTimer", "{s} giây").format(s=rest)


class SpeakerTimer(QFrame):
    """The current speaker and their countdown, ticked by the window from the model's clock.

    Attributes: level (the warning level shown, or "" with nobody on the floor), name_label,
    detail_label, clock_label, warning_label, end_button, extend_1_button, extend_3_button.
    Signals: end_requested, extend_requested(seconds).
    """

    end_requested = Signal()
    extend_requested = Signal(int)

    def __init__(self, model: ChairViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.level: WarningLevel | str = ""
        self.setObjectName("speakerTimer")
        self.caption = QLabel(self.tr("ĐANG PHÁT BIỂU"), self)
        self.caption.setStyleSheet(f"color: {theme.MUTED}; font-size: 12pt; font-weight: bold;")
        self.name_label = QLabel(self)
        self.name_label.setWordWrap(True)
        self.name_label.setStyleSheet("font-size: 22pt; font-weight: bold;")
        self.detail_label = QLabel(self)
        self.detail_label.setWordWrap(True)
        self.detail_label.setStyleSheet("font-size: 13pt;")
        self.clock_label = QLabel(self)
        self.clock_label.setObjectName("speakerClock")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        clock_font = QFont(self.font())
        clock_font.setPointSize(CLOCK_PT)
        clock_font.setBold(True)
        self.clock_label.setFont(clock_font)
        # Wide enough for the longest reading, so the digits never clip or make the box jump.
        self.clock_label.setMinimumWidth(QFontMetrics(clock_font).horizontalAdvance("+88:88") + 32)
        self.warning_label = QLabel(self)
        self.warning_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.warning_label.setStyleSheet("font-size: 14pt; font-weight: bold;")

        self.end_button = QPushButton(self)
        self.end_button.setObjectName("endSpeech")
        self.extend_1_button = QPushButton(self.tr("+1 phút"), self)
        self.extend_3_button = QPushButton(self.tr("+3 phút"), self)
        self.end_button.clicked.connect(self.end_requested.emit)
        self.extend_1_button.clicked.connect(lambda: self.extend_requested.emit(60))
        self.extend_3_button.clicked.connect(lambda: self.extend_requested.emit(180))

        # Name and details across the whole width (long Vietnamese names), then the clock with
        # the buttons beside it, where the chair's eyes already are.
        self.end_button.setText(self.tr("Kết thúc (F6)"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.addWidget(self.clock_label, 0, 0, 2, 1)
        grid.addWidget(self.end_button, 0, 1, 1, 2)
        grid.addWidget(self.extend_1_button, 1, 1)
        grid.addWidget(self.extend_3_button, 1, 2)
        grid.addWidget(self.warning_label, 2, 0)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(4)
        layout.addWidget(self.caption)
        layout.addWidget(self.name_label)
        layout.addWidget(self.detail_label)
        layout.addLayout(grid)
        self.refresh()

    def speech(self) -> SpeechRequest | None:
        return self.model.state.speaking.current()

    def refresh(self) -> None:
        """Who speaks (after any event); the clock itself moves in tick()."""
        speech = self.speech()
        chair_only = self.tr("Chỉ chủ tọa được kết thúc hoặc kéo dài lượt phát biểu.")
        for button, key in (
            (self.end_button, "speak.end"),
            (self.extend_1_button, "speak.extend"),
            (self.extend_3_button, "speak.extend"),
        ):
            allowed = self.model.can(key)
            button.setEnabled(allowed and speech is not None)
            if not allowed:
                button.setToolTip(chair_only)
        if self.model.can("speak.end"):
            self.end_button.setToolTip(self.tr("Kết thúc lượt phát biểu hiện tại (phím F6)"))
            self.extend_1_button.setToolTip(self.tr("Cho đại biểu thêm 1 phút"))
            self.extend_3_button.setToolTip(self.tr("Cho đại biểu thêm 3 phút"))
        if speech is None:
            self.name_label.setText(self.tr("Chưa có đại biểu phát biểu"))
            theme.restyle(self.name_label, f"font-size: 18pt; color: {theme.MUTED};")
            self.detail_label.setText(self.tr("Chọn một đại biểu trong danh sách chờ rồi bấm «Mời phát biểu»."))
        else:
            delegate = self.model.delegate(speech.delegate_id)
            self.name_label.setText(delegate.name if delegate is not None else speech.delegate_id)
            theme.restyle(self.name_label, "font-size: 22pt; font-weight: bold;")
            group = delegate.group_name if delegate is not None else ""
            assert speech.limit_s is not None
            limit = minutes_text(speech.limit_s)
            if speech.extended_s:
                limit += " " + self.tr("(đã thêm {t})").format(t=minutes_text(speech.extended_s))
            colour = KIND_COLOURS.get(speech.kind, theme.INK)
            parts = [f"<b style='color:{colour}'>{kind_label(speech.kind)}</b>",
                     self.tr("Thời gian: {limit}").format(limit=limit)]
            if group:
                parts.append(group)
            self.detail_label.setText(" · ".join(parts))
        self.tick()

    def tick(self) -> None:
        """The countdown at the model's clock: amber with "Còn 30 giây" from 30 s left, red
        "Quá giờ" once over."""
        remaining = remaining_s(self.model.state, self.model.now())
        if remaining is None:
            self._show_clock("--:--", "", "", theme.MUTED, theme.PANEL)
            return
        level = warning_level(remaining)
        ink, paper = LEVEL_COLOURS[level]
        warning = {"normal": "", "warn": self.tr("Còn 30 giây"), "over": self.tr("Quá giờ")}[level]
        self._show_clock(clock_text(remaining), level, warning, ink, paper)

    def _show_clock(self, text: str, level: WarningLevel | str, warning: str, ink: str, paper: str) -> None:
        self.clock_label.setText(text)
        self.warning_label.setText(warning)
        if level == self.level and self.styleSheet():
            return  # only the digits changed: restyling every tick would relayout the box
        self.level = level
        border = ink if level in ("warn", "over") else "#c9ced4"
        self.setStyleSheet(
            f"QFrame#speakerTimer {{ background: {theme.PANEL}; border: 3px solid {border}; border-radius: 10px; }}"
            # Tighter buttons: the clock and its three buttons share one row of the middle column.
            "QFrame#speakerTimer QPushButton { padding: 4px 8px; }"
            f"QLabel#speakerClock {{ color: {ink}; background: {paper};"
            " border-radius: 8px; padding: 2px 14px; }"
        )
        warning_ink = paper if level == "over" else "#7a4b00"  # the red of the clock, or dark amber
        theme.restyle(self.warning_label, f"font-size: 14pt; font-weight: bold; color: {warning_ink};")
