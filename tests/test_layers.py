"""The arrows between the layers: the domain and the reports never load Qt."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_domain_and_reports_do_not_import_qt() -> None:
    assert (ROOT / "reports" / "__init__.py").is_file(), "the reports package is missing"
    code = textwrap.dedent(
        """
        import sys
        import models, models.core.db, models.residents.registry, models.demo, models.residents.idcard, models.residents.names
        import reports
        import pkgutil, importlib
        for info in pkgutil.walk_packages(reports.__path__, "reports."):
            importlib.import_module(info.name)
        for info in pkgutil.iter_modules(models.__path__, "models."):
            importlib.import_module(info.name)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
        print("QT:" + ",".join(loaded))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "QT:\n" in result.stdout, result.stdout
