"""The LLM path: an OpenAI-compatible model as an optional planner and SQL writer.

One module per job, in the order a question uses them:

- ``settings``: which model, where, with which limits (from the environment);
- ``prompts``: the versioned prompt templates and the one function that renders them;
- ``context``: the compact, budgeted schema text a prompt carries (never database values);
- ``plan_schema``: the plan model's JSON schema, generated from its pydantic models, compact;
- ``plan_tool``: the plan tool: that schema with the catalog's names, and its parser;
- ``planner``: question → :class:`metrics.plan.SemanticQuery` (or "cannot express" / "ask");
- ``sql_writer``: question → SQL, checked by the caller and repaired at most twice;
- ``messages``: the typed vocabulary of a conversation (messages, tools, replies, usage);
- ``client``: the only module that imports ``openai``; retries, timeouts, error wrapping;
- ``errors``: the failures of this stage, as :class:`semantic_layer.errors.UserError`.

Importing this package does not import ``openai``: only ``app.llm.client`` does.
"""
