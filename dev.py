#!/usr/bin/env python3
"""Set up Linli and run it or its tests — the README's two commands.

    python3 dev.py run [ARGS...]    set up, then open the app (python main.py ARGS)
    python3 dev.py test [ARGS...]   set up, then run the test suite (pytest ARGS)

Set-up is idempotent and quick when nothing changed: it creates ``.venv``
beside this file, installs the project with its test extras when
pyproject.toml changed, and compiles the translation catalogs (.po → .mo).
Uses only the standard library, so it runs on a fresh machine.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
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


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "setup"):
        print(__doc__.strip())
        return 2
    action, rest = argv[0], argv[1:]
    ensure_venv()
    compile_catalogs()
    py = str(venv_python())
    if action == "setup":
        return 0
    if action == "run":
        return subprocess.call([py, str(ROOT / "main.py"), *rest], cwd=ROOT)
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY") and sys.platform.startswith("linux"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.call([py, "-m", "pytest", *rest], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
