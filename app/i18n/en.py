"""English interface text, grouped by page; ``ko.py`` has the same keys."""

MESSAGES: dict[str, str] = {
    # page
    "page.ask": "Ask",
    "page.dashboards": "Dashboards",
    "page.metrics": "Metrics",
    "page.edit": "Edit",
    "page.settings": "Settings",
    # ask
    "ask.intro": (
        "Ask about the business in English or Korean. Every number comes from the metric catalog."
    ),
    "ask.try": "Try a question",
    "ask.try_caption": (
        "Type your own below, or start from one of these. Follow-ups keep the context."
    ),
    "ask.placeholder": "Ask a question, e.g. revenue by region last month",
    "ask.new_conversation": "New conversation",
    "ask.working": "Finding the answer…",
    "ask.answered_in": "Answered in {ms} ms",
    "ask.needs_choice": "Needs a choice ({ms} ms)",
    "ask.cannot_express": "The metric catalog can't express this",
    "ask.failed_at": "Stopped while: {stage}",
    "ask.edit_interpretation": "Edit the interpretation",
    # stage
    "stage.ground": "Grounding the words in the semantic layer",
    "stage.plan": "Planning the query",
    "stage.compile": "Compiling the plan to SQL",
    "stage.guard": "Validating the SQL (read-only guard)",
    "stage.execute": "Running the query",
    "stage.present": "Charting and writing the answer",
    "stage.run": "the run",
    # history
    "history.title": "Recent questions",
    "history.ask_again": "Ask again (last asked {when})",
    # grain
    "grain.day": "Day",
    "grain.week": "Week",
    "grain.month": "Month",
    "grain.quarter": "Quarter",
    "grain.year": "Year",
    # tile
    "tile.metrics_joiner": " and ",
    "tile.by": "{metrics} by {breakdown}",
    # save
    "save.button": "Save to dashboard",
    "save.dashboard": "Dashboard",
    "save.new_option": "New dashboard…",
    "save.new_title": "New dashboard title",
    "save.new_title_hint": "Type a title to make a new dashboard",
    "save.tile_title": "Tile title",
    "save.type_title": "Type a title for the new dashboard",
    "save.to_new": "Save to new dashboard “{title}”",
    "save.to": "Save to “{title}”",
    "save.saved": "Saved “{tile}” to {dashboard}.",
    "save.open": "Open dashboards",
    # layout
    "layout.fix_yaml": "Fix the YAML in the editor",
    "layout.open_settings": "Open Settings",
    "layout.no_database": (
        "The database is not reachable, so questions can't run: {problem} Everything else"
        " works; check the data source on the Settings page."
    ),
    "layout.bad_model": (
        "The model settings are unusable ({problem}); using the offline planner only."
    ),
    # settings
    "settings.intro": (
        "The interface language, where askbi reads data from and which model (if any) it uses."
    ),
    "settings.language": "Language",
    "settings.language_label": "Interface language",
    "settings.language_auto": "Follow the browser",
    "settings.data_source": "Data source",
    "settings.project_folder": "Project folder: `{root}`",
    "settings.connected_to": "Connected to `{source}` ({dialect}).",
    "settings.database_url": "Database URL",
    "settings.test": "Test connection",
    "settings.connecting": "Connecting…",
    "settings.use": "Use for this session",
    "settings.reload": "Reload project and reconnect",
    "settings.model": "Language model",
    "settings.model_in_use": "Model in use: {model}",
    "settings.offline_only": (
        "Offline planner only. Questions the metric catalog can express are answered "
        "without a model; set `ASKBI_LLM_MODEL` and `OPENAI_API_KEY` or `OPENAI_BASE_URL`"
        " (Ollama, vLLM, …) for the rest."
    ),
    "settings.planner": "Planner",
    "settings.api_key": "API key",
    "settings.key_set": "set (never shown)",
    "settings.key_unset": "not set",
    "settings.timeout": "Timeout per question",
    "settings.row_cap": "Row cap",
    "settings.today": "Relative dates resolve against",
    # answer
    "answer.not_answered": "This question could not be answered.",
    "answer.did_you_mean": "Did you mean: {options}?",
    "answer.table": "Table",
    "answer.understood": "How it was understood",
    "answer.ask_option": "Ask: {question}",
    "answer.rephrase": "Rephrase the question with a metric from the Metrics page.",
    "answer.no_rows": "No rows.",
    "answer.truncated": "Only the first {rows} rows are shown.",
    "answer.from": "Answered from {source}",
    "answer.confidence": "confidence {confidence}",
    "answer.versions": "metric versions {versions}",
    # period
    "period.half_1": "H1 {year}",
    "period.until": "through {day}",
    "period.half_2": "H2 {year}",
    # source
    "source.verified": "a verified query",
    "source.planner": "the offline planner",
    "source.llm-plan": "a plan from the model",
    "source.llm-sql": "SQL written by the model",
    # promote
    "promote.button": "Promote to verified",
    "promote.caption": (
        "A verified query answers every later question that means the same. Promote only "
        "answers you, as the metric owner, have checked."
    ),
    "promote.owner": "Your name (metric owner)",
    "promote.question": "Question it answers",
    "promote.note": "Note (optional)",
    "promote.submit": "Promote",
    "promote.done": "Promoted as verified query '{name}' by {owner}.",
    # feedback
    "feedback.thanks": "Thanks — your feedback was saved for the metric owners.",
    # dash
    "dash.intro": (
        "Saved answers, recomputed from their plans. The filter bar applies to every tile"
        " whose metrics have the dimension."
    ),
    "dash.dates": "Date range (all tiles)",
    "dash.filter_by": "Filter by",
    "dash.no_filter": "No filter",
    "dash.values": "Values",
    "dash.refresh": "Refresh",
    "dash.remove": "Remove",
    "dash.none": (
        "No dashboards yet. Ask a question on the Ask page, then choose **Save to "
        "dashboard** under the answer: the tile keeps the question's plan, so it always "
        "means the same."
    ),
    "dash.ask": "Ask a question",
    "dash.empty": "This dashboard has no tiles yet. Save an answer to it from the Ask page.",
    "dash.refreshing": "Refreshing tiles…",
    "dash.failed": " · {count} failed",
    "dash.refreshed": "Last refreshed {at} · {tiles} tiles in {ms} ms{failed} · data as of {today}",
    # metrics
    "metrics.intro": (
        "One versioned definition of every KPI, and the semantic layer they are computed over."
    ),
    "metrics.catalog": "Metric catalog",
    "metrics.layer": "Semantic layer",
    "metrics.metric": "Metric",
    "metrics.history": "Version history",
    "metrics.sql": "Compiled SQL",
    "metrics.usage": "Where it is used",
    "metrics.no_changelog": "No changelog entries yet.",
    "metrics.sql_caption": "The SQL of the 12-month chart, in this warehouse's dialect.",
    "metrics.owner": "owner: {owner}",
    "metrics.definition": "Definition",
    "metrics.synonyms": "Synonyms",
    "metrics.computed_from": "Computed from",
    "metrics.used_by": "Used by metrics",
    "metrics.dimensions": "Can be broken down by",
    "metrics.replaced_by": "Replaced by",
    "metrics.last_12": "Last 12 months",
    "metrics.no_tile": "No dashboard tile uses it.",
    "metrics.cases": "Regression cases",
    "metrics.no_case": "No regression case uses it.",
    "metrics.tables": "Tables",
    "metrics.columns_of": "Columns of",
    "metrics.dimensions_heading": "**Dimensions** — what questions can break down and filter by",
    "metrics.joins": "Joins",
    "metrics.glossary": "Glossary",
    "metrics.search": "Find a metric",
    "metrics.search_hint": "Any name or synonym, e.g. AOV or 객단가",
    "metrics.none_found": "No metric is called “{query}”; showing all.",
    "metrics.table": "All {count} metrics, as a table",
    # edit
    "edit.checking": "Checking the draft…",
    "edit.invalid": "The draft is invalid",
    "edit.checked": "Definition checked: see what it changes",
    "edit.running": "Re-running what the change affects",
    "edit.cases_count": "{done} of {total} regression cases",
    "edit.cancel": "Cancel",
    "edit.suite": "Suite",
    "edit.case": "Case",
    "edit.outcome": "Outcome",
    "edit.first_difference": "First difference",
    "edit.no_snapshot_explained": (
        "“No stored result” means the case's answers were never saved for this data, so "
        "there is nothing to compare numbers with; the plans were still checked. `askbi "
        "check --update-snapshots` takes a baseline."
    ),
    # outcome
    "outcome.passed": "passed",
    "outcome.failed": "failed",
    "outcome.inconsistent": "inconsistent",
    "outcome.no snapshot": "no stored result",
    # answer
    "answer.try_instead": "These can be asked:",
    "answer.see_metrics": "See every metric that can be asked about",
    # ask
    "ask.not_answered": "Couldn't answer this one",
    # chart
    "chart.kind": "Show as",
    "chart.line": "Line",
    "chart.bar": "Bars",
    "chart.table": "Table",
    "chart.number": "Number",
    # edit
    "edit.plain_editor": "Plain text box",
    "edit.plain_editor_help": (
        "Edit in a simple text box instead of the code editor (line numbers, highlighting)."
    ),
    # metrics
    "metrics.column.label": "Label",
    "metrics.column.name": "Name",
    "metrics.column.type": "Type",
    "metrics.column.status": "Status",
    "metrics.column.version": "Version",
    "metrics.column.owner": "Owner",
    # edit
    "edit.intro": (
        "Change the metric catalog or semantic layer YAML. Validate to see every problem,"
        " the diff, the SQL and numbers it moves, and the regression cases it affects; "
        "then save."
    ),
    "edit.file": "File",
    "edit.yaml_of": "YAML of {file}",
    "edit.validate": "Validate",
    # answer
    "answer.as_of": "Data as of {day}",
    # edit
    "edit.draft_of": "draft of {file}",
    "edit.follow_on": "{count} more problems in other files, probably caused by this one",
    # export
    "export.answer": "Answer",
    "export.about": "About",
    "export.question": "Question",
    "export.understood": "Understood as",
    "export.versions": "Metric versions",
    "export.as_of": "As of",
    # note: how an answer was reached (app/i18n/notes.py)
    "note.counted": "Counted {word} with '{metric}'.",
    "note.counted_distinct": "Counted distinct {thing} with '{metric}'.",
    "note.about": "Read '{words}' as what {metric} is about.",
    "note.per": "Read '… per …' as '{metric}'.",
    "note.grouped": "Grouped by {dimension} for '{words}'.",
    "note.compared_values": "Compared by {dimension}: one row for each value named.",
    "note.literal.eq": "Read '{value}' as a value of {dimension}.",
    "note.literal.contains": "Read '{value}' as text contained in {dimension}.",
    "note.literal.starts_with": "Read '{value}' as the start of {dimension}.",
    "note.literal.ends_with": "Read '{value}' as the end of {dimension}.",
    "note.showing": "Showing {dimension} for '{words}'.",
    "note.summed": "Read '{dimension}' as what the metric adds up, not a breakdown.",
    "note.reachable": "Read '{word}' as {dimension}, which the metric can use.",
    "note.absent": "Listed those with no {word}.",
    "note.relating": (
        "Read '{word}' as the link between {first} and {second}, not a condition of its own."
    ),
    "note.had": "Listed those with {word}.",
    "note.listing_count": "Listed those with at least one {word}, counted by {metric}.",
    "note.rows_listed": "Listed the rows asked for, without a measure.",
    "note.moved": "Compared {period} with the {unit} before.",
    "note.default_year": (
        "No period was named: compared the year to date with the same days a year earlier."
    ),
    "note.default_last": (
        "No period was named: compared the last complete {unit} with the one before."
    ),
    "note.undated": (
        "'{word}' has no date of its own here: the period dates {dates}, not when it happened."
    ),
    "note.read_as": "Read '{word}' as '{name}'.",
    "note.present_state": "Read '{words}' as the state things are in now: no time range.",
    "note.unit_shown": "Read '{words}' as the unit {metric} is already in ({unit}).",
    "note.unit_scale": "Values are shown in full; '{words}' is not applied.",
    "note.unit_metric": "Measured with {metric}, the metric in the unit asked.",
    "note.date_unused": "Nothing was shown or filtered by {date}: '{words}' was not used.",
    "note.not_a_value": (
        "Read '{word}' as a word of the sentence, not as the value {value} of {dimension}."
    ),
    "note.defined": "Read '{term}' as '{meaning}', as you defined it.",
    "note.verified": "Answered with the verified query '{question}', certified by {by} on {on}.",
    "note.model_plan": "Planned by the model from the metric catalog.",
    "note.model_sql": "SQL written by the model; the catalog could not express it: {reason}",
    "note.model_sql_repaired": (
        "SQL written by the model after {repairs} repair(s); the catalog could not express it: "
        "{reason}"
    ),
    "note.model_unused": "The model was not used: {error}",
    "note.model_available": (
        "A configured model (OPENAI_API_KEY or OPENAI_BASE_URL, and ASKBI_LLM_MODEL) can answer "
        "questions outside the catalog."
    ),
    "note.metric_date": "the metric's date",
    "note.deprecated": "Metric '{metric}' is deprecated.",
    "note.deprecated_instead": "Metric '{metric}' is deprecated. Use '{instead}' instead.",
    "note.draft": "Metric '{metric}' is a draft, not certified by its owner.",
    "note.unmatched": "{facts} with no {reached} are left out.",
    "note.filter_unused": (
        "The {dimension} filter does not apply: these metrics have no {dimension}."
    ),
    "note.sql_tile_unfiltered": "The dashboard's date range and filter do not apply to SQL tiles.",
    "note.no_rows": "The query returned no rows.",
    "note.truncated": "Only the first {rows} rows are shown; narrow the question for all.",
    "note.cut_cells": (
        "{cells} values were too long to keep whole; each is cut where it says '[cut: …]'."
    ),
    "note.data_ends": (
        "The data ends on {last} ({dimension}), before the end of the asked range ({end}); "
        "the last period is incomplete."
    ),
    "note.no_data": (
        "There is no data for {start} to {end}: {dimension} runs from {first} to {last}."
    ),
    "note.data_starts": "The data starts on {first}, after the start of the asked range ({start}).",
}
