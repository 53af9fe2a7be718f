"""Guards the conventions by reading the imports of every module (no code is run).

Imports flow one way: read → parse → rules → store → queries/analytics → charts/export → ui → pages.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Layer of each lib module (by dotted prefix); a module may import only its own layer or lower.
# The packages are the pipeline's stages: read → parse → check → store (ingest, correct) →
# analytics → ui; a few modules sit lower than their package (data every stage reads).
LAYERS: list[tuple[str, int]] = [
    ("lib", 0),  # lib/__init__.py: version constants only
    ("lib.errors", 0),
    ("lib.template", 0),
    ("lib.document", 0),
    ("lib.report", 0),
    ("lib.markup", 0),
    ("lib.strings", 0),
    ("lib.read", 1),
    ("lib.read.office", 0),  # LibreOffice headless as a converter (also makes the 通报's PDF)
    ("lib.parse", 2),
    ("lib.parse.registry", 3),  # the bodies and their names (reads parse.meta)
    ("lib.check", 3),
    ("lib.check.catalog", 0),  # every kind of finding: name, what it checks, what to fix
    ("lib.check.rules", 2),
    ("lib.sample", 3),
    ("lib.store", 4),
    ("lib.store.correct", 5),  # corrections with audit: recomputes as the ingest does
    ("lib.ingest", 5),
    ("lib.ingest.pool", 3),  # parsing for the ingest, in worker processes: no database
    ("lib.analytics", 6),
    ("lib.analytics.queries", 5),  # all SQL outside lib.store
    ("lib.analytics.rectify", 7),  # 整改 status of every issue (reads labels from lib.i18n)
    ("lib.i18n", 7),
    ("lib.auth", 7),
    ("lib.charts", 7),
    ("lib.export", 7),
    ("lib.export_values", 7),  # extract values in words of their language
    ("lib.bulletin", 7),  # the county 通报 (DOCX/PDF)
    ("lib.ui", 8),
    ("lib.cli", 9),
    ("lib.__main__", 9),
]
PAGE_LAYER = 10

# Third-party packages a layer may not use (it knows nothing of what comes later).
FORBIDDEN_THIRD_PARTY = {
    "duckdb": "only lib.store may import duckdb",
    "streamlit": "only lib.ui (and pages) may import streamlit",
}
PARSE_SIDE_FORBIDDEN = {"pandas", "altair", "duckdb", "streamlit", "pyarrow"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _layer(mod: str) -> int | None:
    best = None
    for prefix, layer in LAYERS:
        if (mod == prefix or mod.startswith(prefix + ".")) and (
            best is None or len(prefix) > len(best[0])
        ):
            best = (prefix, layer)
    return best[1] if best else None


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from lib.store import correct` imports the submodule lib.store.correct
            subs = [f"{node.module}.{a.name}" for a in node.names]
            subs = [m for m in subs if _is_lib_module(m)]
            out += subs if len(subs) == len(node.names) else [node.module, *subs]
    return out


def _is_lib_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return name.startswith("lib.") and (path.with_suffix(".py").exists() or path.is_dir())


LIB_FILES = sorted((ROOT / "lib").rglob("*.py"))
PAGE_FILES = sorted((ROOT / "pages").glob("*.py")) + [ROOT / "dashboard.py"]


@pytest.mark.parametrize("path", LIB_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_lib_module_has_a_layer_and_imports_downward(path):
    mod = _module_name(path)
    layer = _layer(mod)
    assert layer is not None, f"{mod} has no layer in tests/test_architecture.py: place it"
    for imp in _imports(path):
        top = imp.split(".")[0]
        if top in FORBIDDEN_THIRD_PARTY and not (
            (top == "duckdb" and mod in ("lib.store", "lib.store.connect"))
            or (top == "streamlit" and mod == "lib.ui")
        ):
            pytest.fail(f"{mod} imports {imp}: {FORBIDDEN_THIRD_PARTY[top]}")
        if layer <= 2 and top in PARSE_SIDE_FORBIDDEN:
            pytest.fail(f"{mod} imports {imp}: reading and parsing know nothing of {top}")
        if top == "lib" and imp != "lib":
            target = _layer(imp)
            assert target is not None, f"{mod} imports unknown lib module {imp}"
            assert target <= layer, f"{mod} (layer {layer}) imports {imp} (layer {target}): upward"


def _lib_graph() -> dict[str, set[str]]:
    """Who imports whom inside lib, at any depth (imports inside functions count too), with the
    package __init__ that importing a submodule runs first."""
    modules = {_module_name(p): p for p in LIB_FILES}

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for mod, path in modules.items():
        deps = {known(i) for i in _imports(path) if i.startswith("lib.")} - {None, mod}
        for d in list(deps):  # importing lib.a.b runs lib/a/__init__.py first
            while d.count(".") > 1:
                d = d.rpartition(".")[0]
                if not (mod == d or mod.startswith(d + ".")):
                    deps.add(d)
        graph[mod] = deps
    return graph


def _circle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for d in sorted(graph.get(m, ())):
            if state.get(d) == 1:
                return path[path.index(d) :] + [d]
            if d not in state and (found := visit(d)):
                return found
        state[m] = 2
        path.pop()
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_no_import_circles_in_lib():
    assert _circle(_lib_graph()) is None, " → ".join(_circle(_lib_graph()) or [])


def test_the_circle_check_sees_a_circle():
    # the check itself, on a made-up graph (so a broken check cannot pass silently)
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _circle({"a": {"b"}, "b": set()}) is None
    assert "lib.store" in _lib_graph()["lib.analytics.queries"]


def test_lib_uses_no_relative_imports():
    # the graph above reads absolute imports only
    for path in LIB_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{path.relative_to(ROOT)}:{node.lineno} imports relatively"


@pytest.mark.parametrize(
    "path", [p for p in PAGE_FILES if p.exists()], ids=lambda p: str(p.relative_to(ROOT))
)
def test_pages_hold_no_sql_and_no_database(path):
    src = path.read_text(encoding="utf-8")
    for imp in _imports(path):
        assert imp.split(".")[0] not in ("duckdb", "pandas"), f"{path.name} imports {imp}"
        assert imp not in ("lib.store", "lib.analytics.queries"), (
            f"{path.name} queries the database itself"
        )
    upper = src.upper()
    for word in ("SELECT ", "INSERT ", " FROM REPORT", "CREATE TABLE"):
        assert word not in upper, f"{path.name} contains SQL ({word.strip()})"


def test_dashboard_entry_only_configures_and_navigates():
    src = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    calls = {
        n.func.attr
        for n in ast.walk(ast.parse(src))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
    }
    assert "navigation" in calls, "dashboard.py must route with st.navigation"
    assert "set_page_config" in calls


def _walk_outside_defs(node: ast.AST):
    """Like ast.walk, but does not enter function or class bodies (they run when called)."""
    todo = [node]
    while todo:
        n = todo.pop()
        yield n
        for child in ast.iter_child_nodes(n):
            if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                todo.append(child)


def test_nothing_runs_at_import_time_in_lib():
    """Module bodies hold definitions only: no I/O, no database, no parsing at import time."""
    side_effects = {
        "open",
        "connect",
        "read_text",
        "read_bytes",
        "write_text",
        "write_bytes",
        "mkdir",
        "run",
        "Popen",
        "system",
        "read_csv",
        "read_df",
        "ensure_database",
        "parse_file",
        "ingest_paths",
        "read_document",
        "sleep",
        "urlopen",
        "print",
        "OpenCC",
        "set_page_config",
    }
    for path in LIB_FILES:
        if path.name == "__main__.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                continue  # bodies run when called; decorators are checked below
            for sub in _walk_outside_defs(node):
                if isinstance(sub, ast.Call):
                    f = sub.func
                    name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                    assert name not in side_effects, (
                        f"{path.relative_to(ROOT)}:{node.lineno} calls {name}() at import time"
                    )


@pytest.mark.parametrize("path", LIB_FILES + PAGE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_stay_small(path):
    """One module, one job: a few hundred lines at most."""
    if path.exists():
        n = len(path.read_text(encoding="utf-8").splitlines())
        assert n <= 500, f"{path.relative_to(ROOT)} has {n} lines: split it by job"
