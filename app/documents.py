"""PDF documents in: the technician's import checks and text extraction.

PyMuPDF's one home (with `app/documents_*.py`). Every byte comes from outside, so the import path
turns every parser failure into a `DocumentError` with a Vietnamese message: it never converts,
repairs or runs anything. Writing PDFs is `app/documents_compose.py`.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Final, Literal

import pymupdf

from app.errors import DomainError

log = logging.getLogger(__name__)

# MuPDF reports repairs and syntax errors on stderr by default; we detect and refuse them instead.
pymupdf.TOOLS.mupdf_display_errors(False)  # type: ignore[no-untyped-call]
pymupdf.TOOLS.mupdf_display_warnings(False)  # type: ignore[no-untyped-call]

MAX_BYTES: Final = 500 * 1024 * 1024
MAX_PAGES: Final = 5000
# Classification stamps sit on the first page; the second covers a cover sheet before it.
CLASSIFY_PAGES: Final = 2
MAX_TITLE: Final = 300
SECRET_STUB: Final = "Tài liệu mật – phát bản giấy"

Classification = Literal["public", "internal"]
CLASSIFICATIONS: Final[tuple[Classification, ...]] = ("public", "internal")

_OFFICE_EXTENSIONS: Final = frozenset(
    {
        ".doc",
        ".docx",
        ".docm",
        ".xls",
        ".xlsx",
        ".xlsm",
        ".ppt",
        ".pptx",
        ".pptm",
        ".odt",
        ".ods",
        ".odp",
        ".rtf",
    }
)
_OLE2_MAGIC: Final = bytes.fromhex("D0CF11E0A1B11AE1")
_EXPORT_HINT: Final = "Hãy xuất tệp sang PDF rồi nhập lại."


class DocumentError(DomainError):
    """A document refused at import: `code` is "bad_request" or "forbidden", `detail["reason"]` says why."""


# ---------------------------------------------------------------------------------------------
# Reading: what the technician imports.


@dataclass(frozen=True)
class PdfInfo:
    """What the technician sees before importing.

    Attributes: filename, size (bytes), page_count, title (metadata or first heading), has_text
    (False for a scan without a text layer: nothing to search), classification ("public" or
    "internal"; secrets never get this far), has_embedded_files (attachments are kept but flagged).
    """

    filename: str
    size: int
    page_count: int
    title: str
    has_text: bool
    classification: Classification
    has_embedded_files: bool


@dataclass(frozen=True)
class ImportedDocument:
    """A validated PDF ready to be encrypted and uploaded.

    Attributes: item_id (agenda item), filename, title, version (1..), classification, page_count,
    size, sha256 (hex digest of the plaintext PDF), has_text, has_embedded_files, page_texts
    (NFC text of each page, for the search index).
    """

    item_id: str
    filename: str
    title: str
    version: int
    classification: Classification
    page_count: int
    size: int
    sha256: str
    has_text: bool
    has_embedded_files: bool
    page_texts: tuple[str, ...]


def inspect_pdf(data: bytes, filename: str) -> PdfInfo:
    """Validate `data` as an importable PDF and describe it; raise `DocumentError` otherwise."""
    return _examine(data, filename)[0]


def page_texts(data: bytes) -> list[str]:
    """The NFC text of every page of a PDF, after the same checks as an import."""
    return list(_examine(data, "tài liệu")[1])


def import_document(
    data: bytes,
    filename: str,
    *,
    item_id: str,
    title: str | None = None,
    version: int = 1,
    classification: str | None = None,
) -> ImportedDocument:
    """Validate and describe a PDF for agenda item `item_id`.

    An explicit `classification` can only make a document stricter than its stamp: "public" on a
    document stamped "Lưu hành nội bộ" stays "internal", and nothing overrides a secrecy stamp.
    """
    if not isinstance(item_id, str) or not item_id.strip():
        raise _bad("bad_argument", "Chưa chọn nội dung chương trình kỳ họp cho tài liệu.")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _bad("bad_argument", "Số phiên bản tài liệu phải là số nguyên từ 1 trở lên.")
    if classification is not None and classification not in CLASSIFICATIONS:
        if classification.strip().casefold() in {"secret", "mật", "tối mật", "tuyệt mật"}:
            raise _secret_error(classification.strip().upper(), filename)
        raise _bad(
            "bad_classification",
            "Mức phân loại tài liệu không hợp lệ: chỉ chọn «Công khai» hoặc «Lưu hành nội bộ».",
        )
    if title is not None:
        title = " ".join(title.split())
        if not title or len(title) > MAX_TITLE:
            raise _bad("bad_argument", f"Tên tài liệu phải có từ 1 đến {MAX_TITLE} ký tự.")
    info, texts = _examine(data, filename)
    final: Classification = info.classification
    if classification == "internal":
        final = "internal"
    return ImportedDocument(
        item_id=item_id,
        filename=info.filename,
        title=title or info.title,
        version=version,
        classification=final,
        page_count=info.page_count,
        size=info.size,
        sha256=hashlib.sha256(data).hexdigest(),
        has_text=info.has_text,
        has_embedded_files=info.has_embedded_files,
        page_texts=texts,
    )


# Stamp lines are matched whole, after trimming the frame characters around them, so "bí mật" or
# "mật độ dân số" in a sentence never matches. The bare level must be uppercase, as stamped.
_FRAME: Final = " \t[](){}«»<>\"'“”‘’*-–—:.,;•|/\\_=+#"
_BARE_LEVEL: Final = re.compile(r"(?:TÀI LIỆU |ĐỘ MẬT:? ?)?(TUYỆT MẬT|TỐI MẬT|MẬT)")
_LABEL: Final = re.compile(
    r"độ mật(?: ?: ?(tuyệt mật|tối mật|mật)?| (tuyệt mật|tối mật|mật))?", re.IGNORECASE
)
_INTERNAL: Final = re.compile(r"(?:tài liệu )?lưu hành nội bộ", re.IGNORECASE)


def secret_level(text: str) -> str | None:
    """The secrecy level stamped in `text` ("MẬT", "TỐI MẬT", "TUYỆT MẬT"), or None."""
    for line in _stamp_lines(text):
        if match := _BARE_LEVEL.fullmatch(line):
            return match.group(1)
        if match := _LABEL.fullmatch(line):
            # A bare "Độ mật" label with an unreadable level is treated as the lowest level.
            return (match.group(1) or match.group(2) or "mật").upper()
    return None


def classify(text: str, filename: str | None = None) -> Classification:
    """The classification stamped in the text of a document's first pages.

    Raises `DocumentError` ("forbidden") for a state-secret stamp: the law keeps those documents
    off networked devices, so they are handed out on paper.
    """
    level = secret_level(text)
    if level is not None:
        raise _secret_error(level, filename)
    if any(_INTERNAL.fullmatch(line) for line in _stamp_lines(text)):
        return "internal"
    return "public"


def _stamp_lines(text: str) -> Iterator[str]:
    for raw in unicodedata.normalize("NFC", text).splitlines():
        line = " ".join(raw.split()).strip(_FRAME)
        if 0 < len(line) <= 40:
            yield line


def _secret_error(level: str, filename: str | None) -> DocumentError:
    detail: dict[str, Any] = {"reason": "classified", "level": level, "stub": SECRET_STUB}
    if filename is not None:
        detail["filename"] = filename
    return DocumentError(
        "forbidden",
        f"{SECRET_STUB}. Tài liệu mang dấu độ mật «{level}»: Luật Bảo vệ bí mật nhà nước (Điều 5) "
        "nghiêm cấm lưu giữ, truyền đưa tài liệu mật trên thiết bị kết nối mạng, nên PhòngHọp "
        "không nhập tài liệu này.",
        detail,
    )


def _bad(reason: str, message: str, **extra: Any) -> DocumentError:
    return DocumentError("bad_request", message, {"reason": reason, **extra})


def _shown(filename: str) -> str:
    name = " ".join(str(filename).split()) or "tài liệu"
    return name if len(name) <= 80 else name[:77] + "…"


def _office_kind(data: bytes, filename: str) -> str | None:
    """ "Word", "Excel", "PowerPoint" or "văn phòng" when the file is an office document, else None."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in _OFFICE_EXTENSIONS:
        return {"x": "Excel", "p": "PowerPoint"}.get(suffix[1], "Word")
    if data.startswith(_OLE2_MAGIC):
        return "văn phòng"
    if data.startswith(b"{\\rtf"):
        return "Word"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            return None
        for prefix, kind in (("word/", "Word"), ("xl/", "Excel"), ("ppt/", "PowerPoint")):
            if any(name.startswith(prefix) for name in names):
                return kind
        if "mimetype" in names:
            return "văn phòng"
    return None


