"""PDF documents in and out: the technician's import checks, text extraction, and composing PDFs.

PyMuPDF's one home (with any later `app/documents_*.py`). Every byte comes from outside, so the
import path turns every parser failure into a `DocumentError` with a Vietnamese message: it never
converts, repairs or runs anything. Composing (`compose_pdf`) serves the demo documents and, later,
the signed result records; it writes its own content streams because PyMuPDF's per-glyph text
helpers are two orders of magnitude too slow for a 300-page document.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
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
    {".doc", ".docx", ".docm", ".xls", ".xlsx", ".xlsm", ".ppt", ".pptx", ".pptm", ".odt", ".ods", ".odp", ".rtf"}
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
_LABEL: Final = re.compile(r"độ mật(?: ?: ?(tuyệt mật|tối mật|mật)?| (tuyệt mật|tối mật|mật))?", re.IGNORECASE)
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
    """"Word", "Excel", "PowerPoint" or "văn phòng" when the file is an office document, else None."""
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


# ---------------------------------------------------------------------------------------------
# Writing: administrative documents in the style of Nghị định 30/2020/NĐ-CP, as data.

Style = Literal["regular", "bold", "italic", "bolditalic"]
Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class Paragraph:
    """Text that wraps in its column. `indent` is the first line's, `left` the whole paragraph's;
    `rule` draws a centred line under the text, as a fraction of the text's width; "\\n" breaks."""

    text: str
    size: float = 13
    style: Style = "regular"
    align: Align = "justify"
    indent: float = 0
    left: float = 0
    space_before: float = 0
    space_after: float = 6
    leading: float = 1.3
    rule: float = 0


@dataclass(frozen=True)
class Spacer:
    """Vertical space, in points."""

    height: float


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


@dataclass(frozen=True)
class Columns:
    """Two columns side by side that do not break across pages: the header (issuing body |
    quốc hiệu) and the signature block (Nơi nhận | signer). `split` is the left column's share."""

    left: tuple[Paragraph | Spacer, ...]
    right: tuple[Paragraph | Spacer, ...]
    split: float = 0.42
    space_after: float = 8


@dataclass(frozen=True)
class Table:
    """A bordered table; header rows are shaded, bold and repeated on every page it spans.
    `widths` are the columns' shares of the text width; `bold_rows` are indexes into `rows`."""

    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    align: tuple[Align, ...] = ()
    header_rows: int = 1
    bold_rows: frozenset[int] = frozenset()
    size: float = 11
    space_after: float = 8


Block = Paragraph | Spacer | PageBreak | Columns | Table


@dataclass(frozen=True)
class PdfMetadata:
    """The document information dictionary; `created` is fixed by the caller for reproducible bytes."""

    title: str
    author: str
    subject: str
    created: datetime
    keywords: str = ""


# A4 with the margins of Nghị định 30/2020: left 30 mm, right 20 mm, top and bottom 20 mm.
PAGE_WIDTH: Final = 595.28
PAGE_HEIGHT: Final = 841.89
_MM: Final = 72 / 25.4
_LEFT: Final = 30 * _MM
_RIGHT: Final = PAGE_WIDTH - 20 * _MM
_TOP: Final = 20 * _MM
_BOTTOM: Final = PAGE_HEIGHT - 20 * _MM
_CELL_PAD: Final = 3.5

# Noto Sans from pymupdf-fonts covers every Vietnamese letter; Times New Roman is not free to ship.
_FONT_NAMES: Final[dict[Style, str]] = {
    "regular": "notos",
    "bold": "notosbo",
    "italic": "notosit",
    "bolditalic": "notosbi",
}


