"""`phonghop admin backup` and `phonghop admin restore`: the room server's data, kept and brought back.

    phonghop admin backup --data SERVERDIR --out PATH [--pause-ms N]   (PATH a folder, or FILE.tar)
    phonghop admin restore --from PATH --data NEWDIR

Both exit 0 with a short summary, or 2 with `Lỗi: … [code]` on stderr (app/storage/room_backup.py
lists the codes). The backup runs while the room server runs; restore wants an empty or new folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_commands(steps: Any) -> None:
    copy = steps.add_parser("backup", help="sao lưu máy chủ phòng họp đang chạy (CSDL, tài liệu mã hóa, khóa, chứng chỉ)")
    copy.add_argument("--data", required=True, metavar="SERVERDIR", help="thư mục dữ liệu của máy chủ phòng họp")
    copy.add_argument("--out", required=True, metavar="PATH", help="thư mục sao lưu, hoặc một tệp nếu tên kết thúc bằng .tar")
    copy.add_argument("--pause-ms", type=float, default=5.0, metavar="N",
                      help="nghỉ N mili giây sau mỗi MiB sao chép để phòng họp đang chạy không bị chậm (mặc định 5)")
    copy.set_defaults(run=_backup)

    back = steps.add_parser("restore", help="khôi phục một bản sao lưu vào thư mục dữ liệu mới (trống)")
    back.add_argument("--from", dest="source", required=True, metavar="PATH", help="bản sao lưu (thư mục hoặc tệp .tar)")
    back.add_argument("--data", required=True, metavar="NEWDIR", help="thư mục dữ liệu mới, trống hoặc chưa có")
    back.set_defaults(run=_restore)


def _refuse(code: str, message: str) -> int:
    print(f"Lỗi: {message} [{code}]", file=sys.stderr)
    return 2


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KiB".replace(".", ",")
    return f"{n / 1024 / 1024:.1f} MiB".replace(".", ",")


def _describe(manifest: Any) -> list[str]:
    blobs = manifest.blobs()
    blob_bytes = sum(manifest.files[name].size for name in blobs)
    total = sum(entry.size for entry in manifest.files.values())
    heads = ", ".join(
        f"{'máy chủ' if head.log is None else head.log} #{head.seq} ({head.hash[:12]})" for head in manifest.logs
    )
    return [
        f"  {len(manifest.files) - len(blobs)} tệp dữ liệu, {len(blobs)} tài liệu mã hóa ({_size(blob_bytes)}); tổng {_size(total)}",
        f"  Nhật ký: {heads or 'chưa có sự kiện'}",
        f"  Dấu vân tay chứng chỉ: {manifest.fingerprint}",
    ]


def _backup(args: argparse.Namespace) -> int:
    from app.storage.room_backup import BackupError, backup

    if args.pause_ms < 0:
        return _refuse("bad_request", "--pause-ms không được âm.")
    try:
        done = backup(Path(args.data), Path(args.out), pause_s=args.pause_ms / 1000)
    except BackupError as exc:
        return _refuse(exc.code, exc.message)
    reused = f" ({done.reused_blobs} tài liệu dùng lại từ bản trước)" if done.reused_blobs else ""
    print(f"Đã sao lưu phòng họp vào {done.path} lúc {done.manifest.created_at}{reused}:")
    print("\n".join(_describe(done.manifest)))
    return 0


def _restore(args: argparse.Namespace) -> int:
    from app.storage.room_backup import BackupError, restore

    try:
        done = restore(Path(args.source), Path(args.data))
    except BackupError as exc:
        return _refuse(exc.code, exc.message)
    print(f"Đã kiểm tra và khôi phục bản sao lưu ngày {done.manifest.created_at} vào {done.data_dir}:")
    print("\n".join(_describe(done.manifest)))
    print(f"  Khởi động: phonghop server --data {done.data_dir}")
    return 0
