"""Run the Streamlit server in this process, with the shared environment warming beside it.

Streamlit runs a page's script only once a browser session connects, so anything cached
there is built on the first visit. Starting the server from here lets a thread build it
while Streamlit imports, and the cache it fills is the one the pages read (same process,
same module). The server listens once the environment is open (or after ``WARM_SECONDS``,
for a database that hangs), so "You can now view your app" means the first page is quick.
"""

from __future__ import annotations

import sys
import threading

WARM_SECONDS = 30


def _warm() -> None:
    from app.ui import cache

    cache.warm()


def main() -> None:
    """``python -m app.ui.serve run main.py [streamlit options]``: streamlit's own CLI."""
    warming = threading.Thread(target=_warm, name="askbi-warm", daemon=True)
    warming.start()
    from streamlit.web import cli

    warming.join(WARM_SECONDS)
    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
