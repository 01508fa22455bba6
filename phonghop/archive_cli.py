"""`phonghop export` and `phonghop verify`: a meeting's archive, and anyone's check of it (app/archive.py).

    phonghop export --data DIR --meeting ID --out FILE [--force]
    phonghop verify FILE [--json] [--room-key BASE64]

export exits 0, or 2 with `Lỗi: … [code]` on stderr (`no_data_dir`, `unknown_meeting`,
`output_exists`, `no_room_key`, `unreadable_data`, `write_failed`); verify exits 0 valid,
1 invalid, 2 unreadable."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any


def add_commands(sub: Any) -> None:
    """Registers both subcommands on `phonghop`'s subparsers."""
    export = sub.add_parser("export", help="xuất biên bản lưu trữ của một kỳ họp (nhật ký, chữ ký, phiếu công khai)")
    export.add_argument("--data", required=True, help="thư mục dữ liệu của máy chủ phòng họp")
    export.add_argument("--meeting", required=True, help="mã kỳ họp")
    export.add_argument("--out", required=True, help="tệp biên bản lưu trữ sẽ ghi")
    export.add_argument("--force", action="store_true", help="ghi đè tệp đã có")
    export.add_argument("--json-logging", action="store_true")
    export.set_defaults(run=_export)

    check = sub.add_parser("verify", help="kiểm tra một biên bản lưu trữ: chuỗi sự kiện, chữ ký, kiểm lại phiếu")
    check.add_argument("file", help="tệp biên bản lưu trữ")
    check.add_argument("--json", action="store_true", help="kết quả dạng JSON cho chương trình khác")
    check.add_argument("--room-key", help="khóa công khai của phòng họp (base64) mà biên bản phải mang")
    check.set_defaults(run=_verify)


def _refuse(code: str, message: str) -> int:
    print(f"Lỗi: {message} [{code}]", file=sys.stderr)
    return 2


def _export(args: argparse.Namespace) -> int:
    from app.archive import ArchiveError, export_archive
    from app.clock import SystemClock, iso

    out = Path(args.out)
    if out.exists() and not args.force:
        return _refuse("output_exists", f"Tệp {out} đã có; dùng --force để ghi đè.")
    try:
        data, snapshot = export_archive(Path(args.data), args.meeting, iso(SystemClock().now()))
    except ArchiveError as exc:
        return _refuse(exc.code, exc.message)
    try:
        _write(out, data, args.force)
    except FileExistsError:
        return _refuse("output_exists", f"Tệp {out} đã có; dùng --force để ghi đè.")
    except OSError as exc:
        return _refuse("write_failed", f"Không ghi được {out}: {exc.strerror or exc}.")
    votes = sum(e.name == "vote.closed" for e in snapshot.events)
    print(f"Đã xuất biên bản lưu trữ kỳ họp {args.meeting} vào {out}: {len(snapshot.events)} sự kiện, "
          f"{votes} biểu quyết đã kết thúc, {len(data)} byte. Kiểm tra: phonghop verify {out}")
    return 0


def _write(out: Path, data: bytes, force: bool) -> None:
    """Whole or not at all: a temp file beside the target, then renamed (no-clobber without --force)."""
    fd, tmp = tempfile.mkstemp(dir=out.parent if str(out.parent) else ".", prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            os.replace(tmp, out)
        else:
            try:
                os.link(tmp, out)  # FileExistsError if someone made it meanwhile
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                with open(out, "xb") as fh:
                    fh.write(data)
            os.unlink(tmp)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _verify(args: argparse.Namespace) -> int:
    from app.archive_verify import verify_file

    report = verify_file(Path(args.file), args.room_key)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(report.verdict())
    return report.exit_code
