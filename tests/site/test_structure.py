"""The project's own imports go one way, and no module grows past 500 lines (issue 20).

The graph is read from the source with ``ast``: every ``import`` counts, including those inside
functions, and importing a submodule counts as importing the packages above it (Python runs a
package's ``__init__`` first, and hub.models' ``__init__`` imports every model), except a
module's own packages, which are already running when it runs. Migrations are left out (they
import models by design and nothing imports them). The packages are found, not listed: every
folder beside manage.py with an ``__init__.py`` (a new app is checked from its first commit).

The way imports go (README, "Layout"): settings and shared helpers at the bottom (hub.caching,
hub.cdn, hub.visibility, hub.prefetch, hub.i18n, hub.partners.access, the listing engine of
hub.browse, which reads the models through the app registry), models above them, services
above the models, views, signal handlers and admin hooks on top.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 500  # lines per module; tests, migrations and demo data excluded

# Known exceptions, each to be removed by its owner once fixed (a stale entry fails the test,
# so the lists only shrink). An edge listed here is left out of the graph: name the import that
# closes the cycle, inside a function.
KNOWN_CYCLE_EDGES = {}
KNOWN_LONG_MODULES = {}


def _module_name(path, root):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root=ROOT):
    """{dotted name: path} of every module of the project's packages, migrations excluded."""
    modules = {}
    for init in sorted(root.glob("*/__init__.py")):
        for path in init.parent.rglob("*.py"):
            relative = path.relative_to(root).parts
            if "migrations" in relative or any(p.startswith(".") for p in relative):
                continue
            modules[_module_name(path, root)] = path
    return modules


def imports_of(name, path, known):
    """{imported project module: line of the first import} for the module ``name``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            parts = target.split(".")
            for depth in range(1, len(parts) + 1):
                candidate = ".".join(parts[:depth])
                # A module's own packages are already running when it runs: not an edge.
                if candidate in known and not (name + ".").startswith(candidate + "."):
                    found.setdefault(candidate, node.lineno)
    return found


def import_graph(root=ROOT):
    modules = project_modules(root)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def cycles(graph):
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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
    return sorted(found)


def _without_known(graph):
    return {
        name: {t: line for t, line in targets.items() if (name, t) not in KNOWN_CYCLE_EDGES}
        for name, targets in graph.items()
    }


def _describe(graph, component):
    members = set(component)
    lines = [
        f"  {name}:{line} imports {target}"
        for name in component
        for target, line in sorted(graph[name].items())
        if target in members
    ]
    return "\n".join(lines)


def test_the_project_imports_have_no_cycle():
    graph = import_graph()
    found = cycles(_without_known(graph))
    report = "\n\n".join(_describe(graph, component) for component in found)
    assert not found, f"import cycles (imports go one way, README 'Layout'):\n{report}"


def test_each_known_cycle_edge_still_exists():
    graph = import_graph()
    stale = [edge for edge in KNOWN_CYCLE_EDGES if edge[1] not in graph.get(edge[0], {})]
    assert not stale, f"remove these entries of KNOWN_CYCLE_EDGES, they are gone: {stale}"


# The layers above an app's models (README "Layout"): its views, admin hooks, tasks, emails and
# services. A service that imports none of its app's models is a helper below the pages, which
# hand it their records (programmes.services): the pages may call it.
ABOVE_THE_MODELS = ("views", "wagtail_hooks", "admin", "tasks", "emails", "services")


def _is_models(name):
    return "models" in name.split(".")[1:2]


def test_the_models_import_nothing_above_them():
    graph = import_graph()
    wrong = {}
    for name, targets in graph.items():
        if not _is_models(name):
            continue
        app = name.split(".")[0]
        above = tuple(f"{app}.{layer}" for layer in ABOVE_THE_MODELS)
        for target in targets:
            if not (target in above or target.startswith(tuple(a + "." for a in above))):
                continue
            own_models = [t for t in graph[target] if _is_models(t) and t.startswith(app + ".")]
            if target.split(".")[1] == "services" and not own_models:
                continue  # a helper the pages hand their records to
            wrong.setdefault(name, []).append(target)
    assert not wrong, f"models importing the layers above them: {wrong}"


def _is_excluded_from_the_limit(name):
    parts = name.split(".")
    return parts[0] == "tests" or parts[-1] in ("demo", "demo_media") or parts[-1].endswith("_demo")


def test_no_module_of_the_project_passes_the_line_limit():
    long = {
        name: count
        for name, path in project_modules().items()
        if not _is_excluded_from_the_limit(name)
        and (count := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
        and name not in KNOWN_LONG_MODULES
    }
    assert not long, f"modules over {LIMIT} lines (split them along their seams): {long}"


def test_each_known_long_module_is_still_long():
    modules = project_modules()
    shorter = [
        name
        for name in KNOWN_LONG_MODULES
        if name not in modules
        or len(modules[name].read_text(encoding="utf-8").splitlines()) <= LIMIT
    ]
    assert not shorter, f"remove these entries of KNOWN_LONG_MODULES, they are short now: {shorter}"


@pytest.fixture
def tiny_project(tmp_path):
    """Two packages whose modules import each other, one of them only inside a function."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "models.py").write_text("def f():\n    from .views import g\n")
    (tmp_path / "app" / "views.py").write_text("from app.models import f\n")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("from .core import x  # noqa\n")
    (tmp_path / "lib" / "core.py").write_text("x = 1\n")
    (tmp_path / "app" / "user.py").write_text("import lib.core\n")
    return tmp_path


def test_the_detector_sees_a_cycle_through_a_function_import(tiny_project):
    graph = import_graph(tiny_project)
    assert graph["app.models"] == {"app.views": 2}
    # A module's own package is no edge; another module's package is (its __init__ runs).
    assert "lib" not in graph["lib.core"]
    assert set(graph["app.user"]) == {"lib", "lib.core"}
    assert cycles(graph) == [["app.models", "app.views"]]
