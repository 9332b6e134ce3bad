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
    "ask.failed_at": "Failed at {stage}",
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
}
