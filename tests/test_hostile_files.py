"""Hostile project files: each is refused as a file:line problem, quickly and in little memory.

Every case breaks one file of a copy of the sample project and runs ``askbi validate --json``
in a child process (``app.cli.measure``): the command must finish with the problem named,
print no traceback, and stay within the bounds the hardening issue sets (10 s, 1 GB). A
child that runs away is stopped (at 60 s or 2 GB), so a regression fails instead of taking
the machine down. The unit tests below the cases pin the reader's rules one by one.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli.measure import Measured, run_measured
from app.cli.robustness import alias_bomb
from app.project.folder import SAMPLE_PROJECT
from kernel.error_codes import ErrorCode
from kernel.yaml_source import (
    ALIAS_BUDGET,
    MAX_NESTING,
    MAX_YAML_BYTES,
    YamlSyntaxError,
    decode_yaml,
    parse_yaml,
)
from tests.support.cli import run_cli

WALL_S = 10.0
"""The bound on a case's time, held to the CPU time it used: on a shared machine its wall
time also counts other processes' turns."""
PEAK_MB = 1024.0
LEASH_S = 60.0
"""Wall time after which a child is stopped as hung."""


@dataclass(frozen=True)
class Breakage:
    id: str
    file: str
    change: Callable[[bytes], bytes]
    code: str
    line: int | None
    measured: bool = False
    """Memory or time is the point: run in a measured child process, not in-process."""


def _replace_line(starting: str, new: str) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        lines = data.decode("utf-8").split("\n")
        at = next(i for i, line in enumerate(lines) if line.strip().startswith(starting))
        indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
        lines[at] = indent + new
        return "\n".join(lines).encode("utf-8")

    return change


