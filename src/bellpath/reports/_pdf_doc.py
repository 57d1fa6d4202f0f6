"""The page layout of bellpath's PDF reports, on fpdf2 (pure Python, no system libraries).

Text is set in DejaVu Sans, a Unicode TrueType font that ships inside matplotlib's package data, so
names with accents, Greek or Cyrillic letters render offline. Every page carries a footer with the
disclaimer and the page number.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Final

from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode, XPos, YPos
from PIL import Image

__all__ = ["FONT", "MISSING_GLYPH", "ReportDocument", "font_path"]

FONT: Final = "DejaVu"
MISSING_GLYPH: Final = "?"
"""Drawn for a character the font has no glyph for (e.g. Chinese, emoji)."""
_INK: Final = (33, 37, 41)
_MUTED: Final = (100, 106, 112)
_ACCENT: Final = (22, 84, 135)
_ALERT_FILL: Final = (253, 231, 231)
_ALERT_INK: Final = (150, 20, 20)
_CALM_FILL: Final = (231, 244, 236)
_NOTE_FILL: Final = (238, 243, 248)
_ROW_FILL: Final = (245, 247, 250)


def font_path(style: str = "") -> Path:
    """The DejaVu Sans TTF in matplotlib's package data (``style`` ``""`` or ``"B"``)."""
    name = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}[style]
    ref = resources.files("matplotlib") / "mpl-data" / "fonts" / "ttf" / name
    return Path(str(ref))


