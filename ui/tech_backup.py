"""The technician's «Sao lưu» panel. A room backup reads the server's data folder itself (SQLite
snapshots, encrypted documents, the room key, the TLS certificate: app/storage/room_backup.py),
which no device can do over the network, so the panel gives the command to run on the server
machine; when the console runs on that machine, it backs up from here and keeps the result."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.clock import parse_iso
from app.storage.room_backup import BackupError, BackupSummary, backup
from app.storage.room_backup_check import cert_fingerprint
from ui import theme
from ui.chair_model import spawn

LAST_FILE: Final = "last-backup.json"
"""In the technician device's folder: the last backup made from this console."""


def backup_name(now: datetime) -> str:
    return f"phonghop-{now:%Y%m%d-%H%M}.tar"


class BackupPanel(QWidget):
    """«Sao lưu»: the backup and restore commands for the server machine (with «Sao chép»), and
    «Sao lưu ngay từ máy này…» for a console on the server machine itself: the data folder chosen
    must hold the certificate of the room this console is connected to, so nobody backs up
    another room by mistake.

    Attributes: model (TechViewModel), backup_edit, restore_edit, copy_button, now_button,
    result_label, last_label, choose_data_dir / choose_out (file dialogs, replaceable).
    Methods: async back_up(data_dir, out), last() -> the last result kept, or None.
    """

    def __init__(self, model: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.choose_data_dir: Callable[[], str] = self._ask_data_dir
        self.choose_out: Callable[[str], str] = self._ask_out

        heading = QLabel(self.tr("Sao lưu phòng họp"), self)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        why = QLabel(self.tr("Bản sao lưu được tạo trên máy chủ phòng họp: lệnh đọc trực tiếp thư mục dữ liệu của máy "
                             "chủ (cơ sở dữ liệu, tài liệu đã mã hóa, khóa phòng họp, chứng chỉ), nên không chạy được "
                             "từ máy kỹ thuật viên qua mạng. Có thể sao lưu khi phòng họp đang họp: đại biểu không bị "
                             "gián đoạn."), self)
        why.setWordWrap(True)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSize(theme.BASE_PT - 2)

        on_server = QGroupBox(self.tr("Trên máy chủ phòng họp, mở cửa sổ lệnh và chạy:"), self)
        self.backup_edit = QLineEdit(on_server)
        self.restore_edit = QLineEdit(on_server)
        for edit in (self.backup_edit, self.restore_edit):
            edit.setReadOnly(True)
            edit.setFont(mono)
            edit.setMinimumHeight(theme.MIN_TOUCH_PX)
        name = backup_name(datetime.now())
        self.backup_edit.setText(f"phonghop admin backup --data THU_MUC_DU_LIEU --out O_SAO_LUU/{name}")
        self.restore_edit.setText(f"phonghop admin restore --from O_SAO_LUU/{name} --data THU_MUC_MOI")
        self.copy_button = QPushButton(self.tr("Sao chép"), on_server)
        self.copy_button.clicked.connect(lambda: self._copy(self.backup_edit.text()))
        copy_restore = QPushButton(self.tr("Sao chép"), on_server)
        copy_restore.clicked.connect(lambda: self._copy(self.restore_edit.text()))
        note = QLabel(self.tr("Thay THU_MUC_DU_LIEU bằng thư mục đã dùng khi khởi động máy chủ (phonghop server "
                              "--data …), O_SAO_LUU bằng một thư mục trên ổ USB hoặc ổ mạng khác. Nên sao lưu trước "
                              "và sau mỗi phiên họp. Khôi phục chỉ vào một thư mục mới (THU_MUC_MOI), trống; lệnh "
                              "kiểm tra từng tệp trước khi khôi phục."), on_server)
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {theme.MUTED};")
        grid = QVBoxLayout(on_server)
        for label, edit, button in ((self.tr("Sao lưu:"), self.backup_edit, self.copy_button),
                                    (self.tr("Khôi phục:"), self.restore_edit, copy_restore)):
            row = QHBoxLayout()
            caption = QLabel(label, on_server)
            caption.setMinimumWidth(110)
            row.addWidget(caption)
            row.addWidget(edit, 1)
            row.addWidget(button)
            grid.addLayout(row)
        grid.addWidget(note)

        here = QGroupBox(self.tr("Nếu máy này chính là máy chủ phòng họp"), self)
        self.now_button = QPushButton(self.tr("Sao lưu ngay từ máy này…"), here)
        self.now_button.clicked.connect(self._now_clicked)
        self.result_label = QLabel(here)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()
        self.last_label = QLabel(here)
        self.last_label.setWordWrap(True)
        here_layout = QVBoxLayout(here)
        top = QHBoxLayout()
        top.addWidget(self.now_button)
        top.addStretch(1)
        here_layout.addLayout(top)
        here_layout.addWidget(self.result_label)
        here_layout.addWidget(self.last_label)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(why)
        layout.addWidget(on_server)
        layout.addWidget(here)
        layout.addStretch(1)
        self._show_last()

    def _copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)

    # -- backing up from the server machine ----------------------------------------------------

    def _ask_data_dir(self) -> str:
        return QFileDialog.getExistingDirectory(self, self.tr("Chọn thư mục dữ liệu của máy chủ phòng họp"))

    def _ask_out(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu bản sao lưu"), str(Path.home() / suggested),
                                              self.tr("Bản sao lưu (*.tar)"))
        return path

    def _now_clicked(self) -> None:
        data_dir = self.choose_data_dir()
        if not data_dir:
            return
        out = self.choose_out(backup_name(datetime.now()))
        if out:
            spawn(self.back_up(Path(data_dir), Path(out)))

    async def back_up(self, data_dir: Path, out: Path) -> BackupSummary | None:
        self.now_button.setEnabled(False)
        self._say(self.tr("Đang sao lưu…"), theme.MUTED)
        try:
            mine = self.model.identity.fingerprint
            try:
                theirs = await asyncio.to_thread(lambda: cert_fingerprint((data_dir / "tls" / "cert.pem").read_bytes()))
            except (OSError, ValueError):
                theirs = None
            if theirs != mine:
                self._say(self.tr("{0} không phải thư mục dữ liệu của máy chủ phòng họp đang kết nối (chứng chỉ không "
                                  "khớp). Hãy chọn thư mục đã dùng khi khởi động máy chủ.").format(data_dir), theme.DANGER)
                return None
            done = await asyncio.to_thread(backup, data_dir, out)
        except BackupError as exc:
            self._say(self.tr("Không sao lưu được: {0}").format(exc.message), theme.DANGER)
            return None
        finally:
            self.now_button.setEnabled(True)
        files = done.manifest.files
        record = {"at": done.manifest.created_at, "path": str(done.path), "documents": len(done.manifest.blobs()),
                  "bytes": sum(f.size for f in files.values()),
                  "logs": [[h.log, h.seq] for h in done.manifest.logs]}
        with contextlib.suppress(OSError):  # the backup exists; only the console's note of it would be lost
            await asyncio.to_thread((self.model.folder / LAST_FILE).write_text, json.dumps(record), "utf-8")
        self._say(self.tr("Đã sao lưu vào {0}.").format(done.path), theme.LIVE)
        self._show_last(record)
        return done

    def last(self) -> dict[str, Any] | None:
        try:
            found = json.loads((self.model.folder / LAST_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return found if isinstance(found, dict) else None

    def _show_last(self, record: dict[str, Any] | None = None) -> None:
        record = record or self.last()
        if record is None:
            self.last_label.setText(self.tr("Chưa sao lưu từ máy này."))
            return
        at = parse_iso(str(record["at"])).astimezone()
        events = sum(int(seq) for _, seq in record.get("logs", []))
        size = int(record.get("bytes", 0)) / 1024 / 1024
        self.last_label.setText(self.tr("Lần sao lưu gần nhất từ máy này: {0} vào {1} — {2} tài liệu mã hóa, {3} sự "
                                        "kiện nhật ký, {4} MiB.").format(
            at.strftime("%H:%M %d/%m/%Y"), record["path"], record.get("documents", 0), events,
            f"{size:.1f}".replace(".", ",")))

    def _say(self, text: str, color: str) -> None:
        self.result_label.setText(text)
        theme.restyle(self.result_label, f"color: {color}; font-weight: bold;")
        self.result_label.show()
