"""PDF output for Linli: plain data in, PDF bytes out.

This package never imports Qt and never opens a database session. Importing
:mod:`reports.fonts` applies two small, idempotent ReportLab patches (see
docs/reports.md): UTF-16 ToUnicode entries for characters outside the BMP,
and more closing punctuation that cannot start a line in ``wordWrap='CJK'``.

The names below are loaded on first use (PEP 562), so importing a subpackage
that needs no ReportLab (the notice templates' fields) does not pay for it.
"""

from __future__ import annotations

import importlib
from typing import Any

_FONTS = ("FontChain", "FontError", "FontNotFoundError", "FontSpec", "default_chain", "discover_fonts",
          "probe_font")
_PDF = ("Body", "Composer", "DataTable", "DocumentInfo", "Gap", "Heading", "Letterhead", "MissingGlyphsError",
        "NewPage", "PdfResult", "Title", "build_pdf")


def __getattr__(name: str) -> Any:
    if name in _FONTS:
        return getattr(importlib.import_module("reports.fonts"), name)
    if name in _PDF:
        return getattr(importlib.import_module("reports.pdf"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = sorted(_FONTS + _PDF)
