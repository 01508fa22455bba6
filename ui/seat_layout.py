"""The seat window's two columns, the agenda and the reader: side by side on a wide screen, one at
a time below COMPACT_BELOW, switched by the "☰ Chương trình" button in the header. Its words keep
the "SeatWindow" context they are translated under (resources/translations)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QPushButton, QSplitter, QWidget

from ui import theme

# Below this width the agenda column (380 px) and the reader with its tools (about 880 px)
# no longer fit side by side.
COMPACT_BELOW = 1300
COMPACT_MIN_WIDTH = 900


class SeatColumns(QSplitter):
    """The agenda column (`left`) and the reader's (`right`). Attributes: agenda_button (for the
    header, SeatHeader.add_agenda_button; checked, it shows the agenda on a narrow screen)."""

    def __init__(self, left: QWidget, right: QWidget, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.addWidget(left)
        self.addWidget(right)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setSizes([430, 936])
        self.setChildrenCollapsible(False)
        self._left, self._right = left, right
        # An explicit minimum overrides the sum of both columns' minimums, so the window can be
        # narrowed below COMPACT_BELOW, where one column shows at a time (see switch).
        self.setMinimumWidth(COMPACT_MIN_WIDTH)
        agenda = QPushButton(QCoreApplication.translate("SeatWindow", "☰ Chương trình"), parent)
        agenda.setObjectName("agendaToggle")
        agenda.setCheckable(True)
        agenda.setMinimumHeight(theme.px(60))
        agenda.setAutoDefault(True)
        agenda.setToolTip(QCoreApplication.translate("SeatWindow", "Xem chương trình kỳ họp và chọn tài liệu"))
        agenda.setAccessibleDescription(
            QCoreApplication.translate("SeatWindow", "Xem chương trình kỳ họp và chọn tài liệu"))
        agenda.hide()
        self.agenda_button = agenda

    def switch(self, compact: bool, voting: bool, has_document: bool) -> None:
        """Below COMPACT_BELOW pixels the agenda and the reader take turns on the whole width,
        so a 1024- or 1280-pixel tablet shows every button of the reader instead of a window
        wider than its screen. `has_document`: open or on its way, for the way back to it."""
        agenda = self.agenda_button
        if not compact:
            agenda.hide()
            self._left.show()
            self._right.show()
            return
        # Voting, the panel covers both columns: nothing for the button to switch.
        agenda.setVisible(not voting)
        showing_agenda = agenda.isChecked()
        back = showing_agenda and has_document
        agenda.setText(QCoreApplication.translate("SeatWindow", "◀ Về tài liệu") if back
                       else QCoreApplication.translate("SeatWindow", "☰ Chương trình"))
        self._left.setVisible(showing_agenda)
        self._right.setVisible(not showing_agenda)
