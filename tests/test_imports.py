"""The package's import structure: every module imports on its own, and imports only go down.

The layers, top to bottom (a module's layer comes from its path):

    __main__ (the entry point) > cli > the package's own __init__ (its lazy API) > session >
    pipeline, starter > writers, memory > judge > read > model > people > sheets > rules >
    places > text, terms, files > errors, limits

A module may import a lower layer, or a module of its own package (writers may import writers,
memory may import memory), never a higher layer, nor across writers and memory. `starter` (the
`init` command) is imported by the CLI alone. The graph holds every `cleanup` import: at the
top of a module, inside functions and under `TYPE_CHECKING`.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import HANG_SECONDS

import cleanup

PACKAGE = Path(cleanup.__file__).parent

#: Layer of each top-level module or sub-package of `cleanup` (key "" is `cleanup/__init__.py`).
RANKS = {
    "_version": 0, "errors": 0, "limits": 0,
    "files": 1,
    "text": 1,
    "places": 2,
    "lexicon": 2,  # the words phrases are weighed by: aliases, stop words, legal forms
    "rules": 3,
    "terms": 1,  # the tool's words: the tag registry, recommendations, change kinds, report names
    "sheets": 4,  # the sheets a person types into, for the writer and the read-back alike
    "people": 5,  # the people table's columns and the input's payload
    "model": 6,
    "read": 10,
    "judge": 20,
    "writers": 30, "memory": 30,
    "proposals": 35,  # what `init` proposes from a Profile.csv
    "proposal_words": 34,  # the words it reads a Headline with
    "pipeline": 40, "starter": 40,  # the two commands' libraries: `run` and `init`
    "session": 42,  # `decide`: the session over the pipeline's analysis, and its page
    "": 45,  # the package's API: `cleanup.analyse`, `cleanup.Rules`, ... (imported lazily)
    "cli": 50,
    "__main__": 60,
}
#: Packages whose modules may import each other.
PACKAGES = {"read", "judge", "writers", "memory", "places", "session"}
#: The only importers of `cleanup.starter`.
STARTER_USERS = {"cleanup.cli"}

#: Edges that break the layering today: to be removed, one by one, as the code is fixed (the
#: test fails when a listed edge no longer exists, so that this set only shrinks).
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()


def module_name(path: Path) -> str:
    parts = ["cleanup", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    """ "writers" for cleanup.writers.report, "model" for cleanup.model, "" for cleanup."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imports_of(module: str, path: Path) -> set[str]:
    """Every `cleanup` module that `module` imports, wherever the import statement is."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in MODULES else base)
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: imports_of(module, path) for module, path in MODULES.items()}
EDGES = {(a, b) for a, targets in GRAPH.items() for b in targets}


def breaks_layering(a: str, b: str) -> str | None:
    """Why the import a -> b is not allowed, or None."""
    la, lb = layer(a), layer(b)
    if b == "cleanup.starter" and a not in STARTER_USERS:
        return "only the CLI imports starter"
    if la == lb:
        return None if la in PACKAGES or a.startswith(b + ".") else f"{a} imports its own layer"
    if RANKS[lb] == RANKS[la]:
        return f"{la} and {lb} are side by side and may not import each other"
    if RANKS[lb] > RANKS[la]:
        return f"{la} (layer {RANKS[la]}) imports {lb} (layer {RANKS[lb]})"
    return None


def test_every_module_has_a_layer() -> None:
    unknown = sorted(m for m in MODULES if layer(m) not in RANKS)
    assert not unknown, f"give these modules a layer in RANKS: {unknown}"


def test_the_graph_sees_imports_everywhere() -> None:
    # Sanity checks of the parser itself on imports that exist today.
    assert "cleanup.cli" in GRAPH["cleanup.__main__"]
    assert "cleanup.writers.report" in GRAPH["cleanup.pipeline"]
    assert "cleanup.places" in GRAPH["cleanup.rules"]  # `from cleanup import places`


def test_there_is_no_import_cycle() -> None:
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_imports_only_go_down() -> None:
    bad = {(a, b): why for a, b in EDGES if (why := breaks_layering(a, b))}
    new = sorted(set(bad) - KNOWN_VIOLATIONS)
    assert not new, "imports against the layering:\n" + "\n".join(
        f"{a} -> {b}: {bad[a, b]}" for a, b in new)
    gone = sorted(KNOWN_VIOLATIONS - set(bad))
    assert not gone, f"fixed, so remove from KNOWN_VIOLATIONS: {gone}"


@pytest.mark.slow  # one interpreter, every module imported afresh: about 2 s
def test_every_module_imports_alone() -> None:
    # One fresh interpreter; before each module, every cleanup module is forgotten, so each
    # import starts from nothing, as `python -c "import cleanup.x"` would. `__main__` runs
    # the CLI when imported; `python -m cleanup` is tested in test_cli.
    modules = sorted(m for m in MODULES if m != "cleanup.__main__")
    code = textwrap.dedent("""
        import importlib, sys, traceback
        failed = 0
        for name in sys.argv[1:]:
            for loaded in [m for m in sys.modules if m == "cleanup" or m.startswith("cleanup.")]:
                del sys.modules[loaded]
            try:
                importlib.import_module(name)
            except BaseException:
                failed += 1
                print(f"--- import {name} failed:", traceback.format_exc(), sep="\\n")
        sys.exit(1 if failed else 0)
    """)
    proc = subprocess.run([sys.executable, "-c", code, *modules], capture_output=True,
                          text=True, timeout=HANG_SECONDS)
    assert proc.returncode == 0, proc.stdout + proc.stderr
