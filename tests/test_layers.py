"""The import rules: which way the arrows point between the layers and between the jobs.

One fresh-interpreter check (importing ``models`` and ``reports`` loads no Qt)
and static checks over the import statements of the source files (``ast``;
imports inside functions count, and so do ``__import__("…")`` and
``importlib.import_module("…")`` with a literal name):

(a) ``models/`` and ``reports/`` import no Qt (PySide6, shiboken6);
(b) ``ui/`` reaches the database through domain functions: no ``sqlalchemy``
    and nothing from ``models.core.db`` but the :class:`~models.core.db.Database`
    handle a screen is built with (a job screen passes it on to domain
    functions; importing the class opens nothing). ``ui/shell`` and
    ``ui/common`` open and reopen the file and share widgets over the domain's
    list sources: their exceptions are in :data:`SHELL_NEEDS`, one reason each;
(c) ``reports/`` never holds a Session: no ``sqlalchemy``, no ``models.core.db``;
(d) no module outside a job's package imports that job's private names
    (``from models.<job>… import _x``, or ``module._x`` on an imported job
    module), and ``ui/``, ``reports/`` and ``main.py`` import no private name
    of ``models/`` at all;
(e) ``ui/shell`` has no import cycle (app → main_window → menus → dialogs;
    a dialog gets a callback instead of importing the window or the app),
    ``ui/common`` imports no job screen nor the shell, and ``models/``, ``reports/``
    and ``ui/`` have no import cycle but those in :data:`CYCLES_NOT_YET`;
(f) no raw queries in ``ui/``: in ``with db.session() as s`` / ``with db.write() as s``
    a widget hands ``s`` to domain functions and calls none of the Session's own
    query and write methods (``s.get``, ``s.scalar``, ``s.execute``, ``s.add``…).

:data:`NOT_YET` lists the violations still in the tree when the rules were
written (other parts of issue 14 remove them): each is reported by name, and an
entry that no longer matches fails too, so the list only shrinks.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The jobs: one package each in models/ and in ui/ (mediation has its page in ui/grids).
JOBS = ("daycare", "meals", "activities", "notices", "party", "requests", "residents", "figures", "grids", "district",
        "mediation")

#: What ui/shell and ui/common may import from the database layer, with the reason.
#: Keyed by (file, module, name).
SHELL_NEEDS: dict[tuple[str, str, str | None], str] = {
    ("ui/shell/restore_dialog.py", "models.core.db", "open_database"):
        "the restore reopens the restored file (migrating an older one) for the new window",
    ("ui/shell/restore_dialog.py", "models.core.db", "DatabaseOpenError"):
        "a restored file that cannot be opened is told, and the old window stays",
    ("ui/shell/main_window.py", "sqlalchemy.exc", "DBAPIError"):
        "a damaged file without its accounts table still opens the window (read-only, to restore)",
    ("ui/common/lazy_model.py", "sqlalchemy.exc", "DatabaseError"):
        "the lazy table model pages a domain ListSource and tells the clerk when the file is unreadable",
    ("ui/common/lazy_model.py", "sqlalchemy.orm", "Session"):
        "the type of the session factory the lazy table model is given",
    ("ui/common/forms.py", "sqlalchemy.orm", "Session"):
        "the type of the domain write function a form runs in one transaction",
}

#: Violations still in the tree when these rules were written, by rule; keyed by
#: (file, module, name) and commented with the part of issue 14 that removes them.
#: The integrator deletes an entry once its violation is gone (the test says which).
NOT_YET: dict[str, dict[tuple[str, str, str | None], str]] = {
    "ui-common-jobs": {
        # Printing a PDF is shared (the dialog seam's print_pdf) but lives in the notices screen.
        ("ui/common/dialogs.py", "ui.notices.printing", "print_pdf_with_dialog"): "notices part / integrator",
    },
}

#: Import cycles still in the tree (lazy imports count), each as its set of modules, with the
#: part of issue 14 that breaks it. A cycle that changes shape fails as new: compare and update.
CYCLES_NOT_YET: dict[frozenset[str], str] = {
    # models.core.db backs up before a migration (models.safety.backup, lazily), which reads the
    # file with models.core.db.read_only_uri and anchors the audit trail (models.safety.audit)
    # (a server's dump before a migration: models.safety.server_backup, lazily, on models.safety.backup's format)
    frozenset({"models.core.db", "models.safety.audit", "models.safety.backup",
               "models.safety.server_backup"}): "kept: lazy, one call (the backup before a migration)",
}


# --- reading the import statements --------------------------------------------------------


@dataclass(frozen=True)
class Import:
    """One imported name: ``from module import name`` (``name`` None for ``import module``)."""

    file: str  # relative to the project, with slashes
    line: int
    module: str  # absolute (relative imports resolved)
    name: str | None
    lazy: bool  # inside a function
    bound_as: str | None = field(default=None, compare=False)  # the name the import binds, when it is ``as …``

    @property
    def key(self) -> tuple[str, str, str | None]:
        return (self.file, self.module, self.name)

    def __str__(self) -> str:
        if self.module == "Session":  # a call found by rule (f), not an import
            return f"{self.file}:{self.line}: a session's .{self.name}(…) in a widget"
        what = f"from {self.module} import {self.name}" if self.name is not None else f"import {self.module}"
        return f"{self.file}:{self.line}: {what}" + (" (inside a function)" if self.lazy else "")


def source_files(*tops: str) -> list[Path]:
    """The Python files under each top (a folder or a file), sorted."""
    found: list[Path] = []
    for top in tops:
        path = ROOT / top
        found.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return found


def module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def module_file(module: str) -> Path | None:
    """The file of a project module (``a.b`` → a/b.py or a/b/__init__.py), None outside the project."""
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _literal_import(call: ast.Call) -> str | None:
    """The module named by ``__import__("…")`` or ``importlib.import_module("…")``."""
    func = call.func
    named = (isinstance(func, ast.Name) and func.id in ("__import__", "import_module")) or (
        isinstance(func, ast.Attribute) and func.attr == "import_module"
    )
    if named and call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@cache
def imports_of(path: Path) -> tuple[Import, ...]:
    """Every import in ``path``, at the top and inside functions; not those under
    ``if TYPE_CHECKING:`` (they never run: a type named for a checker is no arrow)."""
    rel = path.relative_to(ROOT).as_posix()
    own = module_of(path)
    package = own if is_package(path) else own.rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for other in child.orelse:
                    visit(ast.Module(body=[other], type_ignores=[]), inner)
                continue
            if isinstance(child, ast.Import):
                found.extend(Import(rel, child.lineno, alias.name, None, lazy, alias.asname) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - (child.level - 1)]
                    module = ".".join(base + ([child.module] if child.module else []))
                else:
                    module = child.module or ""
                found.extend(Import(rel, child.lineno, module, alias.name, lazy, alias.asname or alias.name)
                             for alias in child.names)
            elif isinstance(child, ast.Call) and (target := _literal_import(child)) is not None:
                found.append(Import(rel, child.lineno, target, None, lazy))
            visit(child, inner)

    visit(_tree(path), False)
    return tuple(found)


def target_module(imp: Import) -> str:
    """The project module an import loads: ``from a.b import c`` is a.b.c when c is a module."""
    if imp.name is not None and module_file(f"{imp.module}.{imp.name}") is not None:
        return f"{imp.module}.{imp.name}"
    return imp.module


def under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def is_private(name: str | None) -> bool:
    return bool(name) and name.startswith("_") and not name.startswith("__")  # type: ignore[union-attr]


def private_attributes(path: Path) -> Iterator[Import]:
    """``alias._x`` where ``alias`` is bound by an import of a project module (``from models import meals``)."""
    bound: dict[str, str] = {}
    for imp in imports_of(path):
        module = target_module(imp)
        # ``import a.b`` binds ``a`` (``a.b._x`` is not followed); ``import a.b as m`` binds ``a.b``.
        if imp.bound_as is not None and module_file(module) is not None and (imp.name is None or module != imp.module):
            bound[imp.bound_as] = module
    rel = path.relative_to(ROOT).as_posix()
    for node in ast.walk(_tree(path)):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in bound and is_private(node.attr)):
            yield Import(rel, node.lineno, bound[node.value.id], node.attr, False)


# --- checking against the rules and their lists -----------------------------------------------


def verdict(rule: str, violations: list[Import], allowed: dict[tuple[str, str, str | None], str] | None = None) -> None:
    """Fail with every violation not in ``allowed`` or :data:`NOT_YET`, and every entry no longer needed."""
    pending = NOT_YET.get(rule, {})
    accepted = {**(allowed or {}), **pending}
    new = [v for v in violations if v.key not in accepted]
    seen = {v.key for v in violations}
    stale = [key for key in pending if key not in seen]
    message = []
    if new:
        message.append(f"import rule {rule!r} broken:\n  " + "\n  ".join(map(str, new)))
    if stale:
        message.append(
            f"import rule {rule!r}: these are gone, delete them from NOT_YET[{rule!r}] in tests/test_layers.py:\n  "
            + "\n  ".join(" ".join(str(k) for k in key if k is not None) for key in stale)
        )
    assert not message, "\n\n".join(message)
    leftover = [v for v in violations if v.key in pending]
    if leftover:  # shown with -rA / on failure of another rule: what the integrator still has to remove
        print(f"NOT_YET[{rule!r}] still holds:\n  " + "\n  ".join(map(str, leftover)))


# --- (a) no Qt in the domain and the reports ------------------------------------------------------


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


def test_no_qt_import_in_models_or_reports() -> None:
    violations = [
        imp for path in source_files("models", "reports") for imp in imports_of(path)
        if imp.module.split(".")[0] in ("PySide6", "shiboken6")
    ]
    verdict("no-qt", violations)


# --- (b) ui/ through domain functions ---------------------------------------------------------------


def _database_layer(imp: Import) -> bool:
    if under(imp.module, "sqlalchemy"):
        return True
    if under(imp.module, "models.core.db") or target_module(imp) == "models.core.db":
        return not (imp.module == "models.core.db" and imp.name == "Database")
    return False


def test_ui_reaches_the_database_through_domain_functions() -> None:
    assert all(file.split("/")[1] in ("shell", "common") for file, _m, _n in SHELL_NEEDS), "job screens have none"
    violations = [imp for path in source_files("ui") for imp in imports_of(path) if _database_layer(imp)]
    verdict("ui-database", violations, SHELL_NEEDS)
    unused = [key for key in SHELL_NEEDS if key not in {v.key for v in violations}]
    assert not unused, f"SHELL_NEEDS entries no longer needed (delete them): {unused}"


def test_every_ui_package_is_a_job_or_the_shell_or_common() -> None:
    """Rule (b) reads the job screens as ui/<job>/: a screen elsewhere would escape it."""
    packages = {p.parent.name for p in (ROOT / "ui").glob("*/__init__.py")}
    assert packages <= {*JOBS, "shell", "common"}, sorted(packages - {*JOBS, "shell", "common"})
    assert not [p.name for p in (ROOT / "ui").glob("*.py") if p.name != "__init__.py"], "ui/ holds packages only"


# --- (c) no Session in the reports ---------------------------------------------------------------


def test_reports_hold_no_session() -> None:
    violations = [
        imp for path in source_files("reports") for imp in imports_of(path)
        if under(imp.module, "sqlalchemy") or under(target_module(imp), "models.core.db") or imp.name == "Session"
    ]
    verdict("reports-session", violations)


# --- (d) private names stay in their job ---------------------------------------------------------


def _job_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "models" and parts[1] in JOBS else None


def _private_import(imp: Import, importer: str) -> bool:
    module = target_module(imp)
    privates = is_private(imp.name) or any(is_private(part) for part in module.split("."))
    if not privates or not under(module, "models"):
        return False
    if importer.split(".")[0] in ("ui", "reports", "main"):
        return True  # the screens, the reports and the command line use the domain's public names only
    job = _job_of(module)
    return job is not None and not under(importer, f"models.{job}")


def test_no_private_names_across_jobs_or_from_the_outside() -> None:
    violations = []
    for path in source_files("models", "reports", "ui", "main.py"):
        importer = module_of(path)
        found = [*imports_of(path), *private_attributes(path)]
        violations.extend(imp for imp in found if _private_import(imp, importer))
    verdict("private-names", violations)


# --- (e) the shell's arrows point one way; ui/common serves the jobs --------------------------------


def import_graph(package: str) -> dict[str, set[str]]:
    """Module → the modules of ``package`` it imports (top-level and lazy imports alike)."""
    graph: dict[str, set[str]] = {}
    for path in source_files(package.replace(".", "/")):
        own = module_of(path)
        graph[own] = {
            target for imp in imports_of(path)
            if under(target := target_module(imp), package) and target != own and module_file(target) is not None
        }
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_cycle_finder_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_ui_shell_has_no_import_cycle() -> None:
    graph = import_graph("ui.shell")
    assert "ui.shell.app" in graph and "ui.shell.main_window" in graph
    found = cycles(graph)
    assert not found, "import cycles in ui/shell (lazy imports count):\n" + "\n".join(
        " ↔ ".join(c) + "\n    " + "\n    ".join(f"{m} → {', '.join(sorted(graph[m] & set(c)))}" for m in c)
        for c in found
    )
    # Nothing in the shell imports the application, and no dialog the main window.
    for module, targets in graph.items():
        assert "ui.shell.app" not in targets, f"{module} imports ui.shell.app: pass a callback instead"
        if module != "ui.shell.app":
            assert "ui.shell.main_window" not in targets, f"{module} imports the main window: pass it, or a callback"


def test_ui_common_imports_no_job_screen() -> None:
    violations = [
        imp for path in source_files("ui/common") for imp in imports_of(path)
        if any(under(target_module(imp), f"ui.{job}") for job in JOBS) or under(target_module(imp), "ui.shell")
    ]
    verdict("ui-common-jobs", violations)


def test_no_import_cycle_in_the_tree() -> None:
    found: dict[frozenset[str], dict[str, set[str]]] = {}
    for package in ("models", "reports", "ui"):
        graph = import_graph(package)
        for component in cycles(graph):
            found[frozenset(component)] = {m: graph[m] & set(component) for m in component}
    new = {c: edges for c, edges in found.items() if c not in CYCLES_NOT_YET}
    stale = [sorted(c) for c in CYCLES_NOT_YET if c not in found]
    assert not new, "import cycles (lazy imports count):\n" + "\n".join(
        " ↔ ".join(sorted(c)) + "\n    " + "\n    ".join(f"{m} → {', '.join(sorted(t))}" for m, t in sorted(e.items()))
        for c, e in new.items()
    )
    assert not stale, f"these cycles are gone, delete them from CYCLES_NOT_YET in tests/test_layers.py: {stale}"


def test_the_reader_follows_module_aliases() -> None:
    found = {(i.module, i.name) for i in private_attributes(ROOT / "tests" / "models" / "core" / "test_db_revisions.py")}
    assert ("models.core.db", "_known_revisions") in found  # ``import models.core.db as mdb`` … ``mdb._known_revisions()``


def test_the_reader_sees_lazy_and_dynamic_imports() -> None:
    found = imports_of(ROOT / "ui" / "shell" / "main_window.py")
    assert any(i.module == "models.demo" and i.name == "demo_accounts_present" and i.lazy for i in found)
    assert any(i.module == "ui.shell" and i.name == "safety_menu" and not i.lazy for i in found)
    calls = [n for n in ast.walk(ast.parse('__import__("a.b"); importlib.import_module("c"); f("d")'))
             if isinstance(n, ast.Call)]
    assert [_literal_import(c) for c in calls] == ["a.b", "c", None]


# --- (f) no raw queries in ui/ ------------------------------------------------------------------------

#: The Session's own query and write methods: a widget leaves them to the domain.
SESSION_METHODS = frozenset({
    "execute", "scalars", "scalar", "get", "add", "add_all", "delete", "merge", "query", "flush", "commit",
    "refresh", "connection",
})


def raw_session_calls(tree: ast.AST, rel: str) -> Iterator[Import]:
    """``s.get(…)`` and the like on a session opened with ``with ….session() as s`` / ``….write() as s``."""
    for node in ast.walk(tree):
        if not isinstance(node, (ast.With, ast.AsyncWith)):
            continue
        sessions = {
            item.optional_vars.id for item in node.items
            if isinstance(item.optional_vars, ast.Name) and isinstance(item.context_expr, ast.Call)
            and isinstance(item.context_expr.func, ast.Attribute) and item.context_expr.func.attr in ("session", "write")
        }
        for sub in ast.walk(node):
            if (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and isinstance(sub.func.value, ast.Name)
                    and sub.func.value.id in sessions and sub.func.attr in SESSION_METHODS):
                yield Import(rel, sub.lineno, "Session", sub.func.attr, False)


def test_the_raw_query_finder_sees_a_query() -> None:
    tree = ast.parse("with db.session() as s:\n    s.get(Setting, 'k')\n    load(s)\nt.get(1)\n")
    assert [(c.line, c.name) for c in raw_session_calls(tree, "x.py")] == [(2, "get")]


def test_ui_runs_no_raw_queries() -> None:
    violations = [
        call for path in source_files("ui") for call in raw_session_calls(_tree(path), path.relative_to(ROOT).as_posix())
    ]
    verdict("ui-raw-queries", violations)
