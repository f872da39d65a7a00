"""The subsidy policy editor: policy versions with their effective periods, age
bands and household categories and how they combine. Every rule is in
models.meals.policy."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from i18n import _, format_date
from models.core.db import Database
from models.core.errors import ValidationFailed
from models.meals.policy import PolicyData, RuleData, archive_policy, list_policies, save_policy
from models.meals.vocabulary import (
    CATEGORIES,
    COMBINE_LABELS,
    COMBINE_MODES,
    MEAL_KINDS,
    category_label,
    kind_label,
    parse_yuan,
    yuan_text,
)
from ui.common import dialogs
from ui.common.forms import ErrorLabel, FieldErrors, Retranslatable
from ui.common.style import emphasize
from ui.meals.common import combo


class PolicyDialog(Retranslatable, QDialog):
    """The administrator's policy editor: versions with effective dates, rules, combine mode."""

    saved = Signal(int)
    COL_KIND, COL_MIN, COL_MAX, COL_CATEGORY, COL_MEAL, COL_AMOUNT = range(6)

    def __init__(self, db: Database, day: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("policyDialog")
        self._db, self._day = db, day
        self.resize(1000, 600)
        self.errors = FieldErrors()
        self.policy_id: int | None = None
        self.versions = QListWidget(objectName="policyVersions")
        self.versions.currentRowChanged.connect(self._show_version)
        self.new_button = QPushButton(objectName="newVersion")
        self.new_button.clicked.connect(self.new_version)
        self.archive_button = QPushButton(objectName="archiveVersion")
        self.archive_button.clicked.connect(self.archive_version)
        self.example_note = QLabel(objectName="policyExampleNote")
        self.example_note.setWordWrap(True)
        emphasize(self.example_note, background="#fff4ce", color="#5c4400")
        self.example_note.setMargin(4)
        self.name = QLineEdit(objectName="policyName")
        self.name.setMaxLength(80)
        self.effective_from = QLineEdit(objectName="effectiveFrom")
        self.effective_to = QLineEdit(objectName="effectiveTo")
        self.combine = combo(COMBINE_MODES, lambda c: _(COMBINE_LABELS[c]), "combine")
        self.notes = QPlainTextEdit(objectName="policyNotes")
        self.notes.setFixedHeight(50)
        self.notes.setTabChangesFocus(True)
        self.rules = QTableWidget(0, 6, objectName="rulesTable")
        self.rules.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_age = QPushButton(objectName="addAgeRule")
        self.add_age.clicked.connect(lambda: self.add_rule(RuleData("age", 0, 60, None, meal_kind="lunch")))
        self.add_category = QPushButton(objectName="addCategoryRule")
        self.add_category.clicked.connect(lambda: self.add_rule(RuleData("category", 0, category=CATEGORIES[0], meal_kind="lunch")))
        self.remove_rule = QPushButton(objectName="removeRule")
        self.remove_rule.clicked.connect(lambda: self.rules.removeRow(self.rules.currentRow()))
        self.general = ErrorLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(self.versions, 1)
        left.addWidget(self.new_button)
        left.addWidget(self.archive_button)
        self.form = QFormLayout()
        self._labels = {k: QLabel() for k in ("name", "effective_from", "effective_to", "combine", "notes")}
        for key, widget in (("name", self.name), ("effective_from", self.effective_from),
                            ("effective_to", self.effective_to), ("combine", self.combine), ("notes", self.notes)):
            self._labels[key].setBuddy(widget)
            self.form.addRow(self._labels[key], widget)
            self.form.addRow("", self.errors.add(key, widget, self))
        rule_buttons = QHBoxLayout()
        for b in (self.add_age, self.add_category, self.remove_rule):
            rule_buttons.addWidget(b)
        rule_buttons.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.example_note)
        right.addLayout(self.form)
        right.addWidget(self.rules, 1)
        right.addWidget(self.errors.add("rules", self.rules, self))
        right.addLayout(rule_buttons)
        right.addWidget(self.general)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self._policies: list[PolicyData] = []
        self.load()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Subsidy policy"))
        self.new_button.setText(_("&New version…"))
        self.archive_button.setText(_("&Withdraw version"))
        self.add_age.setText(_("Add &age band"))
        self.add_category.setText(_("Add &category"))
        self.remove_rule.setText(_("&Remove rule"))
        for key, text in (("name", _("&Name:")), ("effective_from", _("In force &from:")),
                          ("effective_to", _("&Until (optional):")), ("combine", _("Category amounts &combine:")),
                          ("notes", _("N&otes:"))):
            self._labels[key].setText(text)
        self.effective_from.setPlaceholderText("2026-01-01")
        self.effective_to.setPlaceholderText(_("open-ended"))
        self.rules.setHorizontalHeaderLabels(
            [_("Rule"), _("From age"), _("To age"), _("Category"), _("Meal"), _("Amount (¥)")]
        )
        self.example_note.setText(
            _(
                "This is Linli's example policy, not the local one. Enter your city's or district's rules and "
                "dates; saving makes the policy yours. Meals already logged keep their subsidy until you "
                "recompute their month (Month end…)."
            )
        )
        self._fill_versions()

    def load(self) -> None:
        with self._db.session() as session:
            self._policies = list_policies(session)
        self._fill_versions()
        current = next((i for i, p in enumerate(self._policies) if p.in_force(self._day)), 0)
        if self._policies:
            self.versions.setCurrentRow(current)
        else:
            self.new_version()

    def _fill_versions(self) -> None:
        row = self.versions.currentRow()
        self.versions.blockSignals(True)
        self.versions.clear()
        for p in self._policies:
            until = format_date(p.effective_to, "medium") if p.effective_to else _("open")
            QListWidgetItem(f"{p.name}\n{format_date(p.effective_from, 'medium')} – {until}", self.versions)
        self.versions.setCurrentRow(row)
        self.versions.blockSignals(False)

    def _show_version(self, row: int) -> None:
        if 0 <= row < len(self._policies):
            self.show_policy(self._policies[row])

    def show_policy(self, p: PolicyData) -> None:
        self.policy_id = p.id
        self.errors.clear()
        self.general.show_message("")
        self.name.setText(p.name)
        self.effective_from.setText(p.effective_from.isoformat() if p.effective_from else "")
        self.effective_to.setText(p.effective_to.isoformat() if p.effective_to else "")
        self.combine.setCurrentIndex(COMBINE_MODES.index(p.combine))
        self.notes.setPlainText(p.notes)
        self.example_note.setVisible(p.example)
        self.rules.setRowCount(0)
        for r in p.rules:
            self.add_rule(r)

    def add_rule(self, r: RuleData) -> None:
        row = self.rules.rowCount()
        self.rules.insertRow(row)
        kind = combo(("age", "category"), lambda k: _("Age band") if k == "age" else _("Category"), f"ruleKind_{row}")
        kind.setCurrentIndex(0 if r.kind == "age" else 1)
        self.rules.setCellWidget(row, self.COL_KIND, kind)
        self.rules.setItem(row, self.COL_MIN, QTableWidgetItem("" if r.min_age is None else str(r.min_age)))
        self.rules.setItem(row, self.COL_MAX, QTableWidgetItem("" if r.max_age is None else str(r.max_age)))
        cat = QComboBox(objectName=f"ruleCategory_{row}")
        cat.addItem("—", None)
        for c in CATEGORIES:
            cat.addItem(category_label(c), c)
        cat.setCurrentIndex(0 if r.category is None else CATEGORIES.index(r.category) + 1)
        self.rules.setCellWidget(row, self.COL_CATEGORY, cat)
        meal = QComboBox(objectName=f"ruleMeal_{row}")
        meal.addItem(_("Every meal"), None)
        for k in MEAL_KINDS:
            meal.addItem(kind_label(k), k)
        meal.setCurrentIndex(0 if r.meal_kind is None else MEAL_KINDS.index(r.meal_kind) + 1)
        self.rules.setCellWidget(row, self.COL_MEAL, meal)
        self.rules.setItem(row, self.COL_AMOUNT, QTableWidgetItem(yuan_text(r.amount_fen)))

    def policy_data(self) -> PolicyData:
        """The form as policy data. Raises ValidationFailed for what cannot even be read."""
        from i18n import parse_date

        errors: dict[str, str] = {}
        dates = {}
        for key, widget in (("effective_from", self.effective_from), ("effective_to", self.effective_to)):
            try:
                dates[key] = parse_date(widget.text())
            except ValueError as exc:
                errors[key] = str(exc)
        rules = []
        problems = []
        for row in range(self.rules.rowCount()):
            def cell(col: int) -> str:
                item = self.rules.item(row, col)  # noqa: B023
                return item.text().strip() if item else ""

            kind = self.rules.cellWidget(row, self.COL_KIND).currentData()
            try:
                amount = parse_yuan(cell(self.COL_AMOUNT))
                lo = int(cell(self.COL_MIN)) if cell(self.COL_MIN) else None
                hi = int(cell(self.COL_MAX)) if cell(self.COL_MAX) else None
            except ValueError as exc:
                problems.append(_("Rule {n}: {problem}").format(n=row + 1, problem=exc if "amount" in str(exc) else _("ages are whole numbers.")))
                continue
            rules.append(
                RuleData(kind, amount if amount is not None else -1, lo, hi,
                         self.rules.cellWidget(row, self.COL_CATEGORY).currentData(),
                         self.rules.cellWidget(row, self.COL_MEAL).currentData())
            )
        if problems:
            errors["rules"] = "\n".join(problems)
        if errors:
            raise ValidationFailed(errors)
        return PolicyData(
            id=self.policy_id, name=self.name.text(), effective_from=dates.get("effective_from"),
            effective_to=dates.get("effective_to"), combine=self.combine.currentData(),
            notes=self.notes.toPlainText(), rules=rules,
        )

    def save(self) -> bool:
        try:
            data = self.policy_data()
            with self._db.write() as session:
                saved = save_policy(session, data)
        except ValidationFailed as exc:
            self.errors.show(exc.errors, self.general)
            return False
        self.policy_id = saved.id
        self.load()
        row = next((i for i, p in enumerate(self._policies) if p.id == saved.id), 0)
        self.versions.setCurrentRow(row)
        self.general.show_message("")
        self.saved.emit(saved.id or 0)
        return True

    def new_version(self) -> None:
        """A new version starting tomorrow, with the rules of the version shown."""
        try:
            base = self.policy_data()
        except ValidationFailed:
            base = PolicyData(id=None, name="", effective_from=None)
        start = max(self._day, dt.date.today()) + dt.timedelta(days=1)
        self.show_policy(
            PolicyData(id=None, name="", effective_from=start, combine=base.combine,
                       rules=[r for r in base.rules if r.amount_fen >= 0])
        )
        self.versions.blockSignals(True)
        self.versions.setCurrentRow(-1)
        self.versions.blockSignals(False)
        self.name.setFocus()

    def archive_version(self) -> None:
        if self.policy_id is None:
            return
        if not dialogs.confirm(self, _("Withdraw version"),
                               _("Withdraw this policy version? Meals already logged keep their subsidy."),
                               ok_text=_("Withdraw")):
            return
        with self._db.write() as session:
            archive_policy(session, self.policy_id)
        self.load()
        self.saved.emit(0)
