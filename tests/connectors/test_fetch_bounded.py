"""``fetch_bounded``: batches sized by what arrives, so a budget is never overshot by much."""

from __future__ import annotations

from collections.abc import Sequence

from connectors.base import FIRST_BATCH, fetch_bounded, row_size

WIDE = ("x" * 100_000,)


def test_batches_are_sized_by_the_rows_as_they_arrive_not_as_they_are_kept() -> None:
    """Cells are cut to 10,000 characters after they arrive; sizing the next batch by the
    cut rows would ask for ten times too many 100 kB rows at once."""
    asked: list[int] = []

    def fetchmany(n: int) -> Sequence[tuple[str]]:
        asked.append(n)
        return [WIDE] * n

    budget = 8 * 1024 * 1024
    got = fetch_bounded(fetchmany, max_rows=10_000, max_bytes=budget)
    assert got.truncated and got.over_budget and got.cut_cells == len(got.rows)
    assert asked[0] == FIRST_BATCH
    assert all(n * row_size(WIDE) <= budget for n in asked[1:]), asked


def test_the_row_cap_reads_one_row_more_and_keeps_the_cap() -> None:
    rows = iter([(i,) for i in range(100)])
    got = fetch_bounded(
        lambda n: [r for _, r in zip(range(n), rows, strict=False)], max_rows=10, max_bytes=10**6
    )
    assert [r[0] for r in got.rows] == list(range(10)) and got.truncated
    assert next(rows) == (11,), "exactly max_rows + 1 rows were read"