# Action and script names, as MuPDF prints objects (hex escapes in names already decoded).
_JAVASCRIPT: Final = re.compile(r"/(?:JS|JavaScript)(?![A-Za-z0-9])")
_LAUNCH: Final = re.compile(r"/Launch(?![A-Za-z0-9])")
_EMBEDDED: Final = re.compile(r"/(?:EmbeddedFile|EmbeddedFiles|FileAttachment)(?![A-Za-z0-9])")


def _examine(data: bytes, filename: str) -> tuple[PdfInfo, tuple[str, ...]]:
    shown = _shown(filename)
    if not isinstance(data, bytes | bytearray | memoryview):
        raise _bad("not_pdf", f"Tệp «{shown}» không phải là tệp PDF.")
    data = bytes(data)
    if not data:
        raise _bad("empty_file", f"Tệp «{shown}» rỗng, không có nội dung.")
    if len(data) > MAX_BYTES:
        raise _bad(
            "too_large",
            f"Tệp «{shown}» quá lớn ({len(data) // (1024 * 1024)} MB); giới hạn là {MAX_BYTES // (1024 * 1024)} MB.",
            size=len(data),
            limit=MAX_BYTES,
        )
    kind = _office_kind(data, filename)
    if kind is not None:
        raise _bad(
            "office_document",
            f"Tệp «{shown}» là tài liệu {kind}, không phải PDF. {_EXPORT_HINT}",
            kind=kind,
        )
    if b"%PDF-" not in data[:1024]:
        raise _bad("not_pdf", f"Tệp «{shown}» không phải là tệp PDF.")
    damaged = _bad(
        "damaged",
        f"Tệp PDF «{shown}» bị hỏng hoặc không đầy đủ. Hãy mở tệp bằng trình đọc PDF, "
        "lưu thành tệp mới rồi nhập lại.",
    )
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")  # type: ignore[no-untyped-call]
    except Exception as exc:  # untrusted bytes: any parser failure means a damaged file
        log.info("PDF open failed for %r: %s", shown, exc)
        raise damaged from exc
    try:
        return _examine_open(doc, data, filename, shown, damaged)
    except DocumentError:
        raise
    except Exception as exc:  # same: MuPDF may fail anywhere on a hostile file
        log.info("PDF examination failed for %r: %s", shown, exc)
        raise damaged from exc
    finally:
        doc.close()  # type: ignore[no-untyped-call]


