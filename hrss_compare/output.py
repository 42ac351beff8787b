"""Write reports to files atomically: the target holds the old report or the whole new one."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from hrss_compare.errors import HrssCompareError
from hrss_compare.paths import found


def write_atomic(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once; raise HrssCompareError when it can't be written.

    The bytes go to a temporary file beside the target, are flushed to disk, and the temporary
    file is renamed over the target, so a crash or Ctrl-C leaves the old file (or none), never a
    half-written one. On any failure, KeyboardInterrupt included, the temporary file is removed.
    A target that exists and is no regular file (``/dev/stdout``, ``/dev/null``, a named pipe)
    is written to as it is: renaming over it would replace the device or pipe with a file.
    A target that is this process's standard output (``/dev/stdout``, whatever it points at)
    is written as standard output: replacing it would truncate a log it appends to
    (``>> log``), and a reader that goes away (``| head``) ends it as any broken pipe does.
    """
    if _is_standard_output(path):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        return
    if _is_special(path):
        _write_through(path, data)
        return
    # Write through a symlink to the file it points at rather than replacing the link itself.
    target = Path(os.path.realpath(path))
    mode = _mode_for(target)
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise _cannot_write(path, error) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private (0600); a report gets the usual permissions.
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _cannot_write(path, error) from error
        raise


def check_target(target: str, inputs: Sequence[tuple[str, Path | None]] = ()) -> None:
    """Raise HrssCompareError when a report is not to be written to ``target`` (as typed):
    a folder's name (``newdir/``, ``.``, an existing folder), a path into a missing folder (as
    typed, too: ``nosub/../q.md``), one of the report's own input files, or a file this user
    may not write (root may write any, as with a shell's ``>``). ``inputs``: what each input
    is (``the --left bureau``) and its file, None when there is none."""
    # Path() drops a trailing separator and a last '.': the name must be read as typed.
    if os.path.basename(target) in ("", ".", ".."):
        raise HrssCompareError(f"{target}: is a directory name; give a file name")
    if found(target, "folder"):
        raise HrssCompareError(f"{target}: is a directory; give a file name")
    # The folder as typed ("nosub/../q.md" names a missing one, which realpath reads away:
    # the first part of the path that is no folder is named), then the one a symlink points in.
    typed = os.path.dirname(target)
    named: Path | None = None
    if typed and not os.path.isdir(typed):
        named = _first_not_a_folder(typed)
    else:
        folder = Path(os.path.realpath(target)).parent
        if not found(folder, "folder"):
            named = folder if os.path.islink(target) else Path(target).parent
    if named is not None:
        if os.path.exists(named):  # a file where the name says a folder ("report.md/x.md")
            raise HrssCompareError(f"{target}: cannot write the report: {named} is not a folder")
        raise HrssCompareError(f"{target}: cannot write the report: no such folder {named}")
    if not found(target, "file"):
        return  # a new file, or a device or pipe written through, replaces no input
    for what, path in inputs:
        if path is not None and _same_file(target, path):
            raise HrssCompareError(
                f"{target}: is {what} file of this report; writing the report there would "
                "replace it: give another file name"
            )
    if not _is_standard_output(target) and not os.access(target, os.W_OK):
        # Renaming over it would replace it all the same; a shell's ">" refuses. Standard
        # output (``-o /dev/stdout`` into a file) is written through its open descriptor.
        raise HrssCompareError(
            f"{target}: cannot write the report: the file is read-only; make it writable or "
            "give another file name"
        )


def _first_not_a_folder(path: str) -> Path:
    """The shortest leading part of ``path`` (as typed) that is not a folder: "nosub" of
    "nosub/../q", "report.md" of "report.md/../q"; ``path`` itself when each part is."""
    head = ""
    for part in Path(path).parts:
        head = os.path.join(head, part)
        if not os.path.isdir(head):
            return Path(head)
    return Path(path)


def _same_file(first: str | Path, second: str | Path) -> bool:
    """Whether two names are one file (through symlinks and hard links); never raises."""
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return False


def _is_standard_output(path: str | Path) -> bool:
    """Whether ``path`` is the file (or pipe, or device) that standard output writes to."""
    try:
        named = os.stat(path)
        standard = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is an OSError
        return False
    return (named.st_dev, named.st_ino) == (standard.st_dev, standard.st_ino)


def _is_special(path: str | Path) -> bool:
    """Whether ``path`` (or what it links to) exists and is not a regular file or a folder: a
    device, a pipe, a socket. ``/dev/stdout`` links to a pipe with no name when piped."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _write_through(path: str | Path, data: bytes) -> None:
    """Write ``data`` into an existing device or pipe, as a shell redirection would. A named
    pipe whose reader went away is an error, said in one line (standard output, which ends
    quietly when its reader goes, is not written here)."""
    try:
        with open(path, "wb") as stream:
            stream.write(data)
    except OSError as error:
        raise _cannot_write(path, error) from error


def _mode_for(target: Path) -> int:
    """The existing file's permissions, or read-write for all as the umask allows."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _cannot_write(path: str | Path, error: OSError) -> HrssCompareError:
    reason = error.strerror or str(error)
    return HrssCompareError(f"{path}: cannot write the report: {reason}")
