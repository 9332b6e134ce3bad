"""One module per family of commands, imported only when its command runs."""
