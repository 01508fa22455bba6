"""The reader's annotation tools: read, highlight, pen, eraser, note, the colours, and export."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.annotations import HIGHLIGHT_COLORS, PEN_COLORS
from ui import theme
from ui.annotation_overlay import TOOLS, Tool

SWATCH_PX = 44
TOOL_LABELS: dict[Tool, str] = {
    "read": QT_TRANSLATE_NOOP("AnnotationToolbar", "Đọc"),
    "highlight": QT_TRANSLATE_NOOP("AnnotationToolbar", "Tô sáng"),
    "pen": QT_TRANSLATE_NOOP("AnnotationToolbar", "Bút"),
    "eraser": QT_TRANSLATE_NOOP("AnnotationToolbar", "Tẩy"),
    "note": QT_TRANSLATE_NOOP("AnnotationToolbar", "Ghi chú"),
}
# What to do with the tool in hand: said on screen, since a touch screen has no hover tooltips.
TOOL_HINTS: dict[Tool, str] = {
    "read": QT_TRANSLATE_NOOP("AnnotationToolbar", "Kéo trang để cuộn. Chạm vào biểu tượng ghi chú để đọc."),
    "highlight": QT_TRANSLATE_NOOP("AnnotationToolbar", "Kéo ngón tay qua các dòng chữ cần tô sáng."),
    "pen": QT_TRANSLATE_NOOP("AnnotationToolbar", "Viết hoặc vẽ lên trang bằng ngón tay hay bút cảm ứng."),
    "eraser": QT_TRANSLATE_NOOP("AnnotationToolbar", "Chà lên nét bút hoặc chỗ tô sáng để xóa."),
    "note": QT_TRANSLATE_NOOP("AnnotationToolbar", "Chạm vào chỗ cần ghi chú trên trang."),
}
COLOR_NAMES: dict[str, str] = {
    "#ffd43b": QT_TRANSLATE_NOOP("AnnotationToolbar", "Vàng"),
    "#8ce99a": QT_TRANSLATE_NOOP("AnnotationToolbar", "Xanh lá"),
    "#74c0fc": QT_TRANSLATE_NOOP("AnnotationToolbar", "Xanh dương"),
    "#faa2c1": QT_TRANSLATE_NOOP("AnnotationToolbar", "Hồng"),
    "#1c1c1c": QT_TRANSLATE_NOOP("AnnotationToolbar", "Đen"),
    "#c92a2a": QT_TRANSLATE_NOOP("AnnotationToolbar", "Đỏ"),
    "#1864ab": QT_TRANSLATE_NOOP("AnnotationToolbar", "Xanh dương"),
    "#2b8a3e": QT_TRANSLATE_NOOP("AnnotationToolbar", "Xanh lá"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("AnnotationToolbar", text)


class AnnotationToolbar(QWidget):
    """Big toggle buttons for the tools (reading is the default), colour swatches for the
    highlighter and the pen, a line saying what to do now, and the export button.

    Attributes: tool, tool_buttons (by tool), swatches (by colour), export_button, hint_label,
    list_button (shows the list of annotations).
    Signals: tool_did_change(tool), color_did_change(tool, colour), export_did_get_requested,
    list_did_toggle(shown).
    """

    tool_did_change = Signal(str)
    color_did_change = Signal(str, str)
    export_did_get_requested = Signal()
    list_did_toggle = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("annotationToolbar")
        # Narrower padding at a larger text size keeps the seven buttons on a 1366-pixel row.
        padding = "QPushButton { padding: 4px 8px; }" if theme.LOOK.scale > 100 else ""
        self.setStyleSheet(
            f"QWidget#annotationToolbar {{ background: {theme.PANEL}; border-bottom: 1px solid {theme.LINE}; }}"
            f"QPushButton[tool='true']:checked {{ background: {theme.ACCENT}; color: {theme.ON_ACCENT}; }}"
            f"QPushButton[tool='true']:checked:focus {{ background: {theme.FOCUS_BG}; color: {theme.INK}; }}"
            + padding
        )
        self.tool: Tool = "read"
        self.colors: dict[str, str] = {"highlight": HIGHLIGHT_COLORS[0], "pen": PEN_COLORS[0]}
        self.tool_buttons: dict[Tool, QPushButton] = {}
        self._tools = QButtonGroup(self)
        tools_row = QHBoxLayout()
        tools_row.setSpacing(6)
        for tool in TOOLS:
            button = QPushButton(_tr(TOOL_LABELS[tool]), self)
            button.setCheckable(True)
            button.setProperty("tool", True)
            # Tab reaches it (no keyboard-only delegate is left out); a tap leaves the keys with the pages.
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _=False, tool=tool: self.set_tool(tool))
            self._tools.addButton(button)
            self.tool_buttons[tool] = button
            tools_row.addWidget(button)
        self.tool_buttons["read"].setChecked(True)
        tools_row.addStretch(1)
        self.list_button = QPushButton(self)
        self.list_button.setCheckable(True)
        self.list_button.setProperty("tool", True)
        self.list_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.list_button.toggled.connect(self.list_did_toggle)
        tools_row.addWidget(self.list_button)
        self.export_button = QPushButton(self)
        self.export_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.export_button.clicked.connect(self.export_did_get_requested)
        tools_row.addWidget(self.export_button)

        self.swatches: dict[str, QPushButton] = {}
        self._swatch_group = QButtonGroup(self)
        self.color_label = QLabel(self.tr("Màu:"), self)
        colors_row = QHBoxLayout()
        colors_row.setSpacing(6)
        colors_row.addWidget(self.color_label)
        for color in (*HIGHLIGHT_COLORS, *PEN_COLORS):
            swatch = QPushButton(self)
            swatch.setCheckable(True)
            swatch.setFixedSize(SWATCH_PX, SWATCH_PX)
            swatch.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            swatch.setToolTip(_tr(COLOR_NAMES[color]))
            swatch.setAccessibleName(_tr(COLOR_NAMES[color]))
            swatch.setStyleSheet(
                f"QPushButton {{ background: {color}; border: 3px solid #ffffff; border-radius: {SWATCH_PX // 2}px;"
                f" min-height: 0; padding: 0; }}"
                f"QPushButton:checked {{ border: 5px solid {theme.INK}; }}"
            )
            swatch.clicked.connect(lambda _=False, color=color: self._choose_color(color))
            self._swatch_group.addButton(swatch)
            self.swatches[color] = swatch
            colors_row.addWidget(swatch)
        self.hint_label = QLabel(self)
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet(f"color: {theme.MUTED};")
        colors_row.addSpacing(8)
        colors_row.addWidget(self.hint_label, 1)
        # Only while a tool draws: reading needs every line of a 768-pixel screen for the page.
        self.tool_row = QWidget(self)
        self.tool_row.setLayout(colors_row)
        colors_row.setContentsMargins(0, 0, 0, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        layout.addLayout(tools_row)
        layout.addWidget(self.tool_row)
        self.set_exportable(True)
        self.set_count(0)
        self._refresh()

    def set_count(self, count: int) -> None:
        self.list_button.setText(self.tr("Danh sách ({n})").format(n=count))
        self.list_button.setToolTip(self.tr("Danh sách các ghi chú của bạn trong tài liệu này"))

    def set_tool(self, tool: Tool) -> None:
        if tool == self.tool:
            self.tool_buttons[tool].setChecked(True)  # a second tap keeps the tool, never unchecks it
            return
        self.tool = tool
        self.tool_buttons[tool].setChecked(True)
        self._refresh()
        self.tool_did_change.emit(tool)

    def set_exportable(self, exportable: bool) -> None:
        """Internal documents cannot leave the seat: the button says so instead of offering it."""
        self.export_button.setEnabled(exportable)
        if exportable:
            self.export_button.setText(self.tr("Xuất PDF"))
            self.export_button.setToolTip(self.tr("Lưu một bản PDF của tài liệu kèm các ghi chú của bạn."))
        else:
            self.export_button.setText(self.tr("Không được xuất"))
            self.export_button.setToolTip(
                self.tr("Tài liệu «Lưu hành nội bộ» chỉ được đọc tại ghế: không được xuất ra tệp hay in.")
            )

    def _choose_color(self, color: str) -> None:
        kind = "highlight" if color in HIGHLIGHT_COLORS else "pen"
        self.colors[kind] = color
        self.color_did_change.emit(kind, color)

    def _refresh(self) -> None:
        self.tool_row.setVisible(self.tool != "read")
        self.hint_label.setText(_tr(TOOL_HINTS[self.tool]))
        palette = self.colors.get(self.tool)
        self.color_label.setVisible(palette is not None)
        for color, swatch in self.swatches.items():
            shown = palette is not None and (color in HIGHLIGHT_COLORS) == (self.tool == "highlight")
            swatch.setVisible(shown)
            if shown and color == palette:
                swatch.setChecked(True)