def _examine_open(
    doc: Any, data: bytes, filename: str, shown: str, damaged: DocumentError
) -> tuple[PdfInfo, tuple[str, ...]]:
    # An owner password alone opens without asking but still restricts copying: refuse it too,
    # since indexing and re-encrypting would bypass the author's restrictions.
    if doc.needs_pass or doc.is_encrypted or (doc.metadata or {}).get("encryption"):
        raise _bad(
            "encrypted",
            f"Tệp PDF «{shown}» được đặt mật khẩu hoặc mã hóa. Hãy gỡ mật khẩu, lưu thành tệp "
            "mới rồi nhập lại.",
        )
    if doc.is_repaired:
        raise damaged
    count = doc.page_count
    if count == 0:
        raise _bad("no_pages", f"Tệp PDF «{shown}» không có trang nào.")
    if count > MAX_PAGES:
        raise _bad(
            "too_many_pages",
            f"Tệp PDF «{shown}» có {count} trang, vượt quá giới hạn {MAX_PAGES} trang.",
            page_count=count,
            limit=MAX_PAGES,
        )
    has_embedded = _scan_objects(doc, shown)
    texts = []
    for number in range(count):
        page = doc.load_page(number)
        texts.append(unicodedata.normalize("NFC", page.get_text("text")))
    # MuPDF repairs lazily, when a page refers to a broken object.
    if doc.is_repaired:
        raise damaged
    classification = classify("\n".join(texts[:CLASSIFY_PAGES]), filename)
    info = PdfInfo(
        filename=filename,
        size=len(data),
        page_count=count,
        title=_title(doc, filename),
        has_text=any(text.strip() for text in texts),
        classification=classification,
        has_embedded_files=has_embedded,
    )
    return info, tuple(texts)


def _scan_objects(doc: Any, shown: str) -> bool:
    """Refuse scripts and launch actions anywhere in the file; report embedded files."""
    embedded = False
    for xref in range(1, doc.xref_length()):
        text = doc.xref_object(xref, compressed=True)
        if _JAVASCRIPT.search(text):
            raise _bad(
                "javascript",
                f"Tệp PDF «{shown}» chứa mã JavaScript nên không được nhập vì lý do an toàn. "
                "Hãy in hoặc xuất lại thành PDF thông thường rồi nhập lại.",
            )
        if _LAUNCH.search(text):
            raise _bad(
                "launch_action",
                f"Tệp PDF «{shown}» chứa lệnh mở chương trình hoặc tệp bên ngoài nên không được "
                "nhập vì lý do an toàn.",
            )
        embedded = embedded or bool(_EMBEDDED.search(text))
    return embedded


_BOILERPLATE: Final = re.compile(
    r"cộng hòa xã hội chủ nghĩa việt nam|cộng hoà xã hội chủ nghĩa việt nam|độc lập - tự do"
    r"|^số:|ngày .* tháng .* năm|^kính gửi|lưu hành nội bộ|^dự thảo$",
    re.IGNORECASE,
)


def _title(doc: Any, filename: str) -> str:
    meta = " ".join(str((doc.metadata or {}).get("title") or "").split())
    if meta and not meta.lower().startswith("microsoft ") and not re.search(r"\.\w{2,4}$", meta):
        return unicodedata.normalize("NFC", meta)[:MAX_TITLE]
    lines: list[tuple[float, str]] = []
    for block in doc.load_page(0).get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            text = " ".join("".join(span["text"] for span in line["spans"]).split())
            size = max((span["size"] for span in line["spans"]), default=0.0)
            if len(text) >= 3 and not _BOILERPLATE.search(text):
                lines.append((round(size, 1), unicodedata.normalize("NFC", text)))
    if lines:
        biggest = max(size for size, _ in lines)
        index = next(i for i, (size, _) in enumerate(lines) if size == biggest)
        title = lines[index][1]
        following = lines[index + 1][1] if index + 1 < len(lines) else ""
        if title.isupper() and len(title) <= 40 and following[:3].lower() in {"về ", "v/v"}:
            title = f"{title.capitalize()} {following[0].lower()}{following[1:]}"
        return title[:MAX_TITLE]
    return PurePath(filename).stem[:MAX_TITLE] or "Tài liệu"
