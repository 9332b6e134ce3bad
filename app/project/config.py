"""``askbi.yaml``: a project's own settings, validated like every other project file.

```yaml
source: duckdb:///../retail.duckdb     # relative duckdb paths are relative to this file
suggested_metrics: [revenue, order_count, aov]   # offered when a question names no metric
featured_metric: revenue               # the Metrics page opens on it
```
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from app.project.location import CONFIG_FILE
from kernel.error_codes import ErrorCode
from kernel.errors import did_you_mean
from kernel.problems import Problem, ValidationFailed
from kernel.yaml_models import ParsedFile, parse_path
from metrics.catalog import MetricCatalog
from semantic_layer.model import Frozen, Name

SUGGESTIONS_WHEN_UNSET = 6


class ProjectConfig(Frozen):
    source: str | None = None
    suggested_metrics: tuple[Name, ...] = Field(default=())
    featured_metric: Name | None = None


def load_config(root: Path, catalog: MetricCatalog) -> ProjectConfig:
    """The project's ``askbi.yaml`` (defaults when there is none); its problems, metric
    names the catalog doesn't have included, are raised together with file and line."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return ProjectConfig()
    parsed, problems = parse_path(path, CONFIG_FILE, ProjectConfig)
    if parsed is not None:
        problems += _unknown_metrics(parsed, catalog)
    if problems or parsed is None:
        raise ValidationFailed(problems, what="project settings")
    return parsed.model


def configured_source(root: Path) -> str | None:
    """``askbi.yaml``'s ``source``, read before the catalog is (the app picks its database
    first); a broken file is reported when the project loads."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return None
    parsed, _ = parse_path(path, CONFIG_FILE, ProjectConfig)
    return parsed.model.source if parsed is not None else None


def _unknown_metrics(parsed: ParsedFile[ProjectConfig], catalog: MetricCatalog) -> list[Problem]:
    config = parsed.model
    named: list[tuple[tuple[str | int, ...], str]] = [
        (("suggested_metrics", i), name) for i, name in enumerate(config.suggested_metrics)
    ]
    if config.featured_metric:
        named.append((("featured_metric",), config.featured_metric))
    return [
        parsed.at(*path).problem(
            f"unknown metric '{name}'{did_you_mean(name, catalog.metrics)}",
            code=ErrorCode.UNKNOWN_METRIC,
        )
        for path, name in named
        if name not in catalog.metrics
    ]


def suggested_metrics(config: ProjectConfig, catalog: MetricCatalog) -> tuple[str, ...]:
    """The metrics to offer when a question names none: the project's choice, else the
    catalog's first few certified metrics in the order their files list them."""
    if config.suggested_metrics:
        return config.suggested_metrics
    certified = [m.name for m in catalog.metrics.values() if m.status.value == "certified"]
    return tuple(certified[:SUGGESTIONS_WHEN_UNSET])


def featured_metric(config: ProjectConfig, catalog: MetricCatalog) -> str | None:
    """The metric the catalog page opens on."""
    if config.featured_metric:
        return config.featured_metric
    chosen = suggested_metrics(config, catalog)
    return chosen[0] if chosen else next(iter(catalog.metrics), None)
