"""The Notices tab driven as a clerk would: pick, type, preview, save, history; the guard blocks."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.notices import history, notice_pdf


def _tab(window):
    window.tabs.setCurrentWidget(window.lazy_tabs["notices"])
    return window.tab("notices")


def test_compose_preview_save_and_find_in_history(qtbot, window, demo_db, typist, scripted_dialogs, tmp_path):
    tab = _tab(window)
    tab.choose_template("general")
    tab.title_edit.clear()
    typist.type(tab.title_edit, "停水通知")
    typist.type(tab.body_edit, "因管道检修，明天上午停水。")
    tab.refresh_preview()
    assert tab.result is not None and tab.result.pages == 1
    preview = tab.preview.pixmap()
    assert not preview.isNull()
    # The page is drawn: an A4 page at preview size, mostly white with ink on it.
    image = preview.toImage()
    assert image.height() > image.width() > 100
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert "#ffffff" in colours and len(colours) > 5
    assert "Page 1 of 1" in tab.page_label.text()
    out = tmp_path / "notice.pdf"
    scripted_dialogs.save_file = lambda *a, **k: out
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert out.read_bytes().startswith(b"%PDF")
    with demo_db.session() as s:
        (rec,) = history(s)
        assert rec.title == "停水通知" and rec.action == "saved"
        assert notice_pdf(s, rec.id) == out.read_bytes()
    assert tab.history_model.rowCount() == 1
    # Reopen it from the history, print it again.
    tab.title_edit.setText("别的")
    tab.history_view.setCurrentIndex(tab.history_model.index(0, 0))
    tab.reopen_button.click()
    assert tab.title_edit.text() == "停水通知"
    tab.reprint_button.click()
    assert scripted_dialogs.calls[-1][0] == "print"
    with demo_db.session() as s:
        assert [r.action for r in history(s)] == ["printed", "saved"]


def test_a_full_id_number_in_the_body_is_blocked_and_pointed_at(qtbot, window, demo_db, typist, scripted_dialogs):
    tab = _tab(window)
    tab.choose_template("general")
    tab.title_edit.setText("Notice")
    typist.type(tab.body_edit, "请11010519491231002X到社区。")
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    kind, title, text = scripted_dialogs.calls[-1]
    assert kind == "error" and "Body, at character 2" in text and "110***********002X" in text
    assert "11010519491231002X" not in text
    cursor = tab.body_edit.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (1, 19)
    assert "ID number" in tab.findings_label.text()
    with demo_db.session() as s:
        assert history(s) == []


def test_a_full_name_needs_an_explicit_reason(qtbot, window, demo_db, typist, scripted_dialogs):
    tab = _tab(window)
    tab.choose_template("general")
    tab.title_edit.setText("Thanks")
    typist.type(tab.body_edit, "感谢张三明。")
    tab.print_button.click()
    assert scripted_dialogs.calls[-1][0] == "error"
    tab.show_names.setChecked(True)
    tab.print_button.click()  # no reason yet
    assert "Say why" in tab.findings_label.text()
    typist.type(tab.reason_edit, "表彰")
    tab.print_button.click()
    assert scripted_dialogs.calls[-1][0] == "print"
    with demo_db.session() as s:
        (rec,) = history(s)
    assert rec.full_names_shown and rec.override_reason == "表彰"


def test_fill_a_disclosure_from_data(qtbot, window, demo_db):
    tab = _tab(window)
    tab.choose_template("menu")
    assert tab.source_edit.isEnabled()
    tab.choose_template("service_results")
    assert not tab.source_edit.isEnabled() and tab.to_edit.isEnabled()
    tab.choose_template("meal_subsidy")
    tab.source_edit.setText("2026-13")
    tab.source_button.click()
    assert tab.findings_label.text()
    from sqlalchemy import select

    from models.activities import Activity

    with demo_db.session() as s:
        activity_id, activity_title = s.execute(select(Activity.id, Activity.title).limit(1)).one()
    tab.choose_template("activity")
    tab.source_edit.setText(str(activity_id))
    tab.source_button.click()
    assert tab.title_edit.text() == activity_title
    qtbot.waitUntil(lambda: not tab.preview_pending, timeout=20_000)
    assert tab.table.rowCount() >= 5 and tab.result.pages >= 1


def _pdf_text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_preview_is_drawn_in_the_background_and_follows_typing(qtbot, window, typist):
    tab = _tab(window)
    # The tab is shown before its first page: that is laid out in a worker.
    qtbot.waitUntil(lambda: not tab.preview_pending, timeout=20_000)
    assert tab.result is not None and not tab.preview.pixmap().isNull()
    tab.title_edit.clear()
    typist.type(tab.title_edit, "停电通知")
    assert tab.preview_pending  # waiting for the pause in typing, the old page still shown
    assert "停电通知" not in _pdf_text(tab.result.pdf)
    with qtbot.waitSignal(tab.previewed, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: not tab.preview_pending, timeout=20_000)
    assert "停电通知" in _pdf_text(tab.result.pdf)
    # A change made while a page is being drawn wins: the older page is dropped.
    tab.title_edit.setText("第一稿")
    tab.request_preview()
    tab.title_edit.setText("第二稿")
    tab.request_preview()
    qtbot.waitUntil(lambda: not tab.preview_pending, timeout=20_000)
    text = _pdf_text(tab.result.pdf)
    assert "第二稿" in text and "第一稿" not in text


def test_logo_chosen_in_settings_is_printed(qtbot, window, demo_db, scripted_dialogs, tmp_path):
    from PIL import Image

    from models.core.settings import load_centre_info

    logo = tmp_path / "logo.png"
    Image.new("RGB", (64, 64), (200, 30, 30)).save(logo)
    dialog = window.open_settings()
    scripted_dialogs.open_file = lambda *a, **k: logo
    dialog.logo_button.click()
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    with demo_db.session() as s:
        assert load_centre_info(s).logo_path == str(logo)
    tab = _tab(window)
    tab.title_edit.setText("通知")
    tab.refresh_preview()
    import io

    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(tab.result.pdf)).pages[0]
    assert page["/Resources"].get("/XObject")
