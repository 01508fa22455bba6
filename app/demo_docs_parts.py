"""The parts every demo document is built from: Vietnamese numbers, the signers' names, and the
paragraphs, header, title and signature block of an administrative document (app.demo_docs)."""

from __future__ import annotations

from app.demo import demo_delegates
from app.documents_compose import Block, Columns, Paragraph, Spacer, Style

# ---------------------------------------------------------------------------------------------
# Helpers: numbers, people, the parts every administrative document has.


def vn_number(value: float, decimals: int = 0) -> str:
    """Vietnamese number style: 1.234.567 and 10,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _person(title: str) -> str:
    return next(str(d["name"]) for d in demo_delegates() if d["title"] == title)


def _p(text: str, style: Style = "regular", space_after: float = 6) -> Paragraph:
    return Paragraph(text, style=style, indent=28, space_after=space_after)


def _heading(text: str) -> Paragraph:
    return Paragraph(text, style="bold", align="justify", indent=28, space_before=4)


def _center(text: str, size: float = 13, style: Style = "bold", rule: float = 0, space_after: float = 0) -> Paragraph:
    return Paragraph(text, size=size, style=style, align="center", space_after=space_after, rule=rule)


def _header(body: tuple[str, str], number: str, date: str, parent_bold: bool = True) -> Columns:
    """Issuing body and số/ký hiệu on the left; quốc hiệu, tiêu ngữ, place and date on the right."""
    parent, unit = body
    return Columns(
        left=(
            _center(parent, 12.5, "bold" if parent_bold else "regular"),
            _center(unit, 12.5, "bold", rule=0.45),
            Spacer(8),
            _center(number, 12.5, "regular"),
        ),
        right=(
            _center("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11.5),
            _center("Độc lập - Tự do - Hạnh phúc", 12.5, rule=1.0),
            Spacer(8),
            _center(date, 12.5, "italic"),
        ),
        split=0.4,
        space_after=14,
    )


def _title(kind: str, about: str) -> list[Block]:
    return [_center(kind, 14), _center(about, 14, rule=0.3), Spacer(14)]


def _signature(recipients: tuple[str, ...], on_behalf: str, role: str, name: str) -> Columns:
    return Columns(
        left=(
            Paragraph("Nơi nhận:", size=12, style="bolditalic", align="left", space_after=0),
            Paragraph("\n".join(recipients), size=11, align="left", leading=1.25),
        ),
        right=(
            _center(on_behalf, 13) if on_behalf else Spacer(0),
            _center(role, 13),
            Spacer(62),
            _center(name, 13),
        ),
        split=0.5,
    )
