"""The app's look: the selection is calm (not the red of an alarm) and readable."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette


def _luminance(color) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


@pytest.fixture
def styled(qapp):
    """Linli's look on the application (as the start's prepare_app gives it), undone afterwards."""
    from ui.common.style import apply_style

    palette, font = QPalette(qapp.palette()), qapp.font()
    apply_style(qapp)
    yield
    qapp.setPalette(palette)
    qapp.setFont(font)


def test_the_selected_row_is_calm_and_readable(qtbot, qapp, demo_db, styled) -> None:
    from ui.shell.app import create_window

    window = create_window(demo_db, qapp, "en")
    window.show()
    qtbot.waitExposed(window)
    table = window.residents.table
    window.residents.select_row(0)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        back = table.palette().color(group, QPalette.ColorRole.Highlight)
        text = table.palette().color(group, QPalette.ColorRole.HighlightedText)
        hue = back.hslHue()
        assert 180 <= hue <= 250, back.name()  # a blue, not a red (hue near 0/360)
        lighter, darker = sorted((_luminance(back), _luminance(text)), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5  # WCAG AA for the row's text
    image = table.viewport().grab().toImage()
    rect = table.visualRect(window.residents.model.index(0, 1))
    painted = image.pixelColor(rect.left() + 2, rect.center().y())
    assert painted.red() < painted.blue(), painted.name()  # what is drawn is the blue
