"""The main window: one tab per job, menus, language switching."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

import i18n
from i18n import N_, _
from models.core.db import Database
from models.core.settings import load_centre_info, load_preferences, save_preference
from models.safety.security import current_actor
from ui.common import dialogs
from ui.common.forms import Retranslatable
from ui.common.style import emphasize
from ui.shell import backup_dialog, safety_menu
from ui.shell.settings_dialog import SettingsDialog

VERSION = "0.1.0"

#: The preference that keeps, per login name, the key of the tab used last.
LAST_TAB_KEY = "last_tab"


class PlaceholderTab(Retranslatable, QWidget):
    """A tab whose job arrives in a later version; says so plainly."""

    def __init__(self, title: str, description: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._title, self._description = title, description
        self.label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, objectName="placeholder")
        self.label.setWordWrap(True)
        emphasize(self.label, px=16, color="#555")
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(
            _("{title}: coming in a later version of Linli.").format(title=_(self._title))
            + "\n\n"
            + _(self._description)
        )


#: The tabs in order: (key, title, placeholder description or None when built).
TABS: tuple[tuple[str, str, str | None], ...] = (
    ("residents", N_("Residents"), None),
    ("daycare", N_("Day care"), N_("Enrolment of elders, the daily check-in board and attendance sheets.")),
    ("meals", N_("Meals"), N_("Menus, the lunch-queue log and the monthly subsidy reconciliation.")),
    ("activities", N_("Activities"), N_("The activity catalogue, bookings with waitlists and attendance.")),
    ("party", N_("Party members"), N_("The Party member roster, reporting-in and dues.")),
    ("requests", N_("Requests"), None),
    ("notices", N_("Notices"), None),
)

#: Where each built tab lives ("module:Class", constructed as Class(db)).
#: A tab is imported and built the first time it is shown, so start-up does
#: no work a tab can do later. A job without an entry shows its placeholder.
TAB_CLASSES: dict[str, str] = {
    "residents": "ui.residents.tab:ResidentsTab",
    "daycare": "ui.daycare.tab:DaycareTab",
    "meals": "ui.meals.tab:MealsTab",
    "activities": "ui.activities.tab:ActivitiesTab",
    "party": "ui.party.tab:PartyTab",
    "requests": "ui.requests.tab:RequestsTab",
    "notices": "ui.notices.tab:NoticesTab",
}


#: Tabs whose title carries a count ("module:function", called as function(db) -> int before the
#: tab is built; a built tab's ``count_changed(int)`` keeps it up to date): the overdue requests.
TAB_COUNTS: dict[str, str] = {"requests": "ui.requests.tab:overdue_badge"}


class LazyTab(QWidget):
    """Holds a tab's place until it is first shown, then builds the real widget."""

    count_changed = Signal(int)  # the built tab's count for its title (TAB_COUNTS)

    def __init__(self, key: str, title: str, description: str | None, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.key, self._title, self._description, self._db = key, title, description, db
        self.content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def build(self) -> QWidget:
        if self.content is None:
            target = TAB_CLASSES.get(self.key)
            if target is None:
                self.content = PlaceholderTab(self._title, self._description or "")
            else:
                module_name, class_name = target.split(":")
                module = importlib.import_module(module_name)
                self.content = getattr(module, class_name)(self._db)
            self._layout.addWidget(self.content)
            if hasattr(self.content, "count_changed"):
                self.content.count_changed.connect(self.count_changed.emit)
        return self.content


class MainWindow(Retranslatable, QMainWindow):
    """Linli's window. ``language_requested`` asks the application to switch.

    ``reopen(db)`` builds a window like this one on another Database (the
    restore reopens the window on the restored file with it). The application
    gives it (:func:`ui.shell.app.create_window`, which wires the language
    switching too), so nothing here or below imports the application: the
    shell's imports point one way, app → main_window → menus → dialogs.
    """

    language_requested = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 reopen: Callable[[Database], MainWindow] | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.db = db
        self.reopen: Callable[[Database], MainWindow] = reopen or (lambda new_db: MainWindow(new_db))
        self.resize(1180, 760)
        self.tabs = QTabWidget(objectName="tabs")
        self.tabs.setDocumentMode(True)
        self.lazy_tabs: dict[str, LazyTab] = {}
        self.tab_counts: dict[str, int] = {}
        for key, title, description in TABS:
            holder = LazyTab(key, title, description, db)
            holder.count_changed.connect(lambda n, key=key: self.set_tab_count(key, n))
            self.lazy_tabs[key] = holder
            self.tabs.addTab(holder, "")
        self.tabs.currentChanged.connect(self._tab_shown)
        # The demo warning above the tabs: shown while a demo account exists (models.demo).
        self.demo_warning = QLabel(objectName="demoWarning")
        self.demo_warning.setWordWrap(True)
        self.demo_warning.setStyleSheet(
            "QLabel#demoWarning { background: #b00020; color: white; font-weight: bold; padding: 6px 10px; }"
        )
        self.demo_warning.setVisible(False)
        central = QWidget(objectName="central")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.demo_warning)
        column.addWidget(self.tabs)
        self.setCentralWidget(central)
        self.db_label = QLabel(objectName="dbPath")
        self.statusBar().addPermanentWidget(self.db_label)
        self._build_menus()
        self.retranslate()
        self.restore_last_tab()
        self.tabs.currentWidget().build()

    def tab(self, key: str) -> QWidget:
        """The tab's real widget, built now if it was not shown yet."""
        return self.lazy_tabs[key].build()

    # --- the tab the clerk used last -----------------------------------------------------

    def _tab_shown(self, index: int) -> None:
        holder = self.tabs.widget(index)
        holder.build()
        remembered = load_preferences().get(LAST_TAB_KEY)
        remembered = dict(remembered) if isinstance(remembered, dict) else {}
        user = current_actor().username
        if remembered.get(user) != holder.key:
            remembered[user] = holder.key
            save_preference(LAST_TAB_KEY, remembered)

    def restore_last_tab(self) -> None:
        """Show the tab the logged-in clerk used last (kept per login name in the preferences),
        if their role may see it; else the tab shown stays."""
        remembered = load_preferences().get(LAST_TAB_KEY)
        key = remembered.get(current_actor().username) if isinstance(remembered, dict) else None
        keys = list(self.lazy_tabs)
        if key in keys and self.tabs.isTabVisible(keys.index(key)):
            self.tabs.setCurrentIndex(keys.index(key))

    def focus_current_tab(self) -> None:
        """The keyboard where the clerk starts: the Residents search, or the tab's own first field."""
        content = self.tabs.currentWidget().build()
        focus = getattr(content, "focus_search", None)
        if focus is not None:
            focus()
        else:
            content.setFocus()

    @property
    def residents(self):  # type: ignore[no-untyped-def]
        """The Residents tab (ui.residents.tab.ResidentsTab)."""
        return self.tab("residents")

    # --- menus ----------------------------------------------------------------------

    def _action(self, name: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(self, objectName=name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.settings_action = self._action("settingsAction", self.open_settings, "Ctrl+,")
        self.quit_action = self._action("quitAction", self.close, QKeySequence.StandardKey.Quit)
        self.file_menu.addAction(self.settings_action)
        # --- menu: notices ---
        # --- menu: safety ---
        safety_menu.build(self)
        backup_dialog.install_safety_menu(self)  # backups, restore, import, export
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.view_menu = bar.addMenu("")
        self.tab_actions: list[QAction] = []
        for i in range(len(TABS)):
            action = self._action(f"viewTab{i}", lambda i=i: self.tabs.setCurrentIndex(i), f"Ctrl+{i + 1}")
            self.view_menu.addAction(action)
            self.tab_actions.append(action)

        self.language_menu = bar.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, own_name in i18n.LANGUAGES.items():
            action = QAction(own_name, self, objectName=f"lang_{code}", checkable=True)
            action.triggered.connect(lambda _checked=False, code=code: self.language_requested.emit(code))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        self.help_menu = bar.addMenu("")
        self.about_action = self._action("aboutAction", self.show_about)
        self.help_menu.addAction(self.about_action)

    # --- texts ----------------------------------------------------------------------------

    def set_tab_count(self, key: str, count: int) -> None:
        """The tab's title with its count, in red while there is one: 服务 (3)."""
        i, title = next((i, t) for i, (k, t, _d) in enumerate(TABS) if k == key)
        self.tab_counts[key] = count
        self.tabs.setTabText(i, f"{_(title)} ({count})" if count else _(title))
        self.tabs.tabBar().setTabTextColor(i, QColor("#b3261e") if count else QColor())

    def update_tab_counts(self) -> None:
        """Ask each counted tab's count (TAB_COUNTS), when the role may see the tab."""
        from models.core.errors import LinliError
        from models.safety.security import can

        for key, target in TAB_COUNTS.items():
            if not can(safety_menu.TAB_PERMISSIONS.get(key, "")):
                self.set_tab_count(key, 0)
                continue
            module_name, function = target.split(":")
            try:
                count = getattr(importlib.import_module(module_name), function)(self.db)
            except LinliError:
                count = 0
            self.set_tab_count(key, count)

    def retranslate(self) -> None:
        for i, (_key, title, _d) in enumerate(TABS):
            self.tabs.setTabText(i, _(title))
            self.tab_actions[i].setText(_(title))
        for key, count in self.tab_counts.items():
            self.set_tab_count(key, count)
        self.file_menu.setTitle(_("&File"))
        self.settings_action.setText(_("&Settings…"))
        self.quit_action.setText(_("&Quit"))
        self.view_menu.setTitle(_("&View"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About Linli"))
        # --- retranslate: notices ---
        # --- retranslate: safety ---
        safety_menu.retranslate(self)
        backup_dialog.retranslate_safety_menu(self)
        for code, action in self.language_actions.items():
            action.setChecked(code == i18n.current_language())
        self.db_label.setText(_("Database: {path}").format(path=self.db.path or self.db.url))
        self.update_title()
        self.update_demo_warning()

    def update_demo_warning(self) -> None:
        """Show the red line while a demo account (``main.py demo``) is active in this database."""
        from sqlalchemy.exc import DBAPIError

        from models.demo import demo_accounts_present

        try:
            with self.db.session() as session:
                names = demo_accounts_present(session)
        except DBAPIError:  # a damaged database without its accounts table: the start-up says so
            names = []
        self.demo_warning.setText(
            _("Demo accounts exist in this database ({names}): it is for demonstration only, "
              "never for real residents. Deactivate them, or start a new database.").format(names=", ".join(names))
        )
        self.demo_warning.setVisible(bool(names))

    def update_title(self) -> None:
        with self.db.session() as session:
            centre = load_centre_info(session).name
        title = _("Linli")
        self.setWindowTitle(f"{title} — {centre}" if centre else title)

    # --- actions ----------------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.db, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.language_chosen.connect(self.language_requested.emit)
        dialog.security_saved.connect(lambda sec: self.idle_lock and self.idle_lock.set_timeout(sec.idle_minutes * 60_000))
        dialog.accepted.connect(self.update_title)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def show_about(self) -> None:
        dialogs.info(
            self,
            _("About Linli"),
            _("Linli (邻里) {version}\nThe front desk of a neighbourhood service centre.\n\nDatabase: {path}").format(
                version=VERSION, path=self.db.path or self.db.url
            ),
        )