def _line_of(file: str, starting: str) -> int:
    lines = (SAMPLE_PROJECT / file).read_text("utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if line.strip().startswith(starting))


def _append(extra: bytes) -> Callable[[bytes], bytes]:
    return lambda data: data + extra


def _whole(replacement: bytes) -> Callable[[bytes], bytes]:
    return lambda _data: replacement


SYN = "synonyms: [sales,"
CASES = [
    Breakage(
        "alias_bomb_in_metrics",
        "metrics/sales.yaml",
        _replace_line(SYN, f"synonyms: {alias_bomb()}"),
        ErrorCode.YAML_UNSAFE,
        _line_of("metrics/sales.yaml", SYN),
        measured=True,
    ),
    Breakage(
        "alias_bomb_in_layer_synonyms",
        "semantic_layer/places.yaml",
        _replace_line("synonyms: [area", f"synonyms: {alias_bomb()}"),
        ErrorCode.YAML_UNSAFE,
        _line_of("semantic_layer/places.yaml", "synonyms: [area"),
        measured=True,
    ),
    Breakage(
        "alias_bomb_in_askbi_yaml",
        "askbi.yaml",
        _replace_line("suggested_metrics:", f"suggested_metrics: {alias_bomb()}"),
        ErrorCode.YAML_UNSAFE,
        _line_of("askbi.yaml", "suggested_metrics:"),
        measured=True,
    ),
    Breakage(
        "alias_bomb_of_mappings",
        "metrics/customers.yaml",
        _append(
            b"x0: &m0 {a: 1, b: 1, c: 1, d: 1, e: 1, f: 1, g: 1, h: 1}\n"
            + b"".join(
                f"x{i}: &m{i} [{', '.join([f'*m{i - 1}'] * 9)}]\n".encode() for i in range(1, 9)
            ),
        ),
        ErrorCode.YAML_UNSAFE,
        None,
        measured=True,
    ),
    Breakage(
        "recursive_anchor",
        "metrics/returns.yaml",
        _append(b"loop: &x [*x]\n"),
        ErrorCode.YAML_UNSAFE,
        None,
    ),
    Breakage(
        "recursive_mapping_anchor",
        "semantic_layer/experience.yaml",
        _append(b"loop: &x {self: *x}\n"),
        ErrorCode.YAML_UNSAFE,
        None,
    ),
    Breakage(
        "python_tag",
        "metrics/marketing.yaml",
        _append(b"description: !!python/name:os.system\n"),
        ErrorCode.YAML_UNSAFE,
        None,
    ),
    Breakage(
        "python_object_tag",
        "askbi.yaml",
        _append(b"featured: !!python/object/apply:os.system ['true']\n"),
        ErrorCode.YAML_UNSAFE,
        None,
    ),
    Breakage(
        "custom_tag",
        "semantic_layer/marketing.yaml",
        _append(b"extra: !include other.yaml\n"),
        ErrorCode.YAML_UNSAFE,
        None,
    ),
    Breakage(
        "latin1_byte",
        "metrics/experience.yaml",
        _append(b"# caf\xe9\n"),
        ErrorCode.BAD_ENCODING,
        None,
    ),
    Breakage(
        "utf16_file",
        "askbi.yaml",
        lambda data: data.decode("utf-8").encode("utf-16"),
        ErrorCode.BAD_ENCODING,
        1,
    ),
    Breakage(
        "oversized_file",
        "metrics/time_comparisons.yaml",
        _append(b"# " + b"x" * MAX_YAML_BYTES + b"\n"),
        ErrorCode.FILE_TOO_LARGE,
        None,
        measured=True,
    ),
    Breakage(
        "deep_nesting",
        "metrics/sales.yaml",
        _append(b"deep: " + b"[" * (MAX_NESTING + 5) + b"]" * (MAX_NESTING + 5) + b"\n"),
        ErrorCode.YAML_UNSAFE,
        None,
    ),
    Breakage(
        "alias_bomb_in_verified_queries",
        "verified_queries/leadership.yaml",
        _append(f"x: {alias_bomb()}\n".encode()),
        ErrorCode.YAML_UNSAFE,
        None,
        measured=True,
    ),
    Breakage(
        "alias_bomb_in_a_dashboard",
        "dashboards/weekly-review.yaml",
        _append(f"x: {alias_bomb()}\n".encode()),
        ErrorCode.YAML_UNSAFE,
        None,
        measured=True,
    ),
    Breakage(
        "latin1_in_a_check_suite",
        "checks/metrics.yaml",
        _append(b"# \xff\n"),
        ErrorCode.BAD_ENCODING,
        None,
    ),
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project's YAML, without its stored snapshots (they are not YAML)."""
    copy = tmp_path_factory.mktemp("pristine") / "project"
    shutil.copytree(SAMPLE_PROJECT, copy, ignore=shutil.ignore_patterns("snapshots"))
    return copy


def _broken(pristine: Path, tmp_path: Path, case: Breakage) -> Path:
    project = tmp_path / "project"
    shutil.copytree(pristine, project)
    target = project / case.file
    target.write_bytes(case.change(target.read_bytes()))
    return project


def _validate(project: Path) -> Measured:
    return run_measured(
        "app.cli.main",
        ["validate", "--project", str(project), "--json"],
        timeout_s=LEASH_S,
        rss_limit_mb=2 * PEAK_MB,
    )


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_hostile_file_is_a_problem_with_its_line_not_a_hang(
    case: Breakage, pristine: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _broken(pristine, tmp_path, case)
    if case.measured:
        run = _validate(project)
        assert run.stopped is None, f"stopped for {run.stopped} after {run.seconds} s"
        assert run.cpu_seconds < WALL_S and run.peak_rss_mb < PEAK_MB, run
        code, out, err = run.returncode, run.stdout, run.stderr
    else:
        code, out, err = run_cli(capsys, "validate", "--project", str(project), "--json")
    assert code == 2 and err == "", (out, err)
    error = json.loads(out)["error"]
    assert error["code"] == ErrorCode.INVALID_PROJECT
    mine = [p for p in error["problems"] if p["file"] == case.file]
    assert [p["code"] for p in mine] == [case.code], error["problems"]
    if case.line is not None:
        assert mine[0]["line"] == case.line


def test_the_pristine_copy_validates(pristine: Path) -> None:
    run = _validate(pristine)
    assert run.returncode == 0, run
    assert json.loads(run.stdout)["ok"] is True


# --- the reader's rules, one at a time ------------------------------------------------------


def _refusal(text: str) -> YamlSyntaxError:
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(text, "f.yaml")
    return caught.value


def test_aliases_within_the_budget_are_read() -> None:
    text = "base: &names [Seoul, Busan]\ncopy: *names\nlists: [*names, *names]\n"
    data = parse_yaml(text, "f.yaml").data
    assert data["copy"] == ["Seoul", "Busan"] and data["lists"] == [data["copy"]] * 2


def test_the_alias_budget_is_counted_in_values_built() -> None:
    fits = "a: &a [" + ", ".join(["x"] * 100) + "]\nb: [" + ", ".join(["*a"] * 99) + "]\n"
    assert len(parse_yaml(fits, "f.yaml").data["b"]) == 99
    over = "a: &a [" + ", ".join(["x"] * 100) + "]\nb: [" + ", ".join(["*a"] * 101) + "]\n"
    refused = _refusal(over)
    assert refused.code == ErrorCode.YAML_UNSAFE and refused.line == 2
    assert f"{ALIAS_BUDGET:,}" in refused.message


def test_an_alias_bomb_is_refused_where_it_is_used() -> None:
    refused = _refusal(f"title: ok\nsynonyms: {alias_bomb()}\n")
    assert (refused.line, refused.code) == (2, ErrorCode.YAML_UNSAFE)
    assert "alias bomb" in refused.message


@pytest.mark.parametrize(
    "text",
    ["a: &x [*x]\n", "a: &x {b: *x}\n", "a: &x [1, [2, *x]]\n"],
    ids=["list", "mapping", "nested"],
)
def test_recursive_anchors_are_refused(text: str) -> None:
    refused = _refusal(text)
    assert refused.code == ErrorCode.YAML_UNSAFE and "recursive anchor" in refused.message


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a: !!python/name:os.system\n", "!!python/name:os.system"),
        ("a: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system"),
        ("a: !!binary aGVsbG8=\n", "!!binary"),
        ("a: !!set {x: null}\n", "!!set"),
        ("a: !!omap [{x: 1}]\n", "!!omap"),
        ("a: !money 12\n", "!money"),
    ],
)
def test_only_standard_tags_are_read(text: str, shown: str) -> None:
    refused = _refusal(text)
    assert refused.code == ErrorCode.YAML_UNSAFE and f"'{shown}'" in refused.message


def test_standard_tags_and_plain_scalars_still_read() -> None:
    text = "a: !!str 12\nb: 2025-01-31\nc: !!int '7'\nd: ~\ne: true\nf: 1.5\non: x\n"
    data = parse_yaml(text, "f.yaml").data
    assert data["a"] == "12" and data["c"] == 7 and data["d"] is None and data["on"] == "x"
    assert str(data["b"]) == "2025-01-31" and data["e"] is True


def test_a_bad_standard_value_is_a_problem_not_a_crash() -> None:
    refused = _refusal("a: 1\nb: !!int twelve\n")
    assert refused.line == 2 and "can't be read as !!int" in refused.message


def test_deep_nesting_is_refused_before_the_stack_runs_out() -> None:
    depth = MAX_NESTING + 1
    refused = _refusal("a: " + "[" * depth + "]" * depth + "\n")
    assert refused.code == ErrorCode.YAML_UNSAFE and "nested" in refused.message


def test_bad_encodings_name_the_line_of_the_byte() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        decode_yaml(b"a: 1\nb: 2\nc: caf\xe9\n", "f.yaml")
    assert (caught.value.line, caught.value.code) == (3, ErrorCode.BAD_ENCODING)
    assert decode_yaml("\ufeffa: 1\n".encode(), "f.yaml") == "a: 1\n", "a BOM is fine"


def test_a_control_character_is_a_problem_with_a_line() -> None:
    refused = _refusal("a: 1\nb: x\x07y\n")
    assert refused.code == ErrorCode.YAML_SYNTAX and refused.line == 2
