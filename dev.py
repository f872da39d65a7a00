#!/usr/bin/env python3
"""Set up Linli and run it or its tests — the README's two commands.

    python3 dev.py run [ARGS...]    set up, then open the app (python main.py ARGS)
    python3 dev.py test [ARGS...]   set up, then run the test suite (pytest ARGS; one
                                    worker per core unless ARGS say -n N or name one file)
    python3 dev.py catalogs         set up, then extract the strings and update the
                                    translation catalogs (docs/translation.md)

Set-up is idempotent and quick when nothing changed: it creates ``.venv``
beside this file, installs the project with its test extras when
pyproject.toml changed, and compiles the translation catalogs (.po → .mo).
Uses only the standard library, so it runs on a fresh machine.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".linli-setup"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def ensure_venv() -> None:
    if not venv_python().exists():
        _say(f"creating the virtual environment in {VENV.name}/")
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    _say("installing Linli and its dependencies (first run or pyproject.toml changed)")
    py = str(venv_python())
    subprocess.check_call([py, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    subprocess.check_call([py, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"])
    STAMP.write_text(wanted)


def compile_catalogs() -> None:
    """Compile every i18n/locale/*/LC_MESSAGES/*.po whose .mo is missing or older."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from babel.messages.pofile import read_po\n"
        "from babel.messages.mofile import write_mo\n"
        "for po in Path(sys.argv[1]).glob('*/LC_MESSAGES/*.po'):\n"
        "    mo = po.with_suffix('.mo')\n"
        "    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:\n"
        "        continue\n"
        "    with po.open('rb') as fh:\n"
        "        cat = read_po(fh, locale=po.parent.parent.name)\n"
        "    with mo.open('wb') as fh:\n"
        "        write_mo(fh, cat, use_fuzzy=False)\n"
    )
    subprocess.check_call([str(venv_python()), "-c", code, str(ROOT / "i18n" / "locale")])


#: Extraction keywords; babel.cfg names the same ones per section.
KEYWORDS = ("_", "N_", "ngettext:1,2")
DOMAIN = "linli"

# Runs in the venv after `pybabel update`: drops obsolete (#~) entries, makes
# the English catalog complete (msgstr = msgid for new or changed entries; the
# source strings are English) and reports what is left to translate.
_CATALOG_REPORT = """\
import sys
from pathlib import Path
from babel.messages.pofile import read_po, write_po

locale_dir, domain, langs = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]

def key(m):
    return m.id[0] if m.pluralizable else m.id

def filled_in(m):
    strings = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
    return all(strings)

# Every catalog is written before anything is printed.
reports = []
for lang in langs:
    po = locale_dir / lang / "LC_MESSAGES" / f"{domain}.po"
    with po.open("rb") as fh:
        cat = read_po(fh, locale=lang)
    obsolete = sorted(str(m) for m in cat.obsolete)
    cat.obsolete.clear()
    filled = []
    if lang == "en":
        for m in cat:
            if m.id and (m.fuzzy or not filled_in(m)):
                m.string = tuple(m.id) if m.pluralizable else m.id
                m.flags.discard("fuzzy")
                filled.append(key(m))
    with po.open("wb") as fh:
        write_po(fh, cat, width=76)
    messages = [m for m in cat if m.id]
    fuzzy = [key(m) for m in messages if m.fuzzy]
    untranslated = [key(m) for m in messages if not m.fuzzy and not filled_in(m)]
    reports.append((lang, len(messages), untranslated, fuzzy, obsolete, filled))

def show(title, ids):
    if ids:
        print(f"    {title}:")
        for msgid in ids:
            print(f"      - {msgid!r}")

for lang, total, untranslated, fuzzy, obsolete, filled in reports:
    print(f"  {lang}: {total} messages, {len(untranslated)} untranslated, "
          f"{len(fuzzy)} fuzzy, {len(obsolete)} obsolete removed"
          + (f", {len(filled)} filled from the English source" if filled else ""))
    show("untranslated", untranslated)
    show("fuzzy (a changed string got a guessed translation: check it, then delete the fuzzy flag)", fuzzy)
    show("obsolete, removed (no longer in the source)", obsolete)
    show("filled from the source", filled)
if any(r[2] or r[3] for r in reports):
    print("Translate the entries above in the .po files; tests/i18n/test_catalogs.py fails until then.")
"""


def _project_version() -> str:
    match = re.search(r'^version\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M)
    return match.group(1) if match else "0"


def update_catalogs() -> None:
    """Extract the marked strings (babel.cfg) and merge them into every language's .po.

    The template goes to a temporary file: it is derived data, never committed.
    New strings arrive untranslated; a changed string gets the old translation
    marked fuzzy (shown at the end, and refused by the tests until reviewed).
    """
    pybabel = str(VENV / ("Scripts/pybabel.exe" if os.name == "nt" else "bin/pybabel"))
    py = str(venv_python())
    locale_dir = ROOT / "i18n" / "locale"
    langs = subprocess.check_output(
        [py, "-c", "import i18n; print(' '.join(i18n.LANGUAGES))"], cwd=ROOT, text=True
    ).split()
    with tempfile.TemporaryDirectory() as tmp:
        pot = str(Path(tmp) / f"{DOMAIN}.pot")
        _say("extracting the strings marked with " + ", ".join(KEYWORDS))
        subprocess.check_call(
            [pybabel, "--quiet", "extract", "-F", "babel.cfg", "--no-default-keywords",
             *(arg for kw in KEYWORDS for arg in ("-k", kw)),
             "--add-comments=Translators:", "--sort-by-file",
             "--project=Linli", f"--version={_project_version()}",
             "--copyright-holder=Linli", "-o", pot, "."],
            cwd=ROOT,
        )
        for lang in langs:
            subprocess.check_call(
                [pybabel, "--quiet", "update", "-i", pot, "-d", str(locale_dir), "-D", DOMAIN,
                 "-l", lang, "--init-missing", "--ignore-pot-creation-date"],
                cwd=ROOT,
            )
    _say("catalogs updated:")
    subprocess.check_call([py, "-c", _CATALOG_REPORT, str(locale_dir), DOMAIN, *langs], cwd=ROOT)
    compile_catalogs()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "setup", "catalogs"):
        print(__doc__.strip())
        return 2
    action, rest = argv[0], argv[1:]
    ensure_venv()
    compile_catalogs()
    py = str(venv_python())
    if action == "setup":
        return 0
    if action == "catalogs":
        update_catalogs()
        return 0
    if action == "run":
        return subprocess.call([py, str(ROOT / "main.py"), *rest], cwd=ROOT)
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY") and sys.platform.startswith("linux"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.call([py, "-m", "pytest", *parallel(rest), *rest], cwd=ROOT, env=env)


def parallel(args: list[str]) -> list[str]:
    """``-n auto`` (pytest-xdist: one worker per core) unless the caller chose: ``-n N``, ``-p no:xdist``,
    or one test file or node (a worker's start costs more than it saves there)."""
    if any(a == "-n" or a.startswith(("-n", "--numprocesses")) or a == "no:xdist" for a in args):
        return []
    targets = [a for a in args if not a.startswith("-")]
    if len(targets) == 1 and ("::" in targets[0] or targets[0].endswith(".py")):
        return []
    return ["-n", "auto"]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
