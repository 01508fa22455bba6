"""The side list of the delegate's annotations on the open document: tap to go there, delete."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.annotations import Annotation
from ui import theme
from ui.annotation_overlay import paint_annotations

EXCERPT = 70
ICON_PX = 44
ROLE = Qt.ItemDataRole.UserRole


def ask_to_delete(parent: QWidget, text: str) -> bool:
    """A plain yes/no with the words on the buttons: "Xóa" and "Không xóa", never OK/Cancel."""
    # One context whoever asks (parent.tr would look the words up under each caller's class).
    box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("AnnotationPanel", "Xóa ghi chú?"), text, parent=parent)
    delete = box.addButton(QCoreApplication.translate("AnnotationPanel", "Xóa"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(QCoreApplication.translate("AnnotationPanel", "Không xóa"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is delete


def kind_label(annotation: Annotation) -> str:
    names = {
        "highlight": QCoreApplication.translate("AnnotationPanel", "Tô sáng"),
        "ink": QCoreApplication.translate("AnnotationPanel", "Nét bút"),
        "note": QCoreApplication.translate("AnnotationPanel", "Ghi chú"),
    }
    return names[annotation.kind]


def describe(annotation: Annotation) -> str:
    """'Trang 3 · Tô sáng' and, under it, the words highlighted or the note, cut short."""
    head = QCoreApplication.translate("AnnotationPanel", "Trang {n} · {kind}").format(
        n=annotation.page + 1, kind=kind_label(annotation)
    )
    text = " ".join(annotation.text.split())
    if len(text) > EXCERPT:
        text = text[: EXCERPT - 1].rstrip() + "…"
    return f"{head}\n{text}" if text else head


def kind_icon(annotation: Annotation) -> QIcon:
    """The annotation's own look in small: a swatch of its colour, a pen line, a note."""
    pixmap = QPixmap(ICON_PX, ICON_PX)
    pixmap.fill(QColor("white"))
    painter = QPainter(pixmap)
    if annotation.kind == "note":
        sample = Annotation("i", "i", 1, 0, "note", annotation.color, "", "", rects=((2.0, 2.0, 2.0, 2.0),), text=".")
        paint_annotations(painter, 1.0, [sample])
    elif annotation.kind == "ink":
        stroke = ((7.0, 32.0), (16.0, 14.0), (25.0, 30.0), (37.0, 10.0))
        sample = Annotation("i", "i", 1, 0, "ink", annotation.color, "", "", strokes=(stroke,), width=4.0)
        paint_annotations(painter, 1.0, [sample])
    else:
        painter.fillRect(4, 12, ICON_PX - 8, ICON_PX - 24, QColor(annotation.color))
    painter.end()
    return QIcon(pixmap)


class AnnotationPanel(QWidget):
    """The open document's annotations in page order.

    Attributes: list, delete_button, close_button, empty_label, ask (the yes/no asked before
    deleting; tests answer it themselves). Signals: annotation_did_get_chosen(Annotation),
    annotation_did_get_deleted(annotation_id) after the delegate said yes, panel_did_close.
    """

    annotation_did_get_chosen = Signal(object)
    annotation_did_get_deleted = Signal(str)
    panel_did_close = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("annotationPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(
            f"QWidget#annotationPanel {{ background: {theme.PANEL}; border-left: 3px solid #9aa3ad; }}"
        )
        self.ask: Callable[[str], bool] = lambda text: ask_to_delete(self, text)
        self._annotations: list[Annotation] = []
        self.title_label = QLabel(self)
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.title_label.setWordWrap(True)
        self.close_button = QPushButton(self.tr("Đóng"), self)
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.panel_did_close)
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.close_button)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setIconSize(QSize(ICON_PX, ICON_PX))
        self.list.setSpacing(3)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setStyleSheet(
            "QListWidget { background: white; font-size: 13pt; }"
            "QListWidget::item { padding: 8px 4px; border-bottom: 1px solid #dde1e5; }"
            f"QListWidget::item:selected {{ background: #cfe0f7; color: {theme.INK}; }}"
        )
        self.list.itemClicked.connect(self._on_click)
        self.list.currentRowChanged.connect(lambda row: self.delete_button.setEnabled(row >= 0))
        self.empty_label = QLabel(
            self.tr("Chưa có ghi chú nào.\nChọn «Tô sáng», «Bút» hoặc «Ghi chú» ở trên để bắt đầu."), self
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setStyleSheet(f"color: {theme.MUTED}; padding: 6px 2px;")
        self.delete_button = QPushButton(self.tr("Xóa mục đã chọn"), self)
        # Red only while it can act: a disabled delete must not look ready to delete.
        self.delete_button.setStyleSheet(f"QPushButton:enabled {{ color: {theme.DANGER}; border-color: {theme.DANGER}; }}")
        self.delete_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self._delete_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.delete_button)
        self.set_annotations([])

    def set_annotations(self, annotations: list[Annotation]) -> None:
        current = self.current()
        ordered = sorted(annotations, key=lambda a: (a.page, a.created_at, a.annotation_id))
        self._annotations = ordered
        self.list.clear()
        for annotation in ordered:
            item = QListWidgetItem(kind_icon(annotation), describe(annotation))
            item.setData(ROLE, annotation.annotation_id)
            self.list.addItem(item)
            if current is not None and annotation.annotation_id == current.annotation_id:
                self.list.setCurrentItem(item)
        self.title_label.setText(self.tr("Ghi chú của tôi ({n})").format(n=len(ordered)))
        self.empty_label.setVisible(not ordered)
        self.list.setVisible(bool(ordered))
        self.delete_button.setVisible(bool(ordered))
        self.delete_button.setEnabled(self.list.currentRow() >= 0)

    def current(self) -> Annotation | None:
        row = self.list.currentRow()
        return self._annotations[row] if 0 <= row < len(self._annotations) else None

    def row_of(self, annotation_id: str) -> int:
        return next((n for n, a in enumerate(self._annotations) if a.annotation_id == annotation_id), -1)

    def _on_click(self, item: QListWidgetItem) -> None:
        annotation = self._annotations[self.list.row(item)]
        self.annotation_did_get_chosen.emit(annotation)

    def _delete_current(self) -> None:
        annotation = self.current()
        if annotation is None:
            return
        question = self.tr("Xóa «{what}» ở trang {n}? Không lấy lại được sau khi xóa.").format(
            what=kind_label(annotation).lower(), n=annotation.page + 1
        )
        if self.ask(question):
            self.annotation_did_get_deleted.emit(annotation.annotation_id)
