"""Saving a PDF from the window on a full disk (issue 13): an error message, no file, nothing kept."""

from __future__ import annotations

import errno
import os

from PySide6.QtCore import Qt

import models.core.files as files
from models.notices import history


def test_saving_a_notice_on_a_full_disk_leaves_no_file_and_no_history(
        qtbot, window, demo_db, typist, scripted_dialogs, tmp_path, monkeypatch):
    window.tabs.setCurrentWidget(window.lazy_tabs["notices"])
    tab = window.tab("notices")
    tab.choose_template("general")
    tab.title_edit.clear()
    typist.type(tab.title_edit, "停水通知")
    typist.type(tab.body_edit, "因管道检修，明天上午停水。")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    scripted_dialogs.save_file = lambda *a, **k: out_dir / "notice.pdf"

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)  # the bytes were written, the disk could not keep them
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    kind, _title, text = scripted_dialogs.calls[-1]
    assert kind == "error" and "notice.pdf" in text and os.strerror(errno.ENOSPC) in text
    assert list(out_dir.iterdir()) == []
    with demo_db.session() as s:
        assert history(s) == []
