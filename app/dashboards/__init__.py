"""Dashboards: saved plans (or guarded SQL) shown as tiles, kept as YAML in ``dashboards/``."""
