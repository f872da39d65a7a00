"""Add or edit a Party member: link a resident (quick-find or a new resident), then the record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from i18n import _, parse_date
from models.party.bands import parse_yuan
from models.party.entities import DUES_CATEGORIES
from models.party.members import (
    DUES_CATEGORY_LABELS,
    EDUCATION_LABELS,
    ETHNICITIES,
    FLOW_LABELS,
    MEMBER_TYPE_LABELS,
    STANDING_LABELS,
    MemberInput,
    create_member,
    get_member,
    update_member,
)
from models.party.orgs import branches, groups_of
from models.party.roster import search_non_members
from models.residents.registry import get_resident
from ui.common.forms import ErrorLabel, FieldErrors, Retranslatable, write_form
from ui.common.quick_find import QuickFind
from ui.residents.dialog import ResidentDialog

if TYPE_CHECKING:
    from models.core.db import Database


class MemberDialog(Retranslatable, QDialog):
    """The member form. Emits :attr:`saved` with the member's id."""

    saved = Signal(int)

    def __init__(self, db: Database, member_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("partyMemberDialog")
        self._db = db
        self.member_id = member_id
        self.resident_id: int | None = None
        self.errors = FieldErrors()
        self.resident_dialog: ResidentDialog | None = None
        self.setMinimumWidth(600)

        self.finder = QuickFind(self._search, self, visible_rows=4)
        self.finder.chosen.connect(self.set_resident)
        self.resident_label = QLabel(objectName="residentLabel")
        self.new_resident_button = QPushButton(objectName="newResidentButton")
        self.new_resident_button.clicked.connect(self.new_resident)
        self.ethnicity = QComboBox(objectName="ethnicity")
        self.ethnicity.addItems(list(ETHNICITIES))
        self.native_place = QLineEdit(objectName="native_place")
        self.education = QComboBox(objectName="education")
        self.joined_on = QLineEdit(objectName="joined_on")
        self.standing = QComboBox(objectName="standing")
        self.full_on = QLineEdit(objectName="full_on")
        self.branch = QComboBox(objectName="branch")
        self.branch.currentIndexChanged.connect(self._fill_groups)
        self.group = QComboBox(objectName="group")
        self.post = QLineEdit(objectName="post")
        self.work_unit = QLineEdit(objectName="work_unit")
        self.member_type = QComboBox(objectName="member_type")
        self.flow = QComboBox(objectName="flow_direction")
        self.other_org = QLineEdit(objectName="other_org")
        self.service_post = QLineEdit(objectName="service_post")
        self.skills = QLineEdit(objectName="skills")
        self.reported_on = QLineEdit(objectName="reported_on")
        self.dues_category = QComboBox(objectName="dues_category")
        self.dues_base = QLineEdit(objectName="dues_base")
        self.general_error = ErrorLabel(self)

        form = QFormLayout()
        self._labels: dict[str, QLabel] = {}

        def row(key: str, widget: QWidget, err: str | None = None) -> None:
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(widget)
            box.addWidget(self.errors.add(err or key, widget, self))
            label = QLabel()
            label.setBuddy(widget)
            self._labels[key] = label
            form.addRow(label, box)

        who = QVBoxLayout()
        pick = QHBoxLayout()
        pick.addWidget(self.finder, 1)
        pick.addWidget(self.new_resident_button, 0, Qt.AlignmentFlag.AlignTop)
        who.addLayout(pick)
        who.addWidget(self.resident_label)
        who.addWidget(self.errors.add("resident", self.finder.input, self))
        self._who_label = QLabel()
        self._who_label.setBuddy(self.finder.input)
        form.addRow(self._who_label, who)
        row("joined_on", self.joined_on)
        row("standing", self.standing)
        row("full_on", self.full_on)
        row("branch", self.branch, "branch_id")
        row("group", self.group, "group_id")
        row("ethnicity", self.ethnicity)
        row("native_place", self.native_place)
        row("education", self.education)
        row("post", self.post)
        row("member_type", self.member_type)
        row("work_unit", self.work_unit)
        row("flow", self.flow, "flow_direction")
        row("other_org", self.other_org)
        row("reported_on", self.reported_on)
        row("service_post", self.service_post)
        row("skills", self.skills)
        row("dues_category", self.dues_category)
        row("dues_base", self.dues_base, "dues_base_fen")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.member_type.currentIndexChanged.connect(self._type_changed)
        self.standing.currentIndexChanged.connect(self._type_changed)

        with db.session() as s:
            branch_list = branches(s)
        for bid, name in branch_list:
            self.branch.addItem(name, bid)
        self.retranslate()
        if member_id is not None:
            self._load(member_id)
        self._type_changed()

    def showEvent(self, event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.activateWindow()
        (self.finder.input if self.resident_id is None else self.joined_on).setFocus()

    # --- texts --------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("New Party member") if self.member_id is None else _("Edit Party member"))
        self._who_label.setText(_("&Resident *"))
        self.new_resident_button.setText(_("New &resident…"))
        texts = {
            "joined_on": _("&Joined the Party *"), "standing": _("Full/&probationary"),
            "full_on": _("&Full membership on"), "branch": _("&Branch *"), "group": _("&Group"),
            "ethnicity": _("&Ethnicity"), "native_place": _("&Native place"), "education": _("Educa&tion"),
            "post": _("Party p&ost"), "member_type": _("T&ype"), "work_unit": _("&Work unit"),
            "flow": _("Inflow/outflow"), "other_org": _("Other organisation"),
            "reported_on": _("Reported in on"), "service_post": _("Service post"), "skills": _("Skills"),
            "dues_category": _("Dues category"), "dues_base": _("Monthly base (yuan)"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        for combo, labels, blank in (
            (self.education, EDUCATION_LABELS, True),
            (self.standing, STANDING_LABELS, False),
            (self.member_type, MEMBER_TYPE_LABELS, False),
            (self.flow, FLOW_LABELS, True),
            (self.dues_category, {k: DUES_CATEGORY_LABELS[k] for k in DUES_CATEGORIES}, False),
        ):
            current = combo.currentData()
            combo.clear()
            if blank:
                combo.addItem("", None)
            for key, label in labels.items():
                combo.addItem(_(label), key)
            combo.setCurrentIndex(max(0, combo.findData(current)))
        for edit in (self.joined_on, self.full_on, self.reported_on):
            edit.setPlaceholderText(_("e.g. 2001-07-01"))
        self.dues_base.setPlaceholderText(_("salary after tax or pension, per month"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self._show_resident()

    # --- the resident -------------------------------------------------------------------

    def _search(self, text: str):  # type: ignore[no-untyped-def]
        with self._db.session() as s:
            return search_non_members(s, text)

    def set_resident(self, resident_id: int) -> None:
        self.resident_id = resident_id
        self._show_resident()
        self.joined_on.setFocus()

    def _show_resident(self) -> None:
        if self.resident_id is None:
            self.resident_label.setText(_("Type initials, a name or an ID number and press Enter."))
            return
        with self._db.session() as s:
            r = get_resident(s, self.resident_id)
            born = r.birth_date.isoformat() if r.birth_date else _("birth date not recorded")
            self.resident_label.setText(f"<b>{r.name}</b>  {born}")

    def new_resident(self) -> ResidentDialog:
        dialog = ResidentDialog(self._db, None, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.set_resident)
        dialog.finished.connect(lambda _r: setattr(self, "resident_dialog", None))
        self.resident_dialog = dialog
        dialog.open()
        return dialog

    # --- loading and reading ------------------------------------------------------------

    def _fill_groups(self) -> None:
        current = self.group.currentData()
        self.group.clear()
        self.group.addItem("", None)
        bid = self.branch.currentData()
        if bid is not None:
            with self._db.session() as s:
                group_list = groups_of(s, bid)
            for gid, name in group_list:
                self.group.addItem(name, gid)
        self.group.setCurrentIndex(max(0, self.group.findData(current)))

    def _type_changed(self) -> None:
        mtype = self.member_type.currentData()
        for w in (self.service_post, self.skills, self.reported_on):
            w.setEnabled(mtype == "reporting_in")
        for w in (self.flow, self.other_org):
            w.setEnabled(mtype == "floating")
        self.full_on.setEnabled(self.standing.currentData() != "probationary")

    def _load(self, member_id: int) -> None:
        with self._db.session() as s:
            data = MemberInput.from_member(get_member(s, member_id))
        self.resident_id = data.resident_id
        self.finder.setEnabled(False)
        self.new_resident_button.setEnabled(False)
        self._show_resident()
        self.ethnicity.setCurrentText(data.ethnicity)
        self.native_place.setText(data.native_place)
        self.education.setCurrentIndex(max(0, self.education.findData(data.education or None)))
        self.joined_on.setText(data.joined_on.isoformat() if data.joined_on else "")
        self.standing.setCurrentIndex(max(0, self.standing.findData(data.standing)))
        self.full_on.setText(data.full_on.isoformat() if data.full_on else "")
        self.branch.setCurrentIndex(max(0, self.branch.findData(data.branch_id)))
        self._fill_groups()
        self.group.setCurrentIndex(max(0, self.group.findData(data.group_id)))
        self.post.setText(data.post)
        self.work_unit.setText(data.work_unit)
        self.member_type.setCurrentIndex(max(0, self.member_type.findData(data.member_type)))
        self.flow.setCurrentIndex(max(0, self.flow.findData(data.flow_direction)))
        self.other_org.setText(data.other_org)
        self.service_post.setText(data.service_post)
        self.skills.setText(data.skills)
        self.reported_on.setText(data.reported_on.isoformat() if data.reported_on else "")
        self.dues_category.setCurrentIndex(max(0, self.dues_category.findData(data.dues_category)))
        self.dues_base.setText(f"{data.dues_base_fen / 100:.2f}")

    def form_input(self) -> tuple[MemberInput, dict[str, str]]:
        errors: dict[str, str] = {}
        dates = {}
        for key in ("joined_on", "full_on", "reported_on"):
            edit = getattr(self, key)
            try:
                dates[key] = parse_date(edit.text()) if edit.isEnabled() else None
            except ValueError as exc:
                dates[key], errors[key] = None, str(exc)
        try:
            base = parse_yuan(self.dues_base.text())
        except ValueError as exc:
            base, errors["dues_base_fen"] = 0, str(exc)
        data = MemberInput(
            resident_id=self.resident_id,
            ethnicity=self.ethnicity.currentText(),
            native_place=self.native_place.text(),
            education=self.education.currentData() or "",
            joined_on=dates["joined_on"],
            full_on=dates["full_on"],
            standing=self.standing.currentData(),
            branch_id=self.branch.currentData(),
            group_id=self.group.currentData(),
            post=self.post.text(),
            work_unit=self.work_unit.text(),
            member_type=self.member_type.currentData(),
            flow_direction=self.flow.currentData(),
            other_org=self.other_org.text(),
            service_post=self.service_post.text(),
            skills=self.skills.text(),
            reported_on=dates["reported_on"],
            dues_category=self.dues_category.currentData(),
            dues_base_fen=base,
        )
        return data, errors

    def save(self) -> bool:
        data, errors = self.form_input()
        self.general_error.show_message("")
        if errors:
            self.errors.show(errors, self.general_error)
            return False

        def write(session, confirmed: bool) -> int:  # type: ignore[no-untyped-def]
            if self.member_id is None:
                return create_member(session, data, confirmed=confirmed).id
            return update_member(session, self.member_id, data, confirmed=confirmed).id

        saved_id = write_form(
            self, self._db, write, self.errors, self.general_error,
            confirm_title=_("Please confirm"), ok_text=_("Save anyway"),
        )
        if saved_id is None:
            return False
        self.member_id = saved_id
        self.saved.emit(saved_id)
        self.accept()
        return True

    def keyPressEvent(self, event) -> None:  # noqa: N802  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.finder.input.hasFocus():
            self.save()
            return
        super().keyPressEvent(event)