class _Face:
    """A font with cached glyph ids and advances (PyMuPDF's own measuring is slow per call)."""

    def __init__(self, name: str, resource: str):
        self.font: Any = pymupdf.Font(name)  # type: ignore[no-untyped-call]
        self.buffer: bytes = self.font.buffer
        self.resource = resource
        self._glyphs: dict[str, tuple[str, float]] = {}
        self._fallback = self._glyph("?")

    def _glyph(self, char: str) -> tuple[str, float]:
        found = self._glyphs.get(char)
        if found is None:
            gid = self.font.has_glyph(ord(char))
            found = (f"{gid:04x}", self.font.glyph_advance(ord(char))) if gid else self._fallback
            self._glyphs[char] = found
        return found

    def width(self, text: str, size: float) -> float:
        return sum(self._glyph(char)[1] for char in text) * size

    def hex(self, text: str) -> str:
        return "".join(self._glyph(char)[0] for char in text)


@cache
def _faces() -> dict[Style, _Face]:
    return {style: _Face(name, f"F{i}") for i, (style, name) in enumerate(_FONT_NAMES.items())}


@dataclass(frozen=True)
class _Line:
    words: tuple[str, ...]
    widths: tuple[float, ...]
    last: bool  # the last line of a paragraph (or before a "\n") is never justified

    @property
    def width(self) -> float:
        return sum(self.widths)


def _wrap(text: str, face: _Face, size: float, width: float, first_indent: float) -> list[_Line]:
    lines: list[_Line] = []
    space = face.width(" ", size)
    for segment in unicodedata.normalize("NFC", text).split("\n"):
        # Runs of spaces are kept (a draft's "Số:      /NQ-HĐND" leaves room for the number).
        words = segment.strip().split(" ")
        if not segment.strip():
            lines.append(_Line((), (), True))
            continue
        current: list[str] = []
        widths: list[float] = []
        used = 0.0
        for word in words:
            w = face.width(word, size)
            limit = width - (first_indent if not lines else 0)
            if current and used + space + w > limit:
                lines.append(_Line(tuple(current), tuple(widths), False))
                current, widths, used = [], [], 0.0
            used += (space if current else 0) + w
            current.append(word)
            widths.append(w)
        lines.append(_Line(tuple(current), tuple(widths), True))
    return lines


