"""The selected request's panel: its detail and the moves its state allows (派单, 接单, 办结, 退回, 评单, 重办, 撤销).

The buttons follow :func:`models.requests.allowed_moves`; the domain still
refuses an impossible move (its one-line message is shown here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date, format_number
from models.core.errors import LinliError, ValidationFailed
from models.requests import (
    Handler,
    allowed_moves,
    cancel,
    dispatch,
    done,
    get_request_by_id,
    known_names,
    rate,
    reopen,
    request_view,
    return_request,
    suggest_members,
    take,
)
from models.requests.labels import (
    CHANNEL_LABELS,
    DEPARTMENT,
    HANDLER_LABELS,
    RATING_LABELS,
    RATING_STATE_LABELS,
    RATINGS,
    STATE_LABELS,
    UNIT,
    label,
)
from ui.common.forms import ErrorLabel, Retranslatable
from ui.common.style import emphasize

if TYPE_CHECKING:
    from models.core.db import Database


class ActionPanel(Retranslatable, QGroupBox):
    """Emits :attr:`moved` (the request's id) after a move was stored."""

    moved = Signal(int)

    def __init__(self, db: Database, today: Callable[[], dt.date], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("actionPanel")
        self._db, self._today = db, today
        self.request_id: int | None = None
        self.detail = QLabel(objectName="requestDetail", wordWrap=True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        emphasize(self.detail, px=14)
        # dispatch
        self.suggestions = QListWidget(objectName="suggestions")
        self.suggestions.setMaximumHeight(120)
        self.suggestions.itemDoubleClicked.connect(lambda _item: self.dispatch_to_suggestion())
        self.dispatch_member = QPushButton(objectName="dispatchMember", clicked=self.dispatch_to_suggestion)
        self.handler_kind = QComboBox(objectName="handlerKind")
        for kind in (UNIT, DEPARTMENT):
            self.handler_kind.addItem("", kind)
        self.handler_name = QComboBox(objectName="handlerName", editable=True)
        self.handler_kind.currentIndexChanged.connect(lambda _i: self._fill_names())
        self.dispatch_named = QPushButton(objectName="dispatchNamed", clicked=self.dispatch_to_name)
        # take, done, return
        self.take_button = QPushButton(objectName="take", clicked=lambda: self._run(lambda s, r: take(
            s, r, today=self._today())))
        self.hours = QLineEdit(objectName="hours")
        self.note = QLineEdit(objectName="doneNote")
        self.note.returnPressed.connect(self.mark_done)
        self.done_button = QPushButton(objectName="done", clicked=self.mark_done)
        self.reason = QLineEdit(objectName="reason")
        self.return_button = QPushButton(objectName="return", clicked=lambda: self._run(lambda s, r: return_request(
            s, r, self.reason.text(), today=self._today())))
        self.cancel_button = QPushButton(objectName="cancel", clicked=lambda: self._run(lambda s, r: cancel(
            s, r, self.reason.text(), today=self._today())))
        self.reopen_button = QPushButton(objectName="reopen", clicked=lambda: self._run(lambda s, r: reopen(
            s, r, reason=self.reason.text(), today=self._today())))
        # rate
        self.rating = QComboBox(objectName="rating")
        for value in RATINGS:
            self.rating.addItem("", value)
        self.comment = QLineEdit(objectName="comment")
        self.rate_button = QPushButton(objectName="rate", clicked=lambda: self._run(lambda s, r: rate(
            s, r, self.rating.currentData(), self.comment.text(), today=self._today())))
        self.error = ErrorLabel(self)

        self._labels = {k: QLabel() for k in ("suggest", "hours", "note", "reason", "comment")}
        grid = QGridLayout()
        grid.addWidget(self._labels["suggest"], 0, 0, 1, 4)
        grid.addWidget(self.suggestions, 1, 0, 1, 3)
        grid.addWidget(self.dispatch_member, 1, 3)
        grid.addWidget(self.handler_kind, 2, 0)
        grid.addWidget(self.handler_name, 2, 1, 1, 2)
        grid.addWidget(self.dispatch_named, 2, 3)
        grid.addWidget(self.take_button, 3, 3)
        grid.addWidget(self._labels["hours"], 4, 0)
        grid.addWidget(self.hours, 4, 1)
        grid.addWidget(self._labels["note"], 4, 2)
        grid.addWidget(self.note, 5, 0, 1, 3)
        grid.addWidget(self.done_button, 5, 3)
        grid.addWidget(self.rating, 6, 0)
        grid.addWidget(self.comment, 6, 1, 1, 2)
        grid.addWidget(self.rate_button, 6, 3)
        grid.addWidget(self._labels["reason"], 7, 0)
        grid.addWidget(self.reason, 7, 1, 1, 3)
        buttons = QHBoxLayout()
        for b in (self.return_button, self.reopen_button, self.cancel_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.detail)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self._labels["hours"].setBuddy(self.hours)
        self._labels["note"].setBuddy(self.note)
        self._labels["reason"].setBuddy(self.reason)
        self.retranslate()
        self.show_request(None)

    def retranslate(self) -> None:
        self.setTitle(_("The request"))
        self._labels["suggest"].setText(_("Suggested members reporting in (matching post or skills first):"))
        self.dispatch_member.setText(_("&Dispatch to the member"))
        for i in range(self.handler_kind.count()):
            self.handler_kind.setItemText(i, _(HANDLER_LABELS[self.handler_kind.itemData(i)]))
        self.handler_name.lineEdit().setPlaceholderText(_("unit or department's name"))
        self.dispatch_named.setText(_("Dispatch by &name"))
        self.take_button.setText(_("&Taken (接单)"))
        self._labels["hours"].setText(_("H&ours"))
        self._labels["note"].setText(_("What was done"))
        self.done_button.setText(_("D&one (办结)"))
        for i in range(self.rating.count()):
            self.rating.setItemText(i, _(RATING_LABELS[self.rating.itemData(i)]))
        self.comment.setPlaceholderText(_("the resident's comment (never on a notice)"))
        self.rate_button.setText(_("R&ate (评单)"))
        self._labels["reason"].setText(_("Reason"))
        self.return_button.setText(_("Returned by the handler"))
        self.reopen_button.setText(_("Reopen"))
        self.cancel_button.setText(_("Cancel the request"))
        self.show_request(self.request_id)

    def _fill_names(self) -> None:
        kind = self.handler_kind.currentData()
        with self._db.session() as s:
            names = known_names(s, kind)
        text = self.handler_name.currentText()
        self.handler_name.clear()
        self.handler_name.addItems(names)
        self.handler_name.setEditText(text)

    # --- showing ---------------------------------------------------------------------------

    def show_request(self, request_id: int | None) -> None:
        self.request_id = request_id
        self.suggestions.clear()
        self.error.show_message("")
        if request_id is None:
            self.detail.setText(_("Choose a request in the list."))
            moves: list[str] = []
        else:
            with self._db.session() as s:
                request = get_request_by_id(s, request_id)
                view = request_view(s, request, self._today())
                moves = allowed_moves(request.state)
                found = suggest_members(s, request.category) if "dispatch" in moves else []
            self.detail.setText(self._describe(view))
            for sug in found:
                item = QListWidgetItem(_("{name} — {post} {skills} · open requests: {n}").format(
                    name=sug.name, post=sug.service_post, skills=sug.skills, n=sug.open_requests))
                item.setData(Qt.ItemDataRole.UserRole, sug.resident_id)
                self.suggestions.addItem(item)
            if found:
                self.suggestions.setCurrentRow(0)
        for widget, move in ((self.dispatch_member, "dispatch"), (self.dispatch_named, "dispatch"),
                             (self.suggestions, "dispatch"), (self.handler_name, "dispatch"),
                             (self.handler_kind, "dispatch"), (self.take_button, "take"), (self.hours, "done"),
                             (self.note, "done"), (self.done_button, "done"), (self.rating, "rate"),
                             (self.comment, "rate"), (self.rate_button, "rate"), (self.return_button, "return"),
                             (self.reopen_button, "reopen"), (self.cancel_button, "cancel")):
            widget.setEnabled(move in moves)
        self.reason.setEnabled(bool({"return", "reopen", "cancel"} & set(moves)))

    def _describe(self, view) -> str:  # type: ignore[no-untyped-def]
        row = view.row
        lines = [
            _("{number} · {category}{urgent} · {channel} · received {date}").format(
                number=row.number, category=row.category, urgent=_(" · urgent") if row.urgent else "",
                channel=label(CHANNEL_LABELS, view.channel), date=format_date(row.received_on)),
            _("{who}: {text}").format(who=row.who + (f" ({view.caller_phone})" if view.caller_phone else ""),
                                      text=row.text),
            _("State: {state}").format(state=label(STATE_LABELS, row.state))
            + (_(" · handler: {handler} ({kind})").format(handler=row.handler, kind=label(HANDLER_LABELS,
                                                                                             row.handler_kind))
               if row.handler_kind else ""),
            (_("Deadline {date} — overdue by {days} working days").format(date=format_date(row.deadline),
                                                                           days=row.overdue_days)
             if row.overdue_days else _("Deadline {date}").format(date=format_date(row.deadline))),
        ]
        if view.done_on:
            lines.append(_("Done {date}: {note} ({hours} h)").format(
                date=format_date(view.done_on), note=view.done_note, hours=format_number(view.minutes / 60, 1)))
        if view.rating:
            lines.append(_("Rating: {rating}").format(rating=label(RATING_STATE_LABELS, view.rating)))
        return "\n".join(lines)

    # --- moves -------------------------------------------------------------------------------

    def _run(self, move) -> bool:  # type: ignore[no-untyped-def]
        if self.request_id is None:
            return False
        try:
            with self._db.write() as s:
                move(s, get_request_by_id(s, self.request_id))
        except ValidationFailed as exc:
            self.error.show_message("\n".join(exc.errors.values()))
            return False
        except LinliError as exc:
            self.error.show_message(str(exc))
            return False
        for w in (self.hours, self.note, self.reason, self.comment):
            w.clear()
        self.moved.emit(self.request_id)
        return True

    def dispatch_to_suggestion(self) -> bool:
        item = self.suggestions.currentItem()
        if item is None:
            self.error.show_message(_("Choose a member in the list."))
            return False
        resident_id = item.data(Qt.ItemDataRole.UserRole)
        return self._run(lambda s, r: dispatch(s, r, Handler("member", resident_id=resident_id), today=self._today()))

    def dispatch_to_name(self) -> bool:
        kind, name = self.handler_kind.currentData(), self.handler_name.currentText().strip()
        if not name:
            self.error.show_message(_("Enter the unit's or the department's name."))
            return False
        return self._run(lambda s, r: dispatch(s, r, Handler(kind, name=name), today=self._today()))

    def mark_done(self) -> bool:
        return self._run(lambda s, r: done(s, r, self.hours.text(), self.note.text(), today=self._today()))
