"""The one seam of questions: Enter and Escape give the safe answer, everywhere in ui/.

The real :class:`ui.common.dialogs.DialogService` is driven here (the rest of the
UI tests script it): with the ``clerk_presses`` fixture ``QMessageBox.exec`` is a
clerk who presses a key on whatever has the focus, so nothing blocks offscreen.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ui.common import dialogs

UI = Path(__file__).resolve().parents[3] / "ui"


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape])
@pytest.mark.parametrize("ok_text", [None, "Log another"])
def test_enter_and_escape_answer_cancel(clerk_presses, key, ok_text) -> None:
    seen = clerk_presses(key)
    assert dialogs.confirm(None, "Another meal?", "张三明 already has lunch.", ok_text=ok_text) is False
    assert seen[0][1] == "Cancel"  # the focus sits on Cancel, not on the yes


def test_only_the_yes_button_says_yes(qtbot) -> None:
    box, ok = dialogs.confirmation_box(None, "Archive", "Archive 张三明?", ok_text="&Archive")
    assert box.defaultButton() is not ok and box.escapeButton() is box.defaultButton()
    box.show()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert box.clickedButton() is ok


@pytest.mark.parametrize(("key", "expected"), [(Qt.Key.Key_Return, 0), (Qt.Key.Key_Escape, None)])
def test_a_choice_takes_the_safe_default_or_nothing(clerk_presses, key, expected) -> None:
    clerk_presses(key)
    answer = dialogs.choose(None, "Sign-up sheet", "Which copy?", ["Public copy", "Desk copy"])
    assert answer == expected


def _sources() -> list[tuple[Path, ast.AST]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(UI.rglob("*.py"))]


def test_every_question_in_ui_goes_through_the_seam() -> None:
    """No message box of its own anywhere but ui/common/dialogs.py: every confirmation is
    :func:`dialogs.confirm` (or :func:`dialogs.choose`), whose safe default is tested above."""
    offenders = []
    confirm_calls = 0
    for path, tree in _sources():
        if path.relative_to(UI).as_posix() == "common/dialogs.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in ("QMessageBox", "QInputDialog"):
                offenders.append(f"{path.relative_to(UI)}:{node.lineno} {node.id}")
            if isinstance(node, ast.Attribute) and node.attr in ("QMessageBox", "QInputDialog"):
                offenders.append(f"{path.relative_to(UI)}:{node.lineno} {node.attr}")
            if isinstance(node, ast.alias) and node.name in ("QMessageBox", "QInputDialog"):
                offenders.append(f"{path.relative_to(UI)}: imports {node.name}")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "confirm" and isinstance(node.func.value, ast.Name)):
                assert node.func.value.id == "dialogs", f"{path.relative_to(UI)}:{node.lineno}"
                confirm_calls += 1
    assert offenders == []
    assert confirm_calls >= 15  # the walk found the call sites (archive, cancel meal, restore, …)
