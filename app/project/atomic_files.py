"""Writing project files safely: whole or not at all, one writer per folder at a time.

Dashboards, verified queries and feedback are files people review and version. A reader must
never see half a file (so we write a temporary file beside the target and ``os.replace`` it,
which is atomic on POSIX and Windows), and two writers must not interleave a
read-check-write (so a writer holds an exclusive lock on the folder while it does that).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

try:  # POSIX: an advisory lock other processes (another app server, the CLI) respect too.
    import fcntl
except ImportError:  # pragma: no cover - Windows: only this process's threads are excluded
    fcntl = None  # type: ignore[assignment]

_THREAD_LOCKS: dict[Path, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


def content_hash(data: bytes) -> str:
    """The version of a file's content that optimistic saves compare.

    >>> content_hash(b"tiles: []\\n")[:12]
    '5f41fad069b0'
    """
    return hashlib.sha256(data).hexdigest()


def file_version(path: Path) -> str:
    """``content_hash`` of the file, or ``""`` when it does not exist."""
    try:
        return content_hash(path.read_bytes())
    except FileNotFoundError:
        return ""


def write_atomically(path: Path, text: str) -> str:
    """Replace ``path`` with ``text`` (UTF-8) in one step; returns the new version."""
    data = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return content_hash(data)


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` for a read-check-write of files in it.

    The lock is taken on the folder itself (no lock files left in the project); threads of
    this process are excluded by a lock of their own, because on some systems an advisory
    lock does not exclude threads that share a process.
    """
    folder.mkdir(parents=True, exist_ok=True)
    resolved = folder.resolve()
    with _THREAD_LOCKS_GUARD:
        thread_lock = _THREAD_LOCKS.setdefault(resolved, threading.Lock())
    with thread_lock:
        if fcntl is None:  # pragma: no cover
            yield
            return
        descriptor = os.open(resolved, os.O_RDONLY)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)  # closing releases the lock
