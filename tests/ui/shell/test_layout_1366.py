"""Every tab is usable at 1366×768 in zh_CN, zh_TW and en (issue 15).

The window is given what a 1366×768 screen leaves it — a 40 px taskbar and a
30 px title bar off the height — and shown with Linli's own fonts
(:func:`ui.common.style.apply_style`: 14 px text, bold 14 px headers). For
each language, each tab and each page of a tab that has pages:

* the window keeps its size: no tab asks for more than the screen has
  (Qt would grow the window past the screen's edge, cutting the form off);
* no form sits in a scroll area that must scroll sideways;
* no header of a visible table or tree is elided: every section is at least
  as wide as its text in the header's font plus the style's margins (and the
  sort arrow where one is shown), as Qt's own ResizeToContents measures it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QSize, Qt, QThreadPool
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QScrollArea,
    QStyle,
    QStyleOptionHeader,
    QTabWidget,
    QWidget,
)

from models.safety.security import ADMIN, current_actor
from ui.common.style import apply_style

SCREEN = QSize(1366, 768)
TASKBAR_PX, TITLE_BAR_PX = 40, 30
#: The window's own area on that screen (menu bar, tabs and status bar included).
CLIENT = QSize(SCREEN.width(), SCREEN.height() - TASKBAR_PX - TITLE_BAR_PX)
LANGUAGES = ("en", "zh_CN", "zh_TW")


@pytest.fixture
def linli_look(qapp):
    """Linli's fonts and palette for this test; the test application's own afterwards."""
    font, header_font, tab_font, palette = qapp.font(), qapp.font("QHeaderView"), qapp.font("QTabBar"), qapp.palette()
    apply_style(qapp)
    yield
    qapp.setFont(font)
    qapp.setFont(header_font, "QHeaderView")
    qapp.setFont(tab_font, "QTabBar")
    qapp.setPalette(palette)


@pytest.fixture
def small_screen_window(qtbot, qapp, demo_db, linli_look):
    from ui.shell.app import create_window

    assert current_actor().role == ADMIN  # every tab shows
    win = create_window(demo_db, qapp, "en")
    win.resize(CLIENT)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    win.deleteLater()
    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def settle(qapp) -> None:
    """Let pages read in worker threads arrive and the layouts settle."""
    QThreadPool.globalInstance().waitForDone(30_000)
    for _ in range(3):
        qapp.processEvents()


def needed_width(header: QHeaderView, logical: int) -> int:
    """The width a section needs to show its text whole (Qt's sectionSizeFromContents, for one section)."""
    model = header.model()
    opt = QStyleOptionHeader()
    opt.initFrom(header)
    opt.section = logical
    opt.orientation = header.orientation()
    opt.text = str(model.headerData(logical, header.orientation(), Qt.ItemDataRole.DisplayRole) or "")
    opt.fontMetrics = header.fontMetrics()
    font = model.headerData(logical, header.orientation(), Qt.ItemDataRole.FontRole)
    if font is not None:
        from PySide6.QtGui import QFontMetrics

        opt.fontMetrics = QFontMetrics(font)
    if header.isSortIndicatorShown() and header.sortIndicatorSection() == logical:
        opt.sortIndicator = QStyleOptionHeader.SortIndicator.SortDown
    size = header.style().sizeFromContents(QStyle.ContentsType.CT_HeaderSection, opt, QSize(), header)
    return size.width()


def elided_headers(root: QWidget) -> list[str]:
    found = []
    for header in root.findChildren(QHeaderView):
        view = header.parentWidget()
        if header.orientation() != Qt.Orientation.Horizontal or not header.isVisibleTo(root) or header.model() is None:
            continue
        if not isinstance(view, QAbstractItemView) or not view.isVisibleTo(root):
            continue
        for logical in range(header.count()):
            if header.isSectionHidden(logical):
                continue
            need, have = needed_width(header, logical), header.sectionSize(logical)
            if have < need:
                text = header.model().headerData(logical, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                found.append(f"{view.objectName() or type(view).__name__}[{logical}] {text!r}: {have} < {need} px")
    return found


def sideways_scroll_areas(root: QWidget) -> list[str]:
    found = []
    for area in root.findChildren(QScrollArea):
        if not area.isVisibleTo(root) or area.widget() is None:
            continue
        need, have = area.widget().minimumSizeHint().width(), area.viewport().width()
        if need > have or area.horizontalScrollBar().isVisible():
            found.append(f"{area.objectName() or type(area).__name__}: form {need} px in {have} px")
    return found


def pages_of(tab: QWidget) -> list[tuple[QTabWidget | None, int]]:
    pages = getattr(tab, "pages", None)
    if isinstance(pages, QTabWidget):
        return [(pages, i) for i in range(pages.count())]
    return [(None, 0)]


def every_page(window, qapp):
    """Shows each tab and each of its pages in turn; yields a name for each."""
    from ui.shell.main_window import TABS

    for i, (key, _title, _description) in enumerate(TABS):
        assert window.tabs.isTabVisible(i), key
        window.tabs.setCurrentIndex(i)
        settle(qapp)
        tab = window.lazy_tabs[key].content
        for pages, j in pages_of(tab):
            if pages is not None:
                pages.setCurrentIndex(j)
                settle(qapp)
            yield f"{key}" + (f"/{pages.tabText(j)}" if pages is not None else ""), tab


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_tab_fits_a_1366_by_768_screen(small_screen_window, qapp, language):
    window = small_screen_window
    window.language_requested.emit(language)
    settle(qapp)
    problems = []
    for name, tab in every_page(window, qapp):
        window.layout().activate()
        wanted = window.minimumSizeHint()
        if wanted.width() > CLIENT.width() or wanted.height() > CLIENT.height() or window.size() != CLIENT:
            problems.append(f"{name}: the window needs {wanted.width()}×{wanted.height()} px "
                            f"(this tab {tab.minimumSizeHint().width()}×{tab.minimumSizeHint().height()})")
        problems += [f"{name}: {p}" for p in sideways_scroll_areas(tab)]
        problems += [f"{name}: header {p}" for p in elided_headers(tab)]
    assert not problems, f"{language}:\n" + "\n".join(problems)


def _geometry(widgets) -> list[tuple[int, int, int, int]]:
    out = []
    for w in widgets:
        top_left = w.mapTo(w.window(), w.rect().topLeft())
        out.append((top_left.x(), top_left.y(), w.width(), w.height()))
    return out


def test_the_sign_up_desk_shows_whole_activity_titles(small_screen_window, qapp, language="en"):
    window = small_screen_window
    window.tabs.setCurrentIndex(3)
    settle(qapp)
    desk = window.tab("activities").desk
    assert desk.table.rowCount() > 0
    margin = desk.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, desk.table) + 1
    for row in range(desk.table.rowCount()):
        text = desk.table.item(row, 1).text()
        need = desk.table.fontMetrics().horizontalAdvance(text) + 2 * margin
        assert need <= desk.table.columnWidth(1), f"{text!r} needs {need} px, has {desk.table.columnWidth(1)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_moves_while_the_clerk_types(small_screen_window, qapp, typist, language):
    """Day care, meals and the sign-up desk: the boards, tables and fields keep their place when matches appear."""
    window = small_screen_window
    window.language_requested.emit(language)
    settle(qapp)
    desks = (
        ("daycare", lambda t: t.quick, lambda t: [t.waiting_box, t.in_box, t.left_box, t.waiting_table, t.quick.input]),
        ("meals", lambda t: t.quick, lambda t: [t.table, t.quick.input, t.mode]),
        ("activities", lambda t: t.desk.find,
         lambda t: [t.desk.find.input, t.desk.person, t.desk.walkin_name, t.desk.reason, t.desk.table]),
    )
    for key, finder_of, key_widgets in desks:
        window.tabs.setCurrentWidget(window.lazy_tabs[key])
        settle(qapp)
        tab = window.tab(key)
        finder = finder_of(tab)
        before = _geometry(key_widgets(tab))
        typist.type(finder.input, "张")  # matches appear
        settle(qapp)
        assert finder.list.isVisible() and finder.list.count() >= 1, key
        assert _geometry(key_widgets(tab)) == before, key
        finder.input.clear()
        settle(qapp)
        assert _geometry(key_widgets(tab)) == before, key
    assert window.size() == CLIENT


def test_the_notices_form_keeps_its_width_when_the_privacy_guard_speaks(small_screen_window, qapp):
    window = small_screen_window
    window.tabs.setCurrentWidget(window.lazy_tabs["notices"])
    settle(qapp)
    tab = window.tab("notices")
    form = tab.findChild(QScrollArea, "noticeForm")
    widgets = [form, form.viewport(), tab.title_edit, tab.body_edit, tab.save_button]
    before = [g[2] for g in _geometry(widgets)]  # the widths
    tab.findings_label.show_message("第 1 行：可能是居民姓名“张三明”，请确认后再公示。\n第 2 行：手机号 138****5678")
    settle(qapp)
    assert tab.findings_label.isVisible()
    assert [g[2] for g in _geometry(widgets)] == before
    assert tab.save_button.isVisible() and tab.save_button.visibleRegion().boundingRect().width() == tab.save_button.width()
