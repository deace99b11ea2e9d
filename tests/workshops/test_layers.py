"""The workshops app's imports go one way: helpers, models, services, emails and jobs, views and
admin hooks. Every import counts, including those inside functions, and importing a submodule
counts as importing its package (Python runs the package's ``__init__`` first), except a
module's own packages, which are already running when it runs."""

import ast
from pathlib import Path

import workshops

ROOT = Path(workshops.__file__).parent
LIMIT = 500  # lines per module (migrations excluded)


def _module_name(path):
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules():
    return {
        _module_name(path): path for path in ROOT.rglob("*.py") if "migrations" not in path.parts
    }


def _imports(name, path, known):
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for target in targets:
            # The target and every package above it runs when it is imported.
            parts = target.split(".")
            for depth in range(1, len(parts) + 1):
                candidate = ".".join(parts[:depth])
                # A module's own packages are already running when it runs: not an edge.
                if candidate in known and not (name + ".").startswith(candidate + "."):
                    found.add(candidate)
    return found


def _graph():
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycle(graph):
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_workshops_imports_have_no_cycle():
    assert _cycle(_graph()) is None, " -> ".join(_cycle(_graph()))


def test_the_models_import_nothing_above_them():
    above = {
        "workshops.services",
        "workshops.emails",
        "workshops.tasks",
        "workshops.views",
        "workshops.wagtail_hooks",
        "workshops.admin",
    }
    graph = _graph()
    for name, targets in graph.items():
        if name.startswith("workshops.models"):
            reached = {t for t in targets if any(t.startswith(a) for a in above)}
            assert not reached, f"{name} imports {reached}"


def test_the_detector_sees_a_cycle_through_a_function_import():
    assert _cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]


def test_no_workshops_module_passes_the_line_limit():
    long = {
        name: n
        for name, path in _modules().items()
        if (n := len(path.read_text().splitlines())) > LIMIT and not name.endswith(".demo")
    }
    assert not long
