"""PDF pages as images (the preview) and to the printer (QPrinter).

Pages are drawn by PDFium through ``pypdfium2`` (a declared dependency, with
wheels for Windows, macOS and Linux: PySide6-Essentials has no Qt PDF module,
and a front-desk PC has no Poppler). The PDF is the one that is saved and
recorded: what the preview shows and the printer prints is the notice itself,
not a second drawing of it.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

#: PDFium is not thread-safe: the preview draws pages in a worker thread,
#: printing on the UI thread; one document at a time.
_pdfium_lock = threading.Lock()


def renderer_name() -> str:
    """The engine that draws PDF pages (always available: a dependency)."""
    return "PDFium"


def render_pages(pdf: bytes, dpi: int = 60, first: int = 1, last: int | None = None) -> list[QImage]:
    """Pages ``first``..``last`` (1-based) of ``pdf`` as images at ``dpi`` (any thread)."""
    import pypdfium2 as pdfium  # loaded with the first page drawn, not with the window

    with _pdfium_lock:
        return _render(pdfium.PdfDocument(pdf), dpi, first, last)


def _render(doc, dpi: int, first: int, last: int | None) -> list[QImage]:  # noqa: ANN001
    try:
        count = len(doc)
        images: list[QImage] = []
        for index in range(first - 1, min(last or count, count)):
            page = doc[index]
            try:
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
                fmt = QImage.Format.Format_RGB888 if bitmap.n_channels == 3 else QImage.Format.Format_RGBA8888
                data = bytes(bitmap.buffer)
                images.append(QImage(data, bitmap.width, bitmap.height, bitmap.stride, fmt).copy())
            finally:
                page.close()
        return images
    finally:
        doc.close()


def print_pdf_with_dialog(parent: QWidget | None, title: str, pdf: bytes) -> bool:
    """Ask with QPrintDialog, then print each page at 300 dpi; False when cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    pages = render_pages(pdf, dpi=300)
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for i, image in enumerate(pages):
            if i:
                printer.newPage()
            rect = painter.viewport()
            size = image.size().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(rect.x(), rect.y(), size.width(), size.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(rect)
    finally:
        painter.end()
    return True
