"""Planning a question offline against a test project: the helpers the class tests share."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from app.pipeline.ground.grounding import ground
from app.pipeline.ground.index import GroundingIndex
from app.pipeline.plan.offline import PlanningContext, plan_offline
from app.pipeline.plan.outcome import PlanningResult


def plan_with(
    index: GroundingIndex, layer: Any, catalog: Any, today: dt.date, question: str
) -> PlanningResult:
    return plan_offline(ground(question, index, today), PlanningContext(layer, catalog, today))


def plan_json(result: PlanningResult, question: str) -> dict[str, Any]:
    """The plan as JSON, failing the test with the outcome when there is none."""
    assert result.plan is not None, (question, result)
    data: dict[str, Any] = json.loads(result.plan.canonical_json())
    return data
