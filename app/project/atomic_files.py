"""Writing project files safely: whole or not at all, one writer per folder at a time.

Dashboards, verified queries and feedback are files people review and version. A reader must
never see half a file (so we write a temporary file beside the target and ``os.replace`` it,
which is atomic on POSIX and Windows), and two writers must not interleave a
read-check-write (so a writer holds an exclusive lock on the folder while it does that).

The lock only binds askbi's own writers: a text editor or ``git pull`` ignores it. So a
writer that knows which version it started from passes it as ``expected``, and the file is
read again immediately before the rename; if someone changed it meanwhile, nothing is
replaced (:class:`ChangedOnDisk`). What is left is the moment between that read and the
rename, microseconds instead of the seconds a validation takes. The new file keeps the old
one's permissions and owner (where the process may set them), not ``mkstemp``'s 0600.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from kernel.error_codes import ErrorCode
from kernel.errors import Stage, UserError

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


class ChangedOnDisk(UserError):
    """The file is no longer the version the writer started from; nothing was written."""

    code = ErrorCode.EDIT_CONFLICT

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path.name} was changed on disk by someone else; it was not overwritten.",
            stage=Stage.LOAD,
        )
        self.path = path


def write_atomically(path: Path, text: str, *, expected: str | None = None) -> str:
    """Replace ``path`` with ``text`` (UTF-8) in one step; returns the new version.

    With ``expected`` (a :func:`content_hash`, ``""`` for "no file yet"), the file is
    replaced only if it is still that version when the new one is ready; otherwise
    :class:`ChangedOnDisk` is raised and the file is left as it is.
    """
    data = text.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        _take_mode_and_owner(Path(temporary), path)
        if expected is not None and file_version(path) != expected:
            raise ChangedOnDisk(path)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return content_hash(data)


def _take_mode_and_owner(new: Path, old: Path) -> None:
    """Give ``new`` the permissions and owner of ``old`` (a new file: the umask's default)."""
    try:
        before = old.stat()
    except FileNotFoundError:
        os.chmod(new, 0o666 & ~_umask())
        return
    os.chmod(new, stat.S_IMODE(before.st_mode))
    # Only root may give a file away; anyone may keep their own group. Failing that, the
    # file belongs to whoever saved it, as with any editor's save.
    with contextlib.suppress(PermissionError, AttributeError):
        os.chown(new, before.st_uid, before.st_gid)


def _umask() -> int:
    """The process umask, read without changing it (``os.umask`` sets it, for every thread)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


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
