"""Start the application: QApplication, translations, the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QThreadPool, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

import i18n
from models.core.db import Database
from models.core.lockfile import DatabaseLock
from models.core.settings import load_preferences, save_preference
from resources import resource_path
from ui.common.style import apply_style
from ui.shell import safety_menu
from ui.shell import startup as safety_startup
from ui.shell.main_window import MainWindow


class LanguageSwitcher:
    """Switches Linli's catalogs and Qt's own (qtbase) at run time.

    Installing or removing the Qt translator sends QEvent.LanguageChange to
    every widget, whose ``retranslate()`` then fetches its texts again.
    """

    #: Qt's catalog installed now: one per application, whichever switcher installed it
    #: (a window reopened on another database, or a test, makes a second switcher).
    _installed: QTranslator | None = None

    def __init__(self, app: QApplication):
        self._app = app

    def apply(self, language: str, *, remember: bool = True) -> None:
        i18n.set_language(language)
        QLocale.setDefault(QLocale(language))
        changed = False
        if LanguageSwitcher._installed is not None:
            self._app.removeTranslator(LanguageSwitcher._installed)
            LanguageSwitcher._installed = None
            changed = True
        translator = QTranslator(self._app)
        path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if language != "en" and translator.load(f"qtbase_{language}", path):
            LanguageSwitcher._installed = translator
            self._app.installTranslator(translator)
            changed = True
        if changed:
            # Qt posts LanguageChange to every top-level widget: deliver it now,
            # so the window is retranslated before apply() returns.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        else:
            for widget in self._app.topLevelWidgets():
                QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))
        if remember:
            save_preference("language", language)


def initial_language(requested: str | None) -> str:
    """--lang first, then the saved preference, then zh_CN."""
    if requested in i18n.LANGUAGES:
        return requested  # type: ignore[return-value]
    saved = load_preferences().get("language")
    return saved if saved in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def install_language(app: QApplication, language: str | None = None) -> LanguageSwitcher:
    """Linli's catalogs and Qt's own (qtbase: the OK/Cancel of every standard button box) for
    ``language`` (see :func:`initial_language`); before the first dialog, the login's included."""
    switcher = LanguageSwitcher(app)
    switcher.apply(initial_language(language), remember=False)
    return switcher


def create_window(db: Database, app: QApplication, language: str | None = None, *,
                  switcher: LanguageSwitcher | None = None) -> MainWindow:
    """Build the main window with language switching wired (used by tests too).

    ``switcher``: the one :func:`install_language` made before the login (the start-up);
    without it a new one installs ``language``.
    """
    if switcher is None:
        switcher = install_language(app, language)
    window = MainWindow(db, reopen=lambda new_db: create_window(new_db, app, i18n.current_language(),
                                                                switcher=switcher))
    window.language_requested.connect(switcher.apply)
    window.switcher = switcher  # type: ignore[attr-defined]
    return window


#: How often a Python thread hands the GIL over when another waits (CPython's default: 5 ms).
#: Every Qt call into a PySide widget needs the GIL; while a worker thread lays out a
#: report, the UI thread waited up to 5 ms per call and froze for ~0.8–1.3 s showing the
#: progress dialog. At 0.2 ms: ~0.13 s, the report no slower (issue 9, docs/performance.md).
GIL_SWITCH_INTERVAL_S = 0.0002


def prepare_app(app: QApplication) -> None:
    """Name, icon and Linli's look (:mod:`ui.common.style`), before any window is built."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    app.setApplicationName("Linli")
    app.setOrganizationName("Linli")
    app.setWindowIcon(QIcon(str(resource_path("linli.svg"))))
    apply_style(app)


def password_prompt(language: str | None = None):  # type: ignore[no-untyped-def]
    """The window's password prompt for a server (:func:`ui.shell.server_password.ask_password`), for
    :func:`cli.common.open_with_password`: the application and its language are set up first, so
    the dialog speaks the language the window will."""
    from ui.shell.server_password import ask_password

    app = QApplication.instance() or QApplication(sys.argv)
    prepare_app(app)
    install_language(app, language)
    return ask_password


def run_app(
    db: Database, language: str | None = None, *, lock: DatabaseLock | None = None, checked: list[str] | None = None,
    deferred: bool = False,
) -> int:
    """The window's start: checks (lock, quick_check, share), login, then the main window.

    ``lock``, ``checked`` and ``deferred`` come from :func:`models.safety.startup.open_for_window`
    (taken before the file was opened); without them the checks run here.
    ``deferred``: the file's quick and weekly checks run in a worker thread
    while the login and the window open (writes wait for their verdict).
    """
    app = QApplication.instance() or QApplication(sys.argv)
    prepare_app(app)
    switcher = install_language(app, language)  # the login and first-run dialogs speak it too
    # --- start-up: safety ---
    started = safety_startup.start(db, app, lock=lock, checked=checked, deferred=deferred)  # lock, checks, share
    if started is None:
        return 1
    if not safety_menu.start(started):  # login or first-run administrator
        return 0
    window = create_window(started, app, switcher=switcher)
    window.show()
    window.focus_current_tab()
    safety_startup.window_shown(app)  # what a background check found meanwhile
    code = app.exec()
    QThreadPool.globalInstance().waitForDone()  # work still in a worker thread ends before the file is closed
    return code
