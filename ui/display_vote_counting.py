"""The hall display while a sealed vote is counted: the voting is over, the Ban kiểm phiếu's
devices are opening the sum of the ballots; the result follows on its own page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.display_look import AMBER, HEADING, MUTED, FitText
from ui.display_model import CountingVote


class CountingPage(QWidget):
    """"ĐANG KIỂM PHIẾU" large under the vote's title, the ballots collected, and a line saying
    who counts. Never a figure of the result before the committee has decrypted it.

    Attributes: header_text, title_text, status_text, collected_text, hint_text.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        centre = Qt.AlignmentFlag.AlignHCenter
        self.header_text = FitText(self, size=44, bold=True, color=HEADING)
        self.title_text = FitText(self, size=64, bold=True)
        self.status_text = FitText(self, size=140, bold=True, color=AMBER, wrap=False, align=centre)
        self.collected_text = FitText(self, size=60, bold=True, align=centre)
        self.hint_text = FitText(self, size=40, color=MUTED, align=centre)
        self._layout = QVBoxLayout()
        self._layout.setContentsMargins(0, 0, 0, 0)
        for part in (self.header_text, self.title_text, 1, self.status_text, self.collected_text, self.hint_text, 2):
            if isinstance(part, int):
                self._layout.addStretch(part)
            else:
                self._layout.addWidget(part)
        self.setLayout(self._layout)

    def show_counting(self, vote: CountingVote) -> None:
        self.header_text.set_text(f"{vote.kind_label} · {vote.item_text}" if vote.item_text else vote.kind_label)
        self.title_text.set_text(vote.title)
        self.status_text.set_text(self.tr("ĐANG KIỂM PHIẾU"))
        self.collected_text.set_text(self.tr("Số phiếu thu về: {c} / {p} đại biểu có mặt").format(
            c=vote.collected, p=vote.present))
        self.hint_text.set_text(self.tr("Ban kiểm phiếu cùng mở tổng số phiếu; không phiếu nào được mở riêng"))

    def set_scale(self, scale: float) -> None:
        self._layout.setSpacing(round(24 * scale))
        # Room over the line: a capital's stacked marks (the hook over Ể, the acute over Ế) rise
        # above the font's ascent and would be cut off at the widget's top.
        self.status_text.setMinimumHeight(round(self.status_text.design_px * 1.5 * scale))
