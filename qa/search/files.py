"""Writing and reading index files: every write is one step a test can kill, every OS error one ``QAError``.

Builds write through ``write_file`` only, so there is one place that (a) turns a full disk or a permission
problem into a message saying whether qa could not *write* or could not *read* and what to do, and (b) offers
the kill points the reliability tests use: with ``QA_TEST_KILL_AT=<step>`` in the environment the process
SIGKILLs itself just before that step, which is how an interrupted build is reproduced deterministically.
"""

from __future__ import annotations

import errno
import os
import signal
import threading
from pathlib import Path

import numpy as np

from qa.errors import IndexAccessError

KILL_ENV = "QA_TEST_KILL_AT"
# numpy parses an .npy header with ast.literal_eval, and CPython 3.11's AST constructor is not safe in two threads
# at once ("SystemError: AST constructor recursion depth mismatch", seen when two threads opened an index).
_NPY_LOCK = threading.Lock()


def load_array(source, **options):
    """``np.load(source, allow_pickle=False, **options)``, one thread at a time (see ``_NPY_LOCK``).

    For an .npz the members are read inside the lock too: the result is a plain dict of arrays."""
    with _NPY_LOCK:
        loaded = np.load(source, allow_pickle=False, **options)
        if isinstance(loaded, np.lib.npyio.NpzFile):
            with loaded:
                return {name: loaded[name] for name in loaded.files}
        return loaded


def kill_point(step: str) -> None:
    """Die here, as a power cut or ``kill -9`` would, when the tests ask for it (never otherwise)."""
    if os.environ.get(KILL_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def write_file(path: Path, data: bytes, step: str | None = None) -> None:
    """Write ``data`` to ``path`` and fsync it, after ``kill_point(step or path.name)``."""
    kill_point(step or path.name)
    try:
        with open(path, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        raise write_error(exc, path) from None


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise
    except OSError as exc:
        raise read_error(exc, path) from None


def write_error(exc: OSError, path: Path) -> IndexAccessError:
    """A write that failed: a full disk, a folder qa may not write, or another OS error, each saying what to do."""
    where = path.parent if path.parent.name.startswith((".tmp-", "v-")) else path
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return IndexAccessError(f"no space left to write the index ({where}): free some space, or give a folder on "
                                "another disk with --index or QA_INDEX, and run `qa index` again; the previous "
                                "index is unchanged")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return IndexAccessError(f"cannot write the index: {where} is not writable ({exc.strerror}); give a folder "
                                "qa can write with --index or QA_INDEX; the previous index is unchanged")
    return IndexAccessError(f"cannot write the index at {where} ({exc.strerror or type(exc).__name__}): check the "
                            "disk and run `qa index` again; the previous index is unchanged")


def read_error(exc: OSError, path: Path) -> IndexAccessError:
    """A read that failed: say it is reading, so a user of someone else's index asks them, not us."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return IndexAccessError(f"cannot read the index: {path} is not readable by you ({exc.strerror}); ask its "
                                "owner to make it readable (chmod -R a+rX), or build your own with --index")
    return IndexAccessError(f"cannot read the index at {path} ({exc.strerror or type(exc).__name__})")


def npy_bytes(array: np.ndarray) -> bytes:
    """An array as the bytes of an .npy file (allow_pickle=False), for ``write_file``."""
    import io

    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(array), allow_pickle=False)
    return buf.getvalue()


def map_array(handle) -> np.ndarray:
    """The .npy file open as ``handle`` memory-mapped read-only (``np.load`` maps only by name, and a name may
    already point at a newer file): the map keeps its own reference, so the handle may be closed after."""
    with _NPY_LOCK:
        handle.seek(0)
        version = np.lib.format.read_magic(handle)
        if version not in ((1, 0), (2, 0)):
            raise ValueError(f"an .npy of format {version}, not 1.0 or 2.0")
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, fortran, dtype = read_header(handle)
        if dtype.hasobject:
            raise ValueError("an .npy of Python objects (it would need a pickle)")
        if 0 in shape:
            return np.zeros(shape, dtype=dtype)
        return np.memmap(handle, dtype=dtype, mode="r", shape=shape, order="F" if fortran else "C",
                         offset=handle.tell())
