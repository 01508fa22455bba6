"""The connection banner: quiet when connected, impossible to miss when the server is gone."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from sync.client.status import ConnectionStatus
from ui import theme
from ui.seat_model import SeatViewModel


def status_label(status: ConnectionStatus) -> str:
    """ConnectionStatus.label() in the interface language (the same words in Vietnamese); the
    hall display shows it too, in its footer. Spelled out call by call so lupdate files them
    under the banner's context, where their translations already are."""
    if status.kind == "online":
        return QCoreApplication.translate("ConnectionBanner", "Đã kết nối")
    if status.offline_since is None:
        return QCoreApplication.translate("ConnectionBanner", "Đang kết nối")
    since = f"{status.offline_since.astimezone():%H:%M}"
    return QCoreApplication.translate("ConnectionBanner", "Mất kết nối từ {time}").format(time=since)


class ConnectionBanner(QFrame):
    """Shows the view-model's ConnectionStatus; "Thử lại" skips the reconnect wait.

    Attributes: kind (the status kind last shown), text_label, retry_button.
    """

    def __init__(self, model: SeatViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        self.model = model
        self.kind = ""
        self.text_label = QLabel(self)
        self.text_label.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Thử lại"), self)
        self.retry_button.setToolTip(self.tr("Kết nối lại với máy chủ ngay bây giờ"))
        self.retry_button.clicked.connect(model.reconnect_now)
        self.setAccessibleName(self.tr("Trạng thái kết nối"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 6)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(self.retry_button)
        model.status_did_change.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        status = self.model.status
        self.kind = status.kind
        if status.kind == "online":
            self._show(f"● {self._status_label(status)}", theme.LIVE, theme.LIVE_BG, prominent=False)
        elif status.kind == "refused":
            reason = status.error.message if status.error is not None else ""
            text = self.tr("Máy chủ từ chối kết nối: {reason}").format(reason=reason)
            self._show(text, theme.DANGER, theme.DANGER_BG, prominent=True)
        elif status.kind == "stopped":
            self._show(self.tr("Đã ngắt kết nối"), theme.MUTED, theme.PANEL, prominent=False)
        elif status.offline_since is None:
            self._show(f"{self._status_label(status)}…", theme.WARN, theme.WARN_BG, prominent=True, retry=False)
        else:
            hint = self.tr("Tài liệu và chương trình trên máy vẫn xem được. Máy đang tự kết nối lại.")
            if isinstance(self.model, SeatViewModel) and self.model.locked_text:  # documents wiped: lifecycle.md
                hint = self.tr("Chương trình kỳ họp trên máy vẫn xem được. Máy đang tự kết nối lại.")
            text = f"<b>{self._status_label(status)}</b><br>{hint}"
            self._show(text, theme.DANGER, theme.DANGER_BG, prominent=True)

    def _status_label(self, status: ConnectionStatus) -> str:
        return status_label(status)

    def _show(self, text: str, ink: str, paper: str, *, prominent: bool, retry: bool | None = None) -> None:
        self.text_label.setText(text)
        self.setAccessibleDescription(self.text_label.text())
        size = f"{theme.pt(17 if prominent else 12)}pt"
        weight = "bold" if prominent else "normal"
        border = f"border-bottom: 3px solid {ink};" if prominent else ""
        self.setStyleSheet(
            f"QFrame#connectionBanner {{ background: {paper}; {border} }}"
            f"QFrame#connectionBanner QLabel {{ color: {ink}; font-size: {size}; font-weight: {weight}; }}"
        )
        self.retry_button.setVisible(prominent if retry is None else retry)
