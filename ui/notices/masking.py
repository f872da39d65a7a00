"""The composer's one-click 脱敏: every field's ID numbers, mobiles and full names replaced by their
masked form, in the form itself, before the notice is saved or printed.

A part of :class:`ui.notices.tab.NoticesTab` (a mixin: the widgets are made by
the tab). No rules: what is replaced, and by what, is
:func:`models.notices.mask_text`; here the result is put into the widgets as
edits the clerk can undo (Ctrl+Z in a text field undoes the whole 脱敏 of that
field), and what changed is shown under the form.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTableWidgetItem

from i18n import _, ngettext
from models.notices import (
    KIND_INVISIBLE,
    KIND_NAME,
    MaskChange,
    MaskedText,
    NameIndex,
    field_label,
    mask_text,
    resident_names,
    scan_notice,
)


def _utf16(text: str, index: int) -> int:
    """Qt counts UTF-16 units: 𠮷 is two."""
    return len(text[:index].encode("utf-16-le")) // 2


def _apply_plain(edit: QPlainTextEdit, text: str, result: MaskedText) -> None:
    """Replace each span in one edit block: one Ctrl+Z restores the field."""
    cursor = QTextCursor(edit.document())
    cursor.beginEditBlock()
    for change in reversed(result.changes):  # from the end: the earlier positions stay true
        cursor.setPosition(_utf16(text, change.start))
        cursor.setPosition(_utf16(text, change.end), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(change.masked)
    cursor.endEditBlock()


def _apply_line(edit: QLineEdit, result: MaskedText) -> None:
    """The whole text replaced as one typed edit (undoable, unlike ``setText``)."""
    edit.selectAll()
    edit.insert(result.text)


class NoticeMasking:
    """The 脱敏 part of the Notices tab."""

    def _line_fields(self) -> dict[str, QLineEdit]:
        return {"title": self.title_edit, "subtitle": self.subtitle_edit, "contact": self.contact_edit,
                "issuer": self.issuer_edit}

    def _kept_names(self) -> list[str]:
        """The names shown on purpose (the override ticked): 脱敏 leaves them."""
        override = self._override()
        return list(override.names) if override is not None else []

    def mask_personal_data(self) -> list[MaskChange]:
        """脱敏: replace every blocking finding of every field with its masked form; returns what changed.

        The form's texts are scanned as they stand in the widgets (before the
        trimming :meth:`collect` does), so each span is the clerk's own.
        """
        with self.db.session() as s:
            names = NameIndex.coerce(resident_names(s))
        keep = self._kept_names()
        changes: list[MaskChange] = []

        def masked(key: str, text: str) -> MaskedText:
            result = mask_text(key, text, names, keep_names=keep, today=self._today())
            changes.extend(result.changes)
            return result

        for key, edit in self._line_fields().items():
            text = edit.text()
            result = masked(key, text)
            if result.changed:
                _apply_line(edit, result)
        for key, edit in (("body", self.body_edit), ("closing", self.closing_edit)):
            text = edit.toPlainText()
            result = masked(key, text)
            if result.changed:
                _apply_plain(edit, text, result)
        for c in range(self.table.columnCount()):
            item = self.table.horizontalHeaderItem(c)
            if item is not None and (result := masked("table_header", item.text())).changed:
                item.setText(result.text)
                self._changed()
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item: QTableWidgetItem | None = self.table.item(r, c)
                if item is not None and (result := masked(f"table:{r + 1}:{c + 1}", item.text())).changed:
                    item.setText(result.text)  # itemChanged: the preview follows
        self._show_masked(changes)
        return changes

    def _show_masked(self, changes: list[MaskChange]) -> None:
        """What 脱敏 did, under the form; and what still blocks, if anything does."""
        if not changes:
            self.mask_label.setText(_("Nothing to mask: no ID number, mobile number or full name of a "
                                      "resident was found."))
            self.mask_label.show()
            return
        lines = [ngettext("Masked {n} item; check the text before saving or printing (Ctrl+Z undoes it):",
                          "Masked {n} items; check the text before saving or printing (Ctrl+Z undoes it):",
                          len(changes)).format(n=len(changes))]
        for change in changes:
            field = field_label(change.field)
            shown = _("an invisible character deleted") if change.kind == KIND_INVISIBLE else change.masked
            lines.append(_("{field}: {masked}").format(field=field, masked=shown))
        self.mask_label.setText("\n".join(lines))
        self.mask_label.show()
        # The findings described the text before: what still blocks is told afresh.
        with self.db.session() as s:
            keep = set(self._kept_names())
            left = [f for f in scan_notice(s, self.collect(), today=self._today())
                    if f.blocks and not (f.kind == KIND_NAME and f.found in keep)]
        if left:
            self.findings_label.show_message(
                _("Still on the notice; fix it by hand:") + "\n" + "\n".join(f.message for f in left))
        else:
            self.findings_label.show_message("")
