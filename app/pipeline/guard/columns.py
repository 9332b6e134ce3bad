"""Every column must be a column of a layer table, and personal data stays out.

The query is qualified with sqlglot's ``optimizer.qualify`` against a schema built from the
layer, so each column gets the alias of the source it belongs to (stars are expanded too,
which is how ``SELECT * FROM customers`` is seen to include ``email``). Then every column
node is accounted for, and anything that is not is refused:

* resolved to a stored table → that table must declare the column, and a ``pii: true``
  column is refused unless the caller allows personal data;
* resolved to a CTE, subquery or table function → fine, its own columns are checked where
  they are named;
* unresolved → refused as unknown, unless it is a name of the query's own output used in
  ORDER BY, GROUP BY, HAVING or QUALIFY, or a lambda parameter. This also refuses whole-row
  references such as ``SELECT c FROM customers c``, which would return every column of the
  row (``qualify`` turns those into ``exp.TableColumn`` nodes, refused as such).

Personal data (``pii: true``) is refused wherever it appears, aggregates included:
``COUNT(DISTINCT email)`` looks harmless, but ``MIN(email) … WHERE customer_id = 7`` is an
aggregate too, and a filter such as ``WHERE email LIKE 'kim%'`` leaks through counts.
Telling safe uses from unsafe ones is guesswork, so there are none by default. A metric
owner who decides that a column's summaries are fine marks it ``pii: aggregate``: it may
then feed counts, sums, averages and comparisons (an age band from a birth date, a count of
distinct e-mails), never an output, a grouping, an ordering or MIN/MAX, which would return
its values. The owner accepts that comparisons narrow it down; the default stays closed.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import traverse_scope

from app.pipeline.guard.context import GuardContext, self_aliased
from app.pipeline.guard.locate import where
from app.pipeline.guard.tables import is_physical
from kernel.errors import did_you_mean

_ALIAS_CLAUSES = frozenset({"order", "group", "having", "qualify"})


def check_columns(tree: exp.Expr, context: GuardContext) -> list[str]:
    if tree.find(exp.DML, exp.DDL):
        # The columns of a write inside a query (a writable CTE) are not scoped like a
        # query's; the write is refused anyway and "unknown column" would only be noise.
        return []
    try:
        qualified = qualify(
            self_aliased(tree.copy()),
            dialect=context.dialect,
            schema=context.index.sqlglot_schema,
            validate_qualify_columns=False,
            # Leave unknown qualified columns in place so they are reported with their
            # location below, instead of failing the whole pass at the first one.
            allow_partial_qualification=True,
            quote_identifiers=False,
        )
        sources = column_sources(qualified)
    except SqlglotError as e:
        return [f"The guard could not resolve the query's columns: {str(e).splitlines()[0]}"]
    reasons = [_whole_row(node) for node in qualified.find_all(exp.TableColumn)]
    reasons.extend(_aliases_shadowing_pii(tree, context))
    # Columns of a table the layer does not know cannot be resolved; the table check
    # already refuses the table, and "unknown column" on top would only be noise.
    unknown_tables = _reads_unknown_tables(tree, context)
    for column in qualified.find_all(exp.Column):
        if isinstance(column.this, exp.Star):
            continue
        source = sources.get(id(column))
        if source is None and unknown_tables:
            continue
        reason = _judge(column, source, context)
        if reason is not None and reason not in reasons:
            reasons.append(reason)
    return reasons


def column_sources(qualified: exp.Expr) -> dict[int, exp.Expr]:
    """Column node id → the FROM/JOIN node it reads from, for a qualified tree.

    Scopes come innermost first; a column a correlated subquery takes from an outer query is
    not a source of the inner scope and is resolved when its own scope comes up.
    """
    found: dict[int, exp.Expr] = {}
    for scope in traverse_scope(qualified):
        selected = scope.selected_sources
        for column in scope.columns:
            if id(column) not in found and column.table in selected:
                found[id(column)] = selected[column.table][0]
    return found


def _judge(column: exp.Column, source: exp.Expr | None, context: GuardContext) -> str | None:
    if source is None:
        if _is_output_name(column) or _is_lambda_parameter(column):
            return None
        return _unknown(column, context)
    if not isinstance(source, exp.Table) or not is_physical(source, context.dialect):
        return None
    table = context.index.table(source)
    if table is None:
        return None  # the table check already refuses the unknown table
    declared = context.index.column(table, column.this)
    if declared is None:
        known = [c.name for c in table.columns]
        return (
            f"Table '{table.name}' has no column '{column.name}' ({where(column)})."
            f"{did_you_mean(column.name, known)}"
        )
    if declared.pii and not context.allow_pii:
        if declared.pii == "aggregate" and _summarised(column):
            return None
        if declared.pii == "aggregate":
            return (
                f"Column {table.name}.{declared.name} {where(column)} is personal data (pii:"
                " aggregate in the semantic layer); askbi uses it only in counts, sums and"
                " averages and in comparisons, and never shows its values."
            )
        return (
            f"Column {table.name}.{declared.name} {where(column)} is personal data (pii: true"
            " in the semantic layer); askbi does not read it, not even in aggregates or"
            " filters."
        )
    return None


_SUMMARIES: tuple[type[exp.Expr], ...] = (
    exp.Count,
    exp.Sum,
    exp.Avg,
    exp.Median,
    exp.PercentileCont,
    exp.Quantile,
    exp.Stddev,
    exp.Variance,
)
"""Aggregates whose result is not one row's value: MIN, MAX, ANY_VALUE, STRING_AGG and the
like would hand the value back, so they are not here."""


def _summarised(column: exp.Column) -> bool:
    """Whether a ``pii: aggregate`` column only feeds a summary or a comparison.

    ``COUNT(DISTINCT email)``, ``AVG(age)`` and ``CASE WHEN birth_date < … THEN 'under 30'``
    use the value without returning it; a comparison yields true or false, an age band a
    label. A window over it (ordering or partitioning by it) is not a summary.
    """
    node: exp.Expr | None = column.parent
    while node is not None and not isinstance(node, exp.Query):
        if isinstance(node, exp.Window):
            return False
        if isinstance(node, (*_SUMMARIES, exp.Predicate)):
            return True
        node = node.parent
    return False


def _unknown(column: exp.Column, context: GuardContext) -> str:
    shown = f"Unknown column '{column.sql(dialect=context.dialect)}' {where(column)}"
    owners = [
        t.name
        for t in context.index.tables.values()
        if context.index.column(t, column.this) is not None
    ]
    if owners:
        tables = ", ".join(owners)
        return f"{shown}: no table it can see has it (it is a column of {tables})."
    return (
        f"{shown}: no table of the semantic layer in scope has it."
        f"{did_you_mean(column.name, _all_columns(context))}"
    )


def _reads_unknown_tables(tree: exp.Expr, context: GuardContext) -> bool:
    return any(
        is_physical(t, context.dialect) and context.index.table(t) is None
        for t in tree.find_all(exp.Table)
    )


def _whole_row(node: exp.TableColumn) -> str:
    # qualify turns a table name used as a value (PostgreSQL/BigQuery records, DuckDB
    # structs) into a TableColumn: it would return every column of the row.
    return (
        f"Whole-row reference '{node.name}' {where(node)} is not allowed: it returns every"
        " column of the table; name the columns you need."
    )


def _aliases_shadowing_pii(tree: exp.Expr, context: GuardContext) -> list[str]:
    """``SELECT segment AS email … GROUP BY email``: alias or personal data?

    Databases disagree on whether a bare name in GROUP BY, HAVING, QUALIFY or an ORDER BY
    expression means an output alias or an input column, and sqlglot's choice may not be
    the warehouse's. Where the name is also a personal-data column of a table the query
    reads, the guard cannot know which one runs, so it refuses (checked on the tree as
    written, before ``qualify`` picks a side).
    """
    if context.allow_pii:
        return []
    reasons = []
    for select in tree.find_all(exp.Select):
        shadowing = _aliases(select) & _pii_names(select, context)
        for column in select.find_all(exp.Column):
            if column.table or column.name.lower() not in shadowing:
                continue
            if column.find_ancestor(exp.Select) is select and not _in_projection(column, select):
                reasons.append(
                    f"The name '{column.name}' {where(column)} is both an output alias and a"
                    " personal-data column; qualify the column or rename the alias."
                )
    return reasons


def _aliases(select: exp.Select) -> set[str]:
    """Output names (lower case) given to something other than the column of that name."""
    return {
        e.alias.lower()
        for e in select.expressions
        if isinstance(e, exp.Alias)
        and not (isinstance(e.this, exp.Column) and e.this.name == e.alias)
    }


def _pii_names(select: exp.Select, context: GuardContext) -> set[str]:
    from_ = select.args.get("from_")
    sources = [from_.this] if isinstance(from_, exp.From) else []
    sources += [join.this for join in select.args.get("joins") or ()]
    names = set()
    for source in sources:
        if isinstance(source, exp.Table) and is_physical(source, context.dialect):
            table = context.index.table(source)
            names |= {c.name.lower() for c in table.columns if c.pii} if table else set()
    return names


def _in_projection(column: exp.Column, select: exp.Select) -> bool:
    child: exp.Expr = column
    while child.parent is not None and child.parent is not select:
        child = child.parent
    return child.arg_key == "expressions"


def _is_output_name(column: exp.Column) -> bool:
    """An unqualified reference to the query's own output, e.g. ``ORDER BY revenue``."""
    if column.table:
        return False
    child: exp.Expr = column
    query = column.parent
    while query is not None and not isinstance(query, (exp.Select, exp.SetOperation)):
        child, query = query, query.parent
    return (
        query is not None and child.arg_key in _ALIAS_CLAUSES and column.name in query.named_selects
    )


def _is_lambda_parameter(column: exp.Column) -> bool:
    if column.table:
        return False
    node = column.find_ancestor(exp.Lambda)
    while node is not None:
        if column.name in {p.name for p in node.expressions}:
            return True
        node = node.find_ancestor(exp.Lambda)
    return False


def _all_columns(context: GuardContext) -> list[str]:
    """Suggestions for a misspelt column; personal data is never suggested unless allowed."""
    return [
        c.name
        for t in context.index.tables.values()
        for c in t.columns
        if context.allow_pii or not c.pii
    ]
