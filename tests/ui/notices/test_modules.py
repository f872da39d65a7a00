"""The modules' notices (activity, menu, meal-subsidy and dues disclosures) go through the
composer's one path: privacy guard, history, audit entry — from their commands and their buttons."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QApplication
from sqlalchemy import select, update

import main
from models.activities import Activity
from models.notices import history, notice_pdf
from models.safety.audit import AuditEntry
from ui.notices.tab import NoticeComposerDialog


def _run(*argv: str) -> int:
    args = main.build_parser().parse_args(list(argv))
    return args.func(args)


def _first_activity(db) -> int:
    with db.session() as s:
        return s.scalar(select(Activity.id).order_by(Activity.id).limit(1))


def _notice_audit(db) -> list[tuple[str, int]]:
    with db.session() as s:
        return [tuple(r) for r in s.execute(select(AuditEntry.action, AuditEntry.record_id)
                                             .where(AuditEntry.table_name == "notice").order_by(AuditEntry.id))]


def test_module_commands_are_scanned_kept_and_audited(demo_db, tmp_path, capsys):
    today = dt.date.today()
    year, week, _wd = today.isocalendar()
    path = str(demo_db.path)
    runs = {
        "activity": ("activities", "notice", "--activity", str(_first_activity(demo_db))),
        "menu": ("meals", "menu", "--week", f"{year}-W{week:02d}"),
        "meal_subsidy": ("meals", "disclosure", "--month", f"{today:%Y-%m}"),
        "dues": ("party", "dues-disclosure", "--quarter", f"{today.year}Q{(today.month - 1) // 3 + 1}"),
    }
    for key, argv in runs.items():
        out = tmp_path / f"{key}.pdf"
        assert _run(*argv, "--db", path, "--out", str(out)) == 0, capsys.readouterr().err
        lines = capsys.readouterr().out.strip().splitlines()
        assert len(lines) == 1 and (key == "dues" or "Kept in the notice history." in lines[0])
        with demo_db.session() as s:
            newest = history(s, limit=1)[0]
            assert newest.template == key and newest.action == "saved"
            assert notice_pdf(s, newest.id) == out.read_bytes()
    with demo_db.session() as s:
        kept = {r.id: r for r in history(s)}
    assert {r.template for r in kept.values()} == set(runs)
    disclosures = [r for r in kept.values() if r.template in ("meal_subsidy", "dues")]
    assert all(r.posting_from and r.posting_to for r in disclosures)
    assert sorted(_notice_audit(demo_db)) == sorted(("export", i) for i in kept)


def test_a_planted_mobile_blocks_the_activity_notice_command(demo_db, tmp_path, capsys):
    aid = _first_activity(demo_db)
    with demo_db.write() as s:
        s.execute(update(Activity).where(Activity.id == aid).values(contact="王老师 13812345678"))
    out = tmp_path / "n.pdf"
    assert _run("activities", "notice", "--activity", str(aid), "--db", str(demo_db.path), "--out", str(out)) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "mobile number" in err[0] and "138****5678" in err[0] and "13812345678" not in err[0]
    assert not out.exists()
    with demo_db.session() as s:
        assert history(s) == []


def _composer() -> NoticeComposerDialog:
    (dialog,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, NoticeComposerDialog) and w.isVisible()]
    return dialog


def test_the_activity_button_opens_the_composer_filled_and_printing_keeps_it(
        qtbot, window, demo_db, scripted_dialogs):
    tab = window.tab("activities")
    window.tabs.setCurrentWidget(window.lazy_tabs["activities"])
    tab.model.reload()
    aid = tab.model.id_at(0)
    with demo_db.session() as s:
        title = s.scalar(select(Activity.title).where(Activity.id == aid))
    tab.select_id(aid)
    tab.notice_button.click()
    composer = _composer().composer
    assert composer.values.template == "activity" and composer.title_edit.text() == title
    qtbot.waitUntil(lambda: not composer.preview_pending, timeout=20_000)
    assert composer.result is not None and not composer.preview.pixmap().isNull()
    composer.print_button.click()
    assert scripted_dialogs.calls[-1][0] == "print"
    with demo_db.session() as s:
        (rec,) = history(s)
    assert rec.template == "activity" and rec.action == "printed"
    assert _notice_audit(demo_db) == [("print", rec.id)]
    # The Notices tab shows it when the clerk goes there.
    window.tabs.setCurrentWidget(window.lazy_tabs["notices"])
    _composer().reject()
    notices = window.tab("notices")
    qtbot.waitUntil(lambda: notices.history_model.rowCount() == 1)


def test_the_activity_button_with_a_planted_mobile_is_blocked(qtbot, window, demo_db, scripted_dialogs):
    tab = window.tab("activities")
    tab.model.reload()
    aid = tab.model.id_at(0)
    with demo_db.write() as s:
        s.execute(update(Activity).where(Activity.id == aid).values(contact="13812345678"))
    tab.select_id(aid)
    tab.notice_button.click()
    composer = _composer().composer
    composer.print_button.click()
    kind, _title, text = scripted_dialogs.calls[-1]
    assert kind == "error" and "mobile number" in text
    table = composer.table  # the guard points at the cell
    assert table.item(table.currentRow(), table.currentColumn()).text() == "13812345678"
    with demo_db.session() as s:
        assert history(s) == []


def test_the_menu_and_disclosure_buttons_open_the_composer_filled(qtbot, window, demo_db, scripted_dialogs, tmp_path):
    meals = window.tab("meals")
    window.tabs.setCurrentWidget(window.lazy_tabs["meals"])
    menu = meals.open_menu()
    menu.print_button.click()
    composer = _composer()
    assert composer.composer.values.template == "menu" and composer.composer.table.rowCount() >= 5
    composer.reject()
    menu.reject()
    month = meals.open_month()
    month.disclosure_button.click()
    composer = _composer().composer
    assert composer.values.template == "meal_subsidy" and composer.values.disclosure
    assert composer.contact_edit.text()  # where to object, with the posting period
    out = tmp_path / "d.pdf"
    scripted_dialogs.save_file = lambda *a, **k: out
    assert composer.save_pdf()
    with demo_db.session() as s:
        (rec,) = history(s)
    assert rec.template == "meal_subsidy" and rec.posting_to is not None
    assert _notice_audit(demo_db) == [("export", rec.id)]


def test_a_volunteer_is_told_to_ask_a_clerk(qtbot, window, demo_db, scripted_dialogs):
    from models.safety.security import Actor, acting_as
    from ui.notices.tab import open_composer

    with acting_as(Actor("vol", "volunteer")):
        assert open_composer(window, demo_db, "activity", "1") is None
    assert scripted_dialogs.calls[-1][0] == "error"