class ReportDocument(FPDF):
    """An A4 document with bellpath's headings, tables, alert boxes and footer."""

    def __init__(self, *, title: str, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        for style in ("", "B", "I"):
            self.add_font(FONT, style, str(font_path(style)))
        self.footer_text = footer_text
        self.set_title(title)
        self.set_creator("bellpath")
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(auto=True, margin=22)
        self.set_text_color(*_INK)
        self.add_page()

    # ------------------------------------------------------------------ text

    def normalize_text(self, text: str) -> str:
        """Replace characters the font cannot draw with ``MISSING_GLYPH``.

        fpdf2 would leave them blank and *log* them, and they can be letters of a patient's name:
        health data is never logged. Latin, Greek and Cyrillic are covered by DejaVu Sans.
        """
        text = super().normalize_text(text)
        font = self.current_font
        cmap = getattr(font, "cmap", None)
        if not cmap:
            return text
        return "".join(c if ord(c) in cmap or c in "\n\r\t" else MISSING_GLYPH for c in text)

    # ------------------------------------------------------------------ page furniture

    def footer(self) -> None:
        """Disclaimer and page number at the foot of every page."""
        self.set_y(-17)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*_MUTED)
        self.multi_cell(0, 3.5, self.footer_text, align="C")
        self.cell(0, 4, f"page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(*_INK)

    # ------------------------------------------------------------------ building blocks

    def title_block(self, title: str, subtitle: str) -> None:
        """The report's title and a line under it (date, who it is for)."""
        self.set_font(FONT, "B", 18)
        self.set_text_color(*_ACCENT)
        self.multi_cell(0, 9, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 9.5)
        self.set_text_color(*_MUTED)
        self.multi_cell(0, 5, subtitle, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*_INK)
        self.ln(2)

    def heading(self, text: str, *, keep_with: float = 30) -> None:
        """A section heading; starts a new page when less than ``keep_with`` mm would follow it."""
        if self.get_y() + 12 + keep_with > self.h - self.b_margin:
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", 12.5)
        self.set_text_color(*_ACCENT)
        self.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*_ACCENT)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_text_color(*_INK)
        self.ln(1.5)

    def paragraph(self, text: str, *, size: float = 10, style: str = "") -> None:
        """Wrapped text."""
        self.set_font(FONT, style, size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def muted(self, text: str) -> None:
        """A small grey note (a citation, a caveat)."""
        self.set_text_color(*_MUTED)
        self.paragraph(text, size=8)
        self.set_text_color(*_INK)

    def bullets(self, items: Sequence[str], *, size: float = 10) -> None:
        """A bulleted list."""
        self.set_font(FONT, "", size)
        for item in items:
            self.set_x(self.l_margin + 2)
            self.cell(4, size * 0.5, "•")
            self.multi_cell(0, size * 0.5, item, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def box(self, title: str, lines: Sequence[str], *, kind: str = "note") -> None:
        """A shaded box: ``alert`` (red flags), ``calm`` (all clear) or ``note``."""
        fill = {"alert": _ALERT_FILL, "calm": _CALM_FILL}.get(kind, _NOTE_FILL)
        ink = _ALERT_INK if kind == "alert" else _INK
        self.set_fill_color(*fill)
        self.set_text_color(*ink)
        self.set_font(FONT, "B", 11)
        self.multi_cell(
            0,
            6.5,
            title,
            fill=True,
            align="L",
            padding=(2, 3, 0, 3),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_font(FONT, "", 10)
        for line in lines:
            self.multi_cell(
                0,
                5,
                line,
                fill=True,
                align="L",
                padding=(1, 3, 0, 3),
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
        self.multi_cell(0, 1.5, "", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*_INK)
        self.ln(2)

    def key_values(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Two columns: a label and its value."""
        self.set_font(FONT, "", 9.5)
        self.set_fill_color(255, 255, 255)
        with self.table(
            cell_fill_mode=TableCellFillMode.NONE,
            col_widths=(52, 126),
            first_row_as_headings=False,
            text_align="LEFT",
            borders_layout="HORIZONTAL_LINES",
            line_height=5.5,
            padding=(0.8, 1.5),
        ) as table:
            for key, value in pairs:
                row = table.row()
                row.cell(key, style=FontFace(emphasis="BOLD", color=_MUTED))
                row.cell(value)
        self.ln(2)

    def grid(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float] | None = None,
        size: float = 8.5,
        align: str = "LEFT",
    ) -> None:
        """A table with a shaded header and zebra rows."""
        self.set_font(FONT, "", size)
        self.set_fill_color(*_ROW_FILL)
        with self.table(
            col_widths=tuple(widths) if widths else None,
            headings_style=FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=_ACCENT),
            cell_fill_color=_ROW_FILL,
            cell_fill_mode=TableCellFillMode.ROWS,
            line_height=size * 0.55,
            text_align=align,
            padding=(0.8, 1.2),
            borders_layout="NONE",
        ) as table:
            table.row(list(header))
            for cells in rows:
                table.row(list(cells))
        self.ln(2)

    @staticmethod
    def picture_size(data: bytes, width: float, max_height: float) -> tuple[float, float]:
        """Width and height in mm of an image drawn at most ``width`` x ``max_height``."""
        with Image.open(io.BytesIO(data)) as probe:
            px_w, px_h = probe.size
        w = min(width, max_height * px_w / px_h)
        return w, w * px_h / px_w

    def figure(
        self, title: str, data: bytes, *, width: float, caption: str | None, max_height: float
    ) -> None:
        """A heading and its picture, kept on one page."""
        _, h = self.picture_size(data, width, max_height)
        self.heading(title, keep_with=h + 6)
        self.picture(data, width=width, caption=caption, max_height=max_height)

    def picture(
        self, data: bytes, *, width: float, caption: str | None = None, max_height: float = 110
    ) -> None:
        """An image (PNG or JPEG bytes) at most ``width`` x ``max_height`` mm, centred."""
        w, h = self.picture_size(data, width, max_height)
        if self.get_y() + h > self.h - self.b_margin:
            self.add_page()
        self.image(io.BytesIO(data), x=(self.w - w) / 2, w=w, h=h)
        if caption:
            self.set_font(FONT, "I", 8)
            self.set_text_color(*_MUTED)
            self.multi_cell(0, 4, caption, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_text_color(*_INK)
        self.ln(2)

    def to_bytes(self) -> bytes:
        """The finished PDF."""
        return bytes(self.output())
