"""The activity editor: one activity, or a weekly series in one step; the room
clash is shown as soon as room, date and times are entered, before saving."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from i18n import _, parse_date
from models.activities.entities import get_activity
from models.activities.labels import (
    CATEGORIES,
    CATEGORY_LABELS,
    STATUS_LABELS,
    STATUSES,
    TARGET_GROUPS,
    TARGET_LABELS,
)
from models.activities.programme import (
    ActivityInput,
    clash_message,
    create_activity,
    create_series,
    find_clashes,
    update_activity,
)
from models.activities.rooms import list_rooms
from models.core.db import Database
from models.core.errors import LinliError, ValidationFailed
from ui.common import dialogs
from ui.common.forms import ErrorLabel, FieldErrors, Retranslatable
from ui.common.style import emphasize


def parse_datetime(text: str, default_time: dt.time) -> dt.datetime | None:
    """"2026-11-20 18:00" (or a date alone, at ``default_time``); empty → None.

    Raises ValueError with a translated message.
    """
    value = " ".join((text or "").split())
    if not value:
        return None
    date_part, _sep, time_part = value.partition(" ")
    day = parse_date(date_part)
    if not time_part:
        return dt.datetime.combine(day, default_time)
    try:
        clock = dt.datetime.strptime(time_part, "%H:%M").time()
    except ValueError:
        raise ValueError(_("Not a time: write it as 2026-11-20 18:00.")) from None
    return dt.datetime.combine(day, clock)


def _dt_text(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


class ActivityEditor(Retranslatable, QDialog):
    """Emits :attr:`saved` (first activity id, whom to call after a promotion)."""

    saved = Signal(int, list)

    def __init__(self, db: Database, activity_id: int | None = None, parent: QWidget | None = None,
                 *, day: dt.date | None = None):
        super().__init__(parent)
        self.setObjectName("activityEditor")
        self._db = db
        self.activity_id = activity_id
        self.errors = FieldErrors()
        self.setMinimumWidth(560)

        self.title = QLineEdit(objectName="title")
        self.title.setMaxLength(100)
        self.category = QComboBox(objectName="category")
        self.room = QComboBox(objectName="room")
        with db.session() as s:
            own_room = get_activity(s, activity_id).room_id if activity_id is not None else None
            self._rooms = [(r.id, r.name, r.capacity) for r in list_rooms(s, include_archived=True)
                           if not r.archived or r.id == own_room]  # a retired room only for its own activity
        self.date = QLineEdit(objectName="date")
        self.start = QTimeEdit(QTime(9, 0), objectName="start")
        self.end = QTimeEdit(QTime(11, 0), objectName="end")
        for t in (self.start, self.end):
            t.setDisplayFormat("HH:mm")
        self.capacity = QSpinBox(objectName="capacity")
        self.capacity.setRange(1, 1000)
        self.capacity.setValue(20)
        self.opens = QLineEdit(objectName="signup_opens_at")
        self.deadline = QLineEdit(objectName="signup_deadline")
        self.target = QComboBox(objectName="target_group")
        self.organiser = QLineEdit(objectName="organiser")
        self.contact = QLineEdit(objectName="contact")
        self.status = QComboBox(objectName="status")
        self.description = QPlainTextEdit(objectName="description")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(64)
        self.sessions = QSpinBox(objectName="sessions")
        self.sessions.setRange(1, 52)
        self.clash = QLabel(objectName="clashLabel")
        self.clash.setWordWrap(True)
        emphasize(self.clash, color="#b3261e", bold=True)
        self.clash.hide()
        self.general_error = ErrorLabel(self)

        form = QFormLayout()
        self._labels: dict[str, QLabel] = {}

        def row(key: str, *widgets: QWidget) -> None:
            box = QVBoxLayout()
            box.setSpacing(2)
            line = QHBoxLayout()
            for w in widgets:
                line.addWidget(w)
            box.addLayout(line)
            box.addWidget(self.errors.add(key, widgets[0], self))
            label = QLabel()
            label.setBuddy(widgets[0])
            self._labels[key] = label
            form.addRow(label, box)

        row("title", self.title)
        row("category", self.category)
        row("room_id", self.room)
        row("starts_at", self.date, self.start, self.end)
        self.errors.add("ends_at", self.end, self)
        form.addRow("", self.errors.label("ends_at"))
        row("capacity", self.capacity)
        row("signup_opens_at", self.opens)
        row("signup_deadline", self.deadline)
        row("target_group", self.target)
        row("organiser", self.organiser)
        row("contact", self.contact)
        row("status", self.status)
        row("description", self.description)
        row("sessions", self.sessions)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.clash)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

        self.retranslate()
        if activity_id is not None:
            self._load(activity_id)
            self.sessions.setEnabled(False)
        else:
            self.date.setText((day or dt.date.today() + dt.timedelta(days=1)).isoformat())
        for signal in (self.room.currentIndexChanged, self.date.textChanged, self.start.timeChanged,
                       self.end.timeChanged, self.sessions.valueChanged):
            signal.connect(lambda *_a: self.update_clash())
        self.update_clash()

    def retranslate(self) -> None:
        self.setWindowTitle(_("New activity") if self.activity_id is None else _("Edit activity"))
        texts = {
            "title": _("&Title *"), "category": _("&Category"), "room_id": _("&Room"),
            "starts_at": _("&Date, from, to"), "capacity": _("S&eats"),
            "signup_opens_at": _("Sign-up &opens"), "signup_deadline": _("Sign-up &deadline"),
            "target_group": _("&For"), "organiser": _("&Organiser or partner"), "contact": _("Co&ntact"),
            "status": _("&Status"), "description": _("Descri&ption"), "sessions": _("&Weekly sessions"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        self.date.setPlaceholderText(_("2026-11-21"))
        self.opens.setPlaceholderText(_("empty: open now — or 2026-11-14 08:00"))
        self.deadline.setPlaceholderText(_("empty: until it starts — or 2026-11-20 18:00"))
        self.sessions.setSuffix(_(" (1: a single activity)"))
        for combo, keys, labels in ((self.category, CATEGORIES, CATEGORY_LABELS),
                                    (self.target, TARGET_GROUPS, TARGET_LABELS),
                                    (self.status, STATUSES, STATUS_LABELS)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for key in keys:
                combo.addItem(_(labels[key]), key)
            combo.setCurrentIndex(max(0, combo.findData(current if current is not None else keys[0])))
            combo.blockSignals(False)
        if self.status.currentData() == "draft" and self.activity_id is None:
            self.status.setCurrentIndex(self.status.findData("open"))
        current_room = self.room.currentData()
        self.room.blockSignals(True)
        self.room.clear()
        for rid, name, capacity in self._rooms:
            self.room.addItem(_("{room} ({n} people)").format(room=name, n=capacity), rid)
        self.room.setCurrentIndex(max(0, self.room.findData(current_room)))
        self.room.blockSignals(False)

    def _load(self, activity_id: int) -> None:
        with self._db.session() as s:
            a = get_activity(s, activity_id)
            data = ActivityInput.from_activity(a)
        self.title.setText(data.title)
        self.category.setCurrentIndex(self.category.findData(data.category))
        self.room.setCurrentIndex(self.room.findData(data.room_id))
        self.date.setText(data.starts_at.date().isoformat())
        self.start.setTime(QTime(data.starts_at.hour, data.starts_at.minute))
        self.end.setTime(QTime(data.ends_at.hour, data.ends_at.minute))
        self.capacity.setValue(data.capacity)
        self.opens.setText(_dt_text(data.signup_opens_at))
        self.deadline.setText(_dt_text(data.signup_deadline))
        self.target.setCurrentIndex(self.target.findData(data.target_group))
        self.organiser.setText(data.organiser)
        self.contact.setText(data.contact)
        self.status.setCurrentIndex(self.status.findData(data.status))
        self.description.setPlainText(data.description)

    # --- reading the form -------------------------------------------------------------

    def _times(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        try:
            day = parse_date(self.date.text())
        except ValueError:
            return None, None
        if day is None:
            return None, None
        start = dt.datetime.combine(day, self.start.time().toPython())
        end = dt.datetime.combine(day, self.end.time().toPython())
        return start, end

    def read(self) -> ActivityInput:
        """The form as an ActivityInput. Raises ValidationFailed for unreadable dates."""
        errors: dict[str, str] = {}
        try:
            day = parse_date(self.date.text())
            if day is None:
                errors["starts_at"] = _("Enter the date.")
        except ValueError as exc:
            errors["starts_at"] = str(exc)
        parsed = {}
        for key, widget, default in (("signup_opens_at", self.opens, dt.time(0, 0)),
                                     ("signup_deadline", self.deadline, dt.time(23, 59))):
            try:
                parsed[key] = parse_datetime(widget.text(), default)
            except ValueError as exc:
                errors[key] = str(exc)
        if errors:
            raise ValidationFailed(errors)
        start, end = self._times()
        return ActivityInput(
            title=self.title.text(), category=self.category.currentData(), description=self.description.toPlainText(),
            room_id=self.room.currentData(), starts_at=start, ends_at=end, capacity=self.capacity.value(),
            signup_opens_at=parsed["signup_opens_at"], signup_deadline=parsed["signup_deadline"],
            target_group=self.target.currentData(), organiser=self.organiser.text(), contact=self.contact.text(),
            status=self.status.currentData(),
        )

    def update_clash(self) -> None:
        """Show, before saving, which activity holds the room at that time."""
        start, end = self._times()
        clashes = []
        with self._db.session() as s:
            for k in range(self.sessions.value() if self.activity_id is None else 1):
                if start is None or end is None:
                    break
                shift = dt.timedelta(weeks=k)
                found = find_clashes(s, self.room.currentData(), start + shift, end + shift, exclude_id=self.activity_id)
                clashes += found[:1]
        self.clash.setText(clash_message(clashes) if clashes else "")
        self.clash.setVisible(bool(clashes))

    def save(self) -> None:
        self.errors.clear()
        self.general_error.show_message("")
        promoted: list = []
        try:
            data = self.read()
            with self._db.write() as s:
                if self.activity_id is not None:
                    promoted = update_activity(s, self.activity_id, data)
                    first = self.activity_id
                elif self.sessions.value() > 1:
                    first = create_series(s, data, sessions=self.sessions.value())[0].id
                else:
                    first = create_activity(s, data).id
        except ValidationFailed as exc:
            self.errors.show(exc.errors, fallback=self.general_error)
            return
        except LinliError as exc:
            self.general_error.show_message(str(exc))
            return
        if promoted:
            dialogs.info(self, _("Waitlist moved up"), _("Please call:") + "\n" + "\n".join(
                f"{p.name}  {p.phone}" for p in promoted))
        self.saved.emit(first, promoted)
        self.accept()
