"""English interface text. Keys are grouped by page; ``ko.py`` has the same keys."""

MESSAGES: dict[str, str] = {
    # pages
    "page.ask": "Ask",
    "page.dashboards": "Dashboards",
    "page.metrics": "Metrics",
    "page.edit": "Edit",
    "page.settings": "Settings",
    # ask
    "ask.intro": "Ask about the business in English or Korean. "
    "Every number comes from the metric catalog.",
    "ask.try": "Try a question",
    "ask.try_caption": "Type your own below, or start from one of these. "
    "Follow-ups keep the context.",
    "ask.placeholder": "Ask a question, e.g. revenue by region last month",
    "ask.new_conversation": "New conversation",
    "ask.working": "Finding the answer…",
    "ask.answered_in": "Answered in {ms} ms",
    "ask.needs_choice": "Needs a choice ({ms} ms)",
    "ask.cannot_express": "The metric catalog can't express this",
    "ask.failed_at": "Failed at {stage}",
    "ask.edit_interpretation": "Edit the interpretation",
    # stages
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
    # tiles
    "grain.day": "Day",
    "grain.week": "Week",
    "grain.month": "Month",
    "grain.quarter": "Quarter",
    "grain.year": "Year",
    "tile.metrics_joiner": " and ",
    "tile.by": "{metrics} by {breakdown}",
    # saving to a dashboard
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
}
