"""PDF output for Linli: plain data in, PDF bytes out.

This package never imports Qt and never opens a database session. Importing
it applies two small, idempotent ReportLab patches (see :mod:`reports.fonts`
and docs/reports.md): UTF-16 ToUnicode entries for characters outside the BMP,
and more closing punctuation that cannot start a line in ``wordWrap='CJK'``.
"""

from reports.fonts import (
    FontChain,
    FontError,
    FontNotFoundError,
    FontSpec,
    default_chain,
    discover_fonts,
    probe_font,
)
from reports.pdf import (
    Body,
    Composer,
    DataTable,
    DocumentInfo,
    Gap,
    Heading,
    Letterhead,
    MissingGlyphsError,
    NewPage,
    PdfResult,
    Title,
    build_pdf,
)

__all__ = [
    "Body",
    "Composer",
    "DataTable",
    "DocumentInfo",
    "FontChain",
    "FontError",
    "FontNotFoundError",
    "FontSpec",
    "Gap",
    "Heading",
    "Letterhead",
    "MissingGlyphsError",
    "NewPage",
    "PdfResult",
    "Title",
    "build_pdf",
    "default_chain",
    "discover_fonts",
    "probe_font",
]
