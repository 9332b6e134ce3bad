"""``askbi init``: a starting project drafted from a live database, for a person to review."""