class _Composer:
    """Lays blocks out top to bottom, page by page, as raw PDF content-stream operators."""

    def __init__(self, page_numbers: bool):
        self.doc: Any = pymupdf.open()  # type: ignore[no-untyped-call]
        self.faces = _faces()
        self.page_numbers = page_numbers
        self.ops: list[str] = []
        self.page: Any = None
        self.resources = 0
        self.font_xrefs: dict[str, int] = {}
        self.used: set[str] = set()
        self.y = _TOP
        self.new_page()

    # -- pages

    def new_page(self) -> None:
        self.flush()
        self.page = self.doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        if not self.resources:
            # One resource dictionary shared by all pages; `finish` drops the fonts never used.
            self.font_xrefs = {
                face.resource: self.page.insert_font(fontname=face.resource, fontbuffer=face.buffer)
                for face in self.faces.values()
            }
            self.resources = self.doc.get_new_xref()
            self.set_fonts(self.font_xrefs)
        self.doc.xref_set_key(self.page.xref, "Resources", f"{self.resources} 0 R")
        self.y = _TOP
        number = self.doc.page_count
        if self.page_numbers and number > 1:  # page numbers top centre, from the second page on
            label = str(number)
            face = self.faces["regular"]
            self.text(face, 12, (PAGE_WIDTH - face.width(label, 12)) / 2, _TOP / 2 + 6, [(0.0, label)])

    def flush(self) -> None:
        if self.page is None:
            return
        xref = self.doc.get_new_xref()
        self.doc.update_object(xref, "<<>>")
        self.doc.update_stream(xref, "\n".join(self.ops).encode("ascii"))
        self.doc.xref_set_key(self.page.xref, "Contents", f"{xref} 0 R")
        self.ops = []

    def set_fonts(self, xrefs: dict[str, int]) -> None:
        fonts = " ".join(f"/{name} {xref} 0 R" for name, xref in sorted(xrefs.items()))
        self.doc.update_object(self.resources, f"<</Font<<{fonts}>>>>")

    def room(self, height: float) -> None:
        if self.y + height > _BOTTOM and self.y > _TOP:
            self.new_page()

    # -- drawing

    def text(self, face: _Face, size: float, x: float, baseline: float, runs: list[tuple[float, str]]) -> None:
        """Show `runs` of (offset from x, text) on one baseline."""
        self.used.add(face.resource)
        parts = [f"BT /{face.resource} {size:g} Tf {x:.2f} {PAGE_HEIGHT - baseline:.2f} Td"]
        previous = 0.0
        for offset, chunk in runs:
            parts.append(f"{offset - previous:.2f} 0 Td <{face.hex(chunk)}> Tj")
            previous = offset
        parts.append("ET")
        self.ops.append(" ".join(parts))

    def line(self, x0: float, y: float, x1: float, width: float = 0.6) -> None:
        flipped = PAGE_HEIGHT - y
        self.ops.append(f"{width:g} w {x0:.2f} {flipped:.2f} m {x1:.2f} {flipped:.2f} l S")

    def rect(self, x: float, y: float, w: float, h: float, fill: float | None = None) -> None:
        box = f"{x:.2f} {PAGE_HEIGHT - y - h:.2f} {w:.2f} {h:.2f} re"
        if fill is not None:
            self.ops.append(f"{fill:g} g {box} f 0 g")
        self.ops.append(f"0.6 w {box} S")

    # -- blocks

    def paragraph(self, p: Paragraph, x0: float, x1: float, breakable: bool = True) -> None:
        face = self.faces[p.style]
        x0 += p.left
        lines = _wrap(p.text, face, p.size, x1 - x0, p.indent)
        height = p.size * p.leading
        if self.y > _TOP:
            self.y += p.space_before
        widest = 0.0
        for index, line in enumerate(lines):
            if breakable:
                self.room(height)
            indent = p.indent if index == 0 else 0.0
            self.place(face, p, line, x0 + indent, x1, self.y + p.size)
            widest = max(widest, line.width + (len(line.words) - 1) * face.width(" ", p.size))
            self.y += height
        if p.rule:
            rule = widest * p.rule
            middle = (x0 + x1) / 2 if p.align == "center" else x0 + widest / 2
            self.line(middle - rule / 2, self.y - height + p.size * 1.3, middle + rule / 2)
            self.y += 2
        self.y += p.space_after

    def place(self, face: _Face, p: Paragraph, line: _Line, x0: float, x1: float, baseline: float) -> None:
        if not line.words:
            return
        space = face.width(" ", p.size)
        natural = line.width + space * (len(line.words) - 1)
        if p.align == "justify" and not line.last and len(line.words) > 1:
            gap = (x1 - x0 - line.width) / (len(line.words) - 1)
            runs, offset = [], 0.0
            for word, width in zip(line.words, line.widths, strict=True):
                runs.append((offset, word + " "))
                offset += width + gap
            runs[-1] = (runs[-1][0], line.words[-1])
            self.text(face, p.size, x0, baseline, runs)
            return
        start = {"center": (x1 - x0 - natural) / 2, "right": x1 - x0 - natural}.get(p.align, 0.0)
        self.text(face, p.size, x0 + start, baseline, [(0.0, " ".join(line.words))])

    def columns(self, c: Columns) -> None:
        middle = _LEFT + (_RIGHT - _LEFT) * c.split
        self.room(self.measure(c.left, _LEFT, middle) + 4)
        self.room(self.measure(c.right, middle, _RIGHT) + 4)
        top = self.y
        bottoms = []
        for blocks, x0, x1 in ((c.left, _LEFT - 20, middle), (c.right, middle, _RIGHT + 10)):
            self.y = top
            for block in blocks:
                if isinstance(block, Spacer):
                    self.y += block.height
                else:
                    self.paragraph(block, x0, x1, breakable=False)
            bottoms.append(self.y)
        self.y = max(bottoms) + c.space_after

    def measure(self, blocks: Iterable[Paragraph | Spacer], x0: float, x1: float) -> float:
        total = 0.0
        for block in blocks:
            if isinstance(block, Spacer):
                total += block.height
            else:
                face = self.faces[block.style]
                lines = _wrap(block.text, face, block.size, x1 - x0 - block.left, block.indent)
                total += block.space_before + len(lines) * block.size * block.leading + block.space_after
        return total

    def table(self, t: Table) -> None:
        total = _RIGHT - _LEFT
        scale = total / sum(t.widths)
        xs = [_LEFT]
        for share in t.widths:
            xs.append(xs[-1] + share * scale)
        headers = [self.table_row(t, i, xs) for i in range(min(t.header_rows, len(t.rows)))]
        for index in range(len(t.rows)):
            row = headers[index] if index < len(headers) else self.table_row(t, index, xs)
            if self.y + row[0] > _BOTTOM and self.y > _TOP:
                self.new_page()
                if index >= len(headers):
                    for header in headers:
                        self.draw_row(t, header, xs, shaded=True)
            self.draw_row(t, row, xs, shaded=index < t.header_rows)
        self.y += t.space_after

    def table_row(self, t: Table, index: int, xs: list[float]) -> tuple[float, Style, list[list[_Line]]]:
        style: Style = "bold" if index < t.header_rows or index in t.bold_rows else "regular"
        face = self.faces[style]
        cells = [
            _wrap(cell, face, t.size, xs[i + 1] - xs[i] - 2 * _CELL_PAD, 0)
            for i, cell in enumerate(t.rows[index])
        ]
        height = max(len(lines) for lines in cells) * t.size * 1.25 + 2 * _CELL_PAD
        return height, style, cells

    def draw_row(
        self, t: Table, row: tuple[float, Style, list[list[_Line]]], xs: list[float], shaded: bool
    ) -> None:
        height, style, cells = row
        face = self.faces[style]
        for column, lines in enumerate(cells):
            x0, x1 = xs[column], xs[column + 1]
            self.rect(x0, self.y, x1 - x0, height, fill=0.9 if shaded else None)
            align: Align = "center" if shaded else (t.align[column] if column < len(t.align) else "left")
            p = Paragraph("", size=t.size, style=style, align=align)
            top = self.y + (height - len(lines) * t.size * 1.25) / 2
            for number, line in enumerate(lines):
                baseline = top + t.size * (number + 1) * 1.25 - t.size * 0.3
                self.place(face, p, line, x0 + _CELL_PAD, x1 - _CELL_PAD, baseline)
        self.y += height

    def finish(self, metadata: PdfMetadata) -> bytes:
        self.flush()
        self.set_fonts({name: xref for name, xref in self.font_xrefs.items() if name in self.used})
        stamp = metadata.created.strftime("D:%Y%m%d%H%M%S")
        offset = metadata.created.strftime("%z")
        if offset:
            stamp += f"{offset[:3]}'{offset[3:]}'"
        self.doc.set_metadata(
            {
                "title": metadata.title,
                "author": metadata.author,
                "subject": metadata.subject,
                "keywords": metadata.keywords,
                "creator": "PhòngHọp",
                "producer": "PhòngHọp",
                "creationDate": stamp,
                "modDate": stamp,
            }
        )
        self.doc.subset_fonts()
        data: bytes = self.doc.tobytes(garbage=3, deflate=True, no_new_id=True)
        self.doc.close()
        return data


def compose_pdf(blocks: Iterable[Block], metadata: PdfMetadata, *, page_numbers: bool = True) -> bytes:
    """An A4 PDF of `blocks`; the same blocks and metadata always give the same bytes."""
    composer = _Composer(page_numbers)
    for block in blocks:
        if isinstance(block, Paragraph):
            composer.paragraph(block, _LEFT, _RIGHT)
        elif isinstance(block, Spacer):
            composer.y += block.height
        elif isinstance(block, PageBreak):
            composer.new_page()
        elif isinstance(block, Columns):
            composer.columns(block)
        else:
            composer.table(block)
    return composer.finish(metadata)
