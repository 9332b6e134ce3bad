"""The layers as tests: the tree reads as the pipeline, and no arrow points back up.

The import graph is read from the source with ``ast``: every ``import`` and ``from … import``
anywhere in a module (inside functions too, and under ``TYPE_CHECKING``) is an arrow.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kernel", "semantic_layer", "metrics", "connectors", "app")
LIBRARIES = ("kernel", "semantic_layer", "metrics", "connectors")

STAGES = (
    "app.pipeline.ground",
    "app.pipeline.plan",
    "app.pipeline.compile",
    "app.pipeline.guard",
    "app.pipeline.execute",
    "app.pipeline.present",
)
"""The stages in pipeline order: each may import earlier ones, never a later one."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, top_level_only: bool = False) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = [f"{node.module}.{a.name}" for a in node.names]
            # "from app.cli import commands" is an arrow to the submodule, not its package
            found = [m for m in submodules if _is_module(m)]
            yield from found or [node.module]
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def _is_module(name: str) -> bool:
    path = ROOT / name.replace(".", "/")
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _graph(*, top_level_only: bool = False) -> dict[str, set[str]]:
    files = {_module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        graph[name] = {
            target
            for target in _imports(path, top_level_only=top_level_only)
            if target in files and target != name
        }
    return graph


GRAPH = _graph()


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_graph_sees_the_pipeline() -> None:
    assert "app.pipeline.execute" in GRAPH["app.pipeline.ask"]
    assert len(GRAPH) > 150


@pytest.mark.parametrize("library", LIBRARIES)
def test_libraries_never_import_the_application(library: str) -> None:
    offenders = [
        (module, target)
        for module, targets in GRAPH.items()
        if _within(module, library)
        for target in targets
        if _within(target, "app")
    ]
    assert not offenders


def test_the_kernel_depends_on_no_other_package() -> None:
    offenders = [
        (module, target)
        for module, targets in GRAPH.items()
        if _within(module, "kernel")
        for target in targets
        if not _within(target, "kernel")
    ]
    assert not offenders


def test_connectors_need_only_the_kernel() -> None:
    offenders = [
        (module, target)
        for module, targets in GRAPH.items()
        if _within(module, "connectors")
        for target in targets
        if not (_within(target, "connectors") or _within(target, "kernel"))
    ]
    assert not offenders


def test_the_kernel_stage_enum_lists_no_application_stage() -> None:
    from app.stages import AppStage
    from kernel.errors import Stage

    assert not {s.value for s in Stage} & {s.value for s in AppStage}
    assert {s.value for s in Stage} == {"load", "validate", "compile", "connect", "execute"}


@pytest.mark.parametrize("above", ["app.ui", "app.cli"])
def test_the_pipeline_never_imports_the_ui_or_the_cli(above: str) -> None:
    offenders = [
        (module, target)
        for module, targets in GRAPH.items()
        if not _within(module, above) and not _within(module, "app.cli")
        for target in targets
        if _within(target, above)
    ]
    assert not offenders


@pytest.mark.parametrize("stage", STAGES)
def test_no_stage_imports_a_later_stage(stage: str) -> None:
    later = STAGES[STAGES.index(stage) + 1 :]
    offenders = [
        (module, target)
        for module, targets in GRAPH.items()
        if _within(module, stage)
        for target in targets
        if any(_within(target, s) for s in later) or _within(target, "app.pipeline.ask")
    ]
    assert not offenders


def test_records_and_the_environment_import_no_stage() -> None:
    for module in ("app.pipeline.records", "app.pipeline.environment"):
        runtime = set(_imports(ROOT / (module.replace(".", "/") + ".py"), top_level_only=True))
        assert not [t for t in runtime if any(_within(t, s) for s in STAGES)], module


def test_there_are_no_import_cycles() -> None:
    graph = _graph(top_level_only=True)
    on_path: list[str] = []
    state: dict[str, int] = {}  # 1: being visited, 2: done

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        on_path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*on_path[on_path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        on_path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            assert (cycle := visit(module)) is None, " → ".join(cycle)


QUERY_CALL = re.compile(r"\.query\(")


def test_only_the_execute_stage_calls_a_connector() -> None:
    """One door to the database: everything else asks ``execute``, which asks the guard."""
    callers = sorted(
        str(p.relative_to(ROOT))
        for package in ("app", "metrics", "semantic_layer", "kernel", "sample_db")
        for p in (ROOT / package).rglob("*.py")
        if QUERY_CALL.search(p.read_text(encoding="utf-8"))
    )
    assert callers == ["app/pipeline/execute.py"]


def test_stage_calls_are_typed() -> None:
    """No ``Callable[..., T]`` with ``*args: object``: mypy sees every stage's arguments."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "app").rglob("*.py"))
    assert "*args: object" not in source
    assert "Callable[...," not in source
