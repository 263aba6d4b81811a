"""A file of plain data built once and kept in the user's cache directory, checked on every load.

The gazetteer index takes seconds to build from the packages' JSON and a fraction of a second to
load from here. The file is ours, but it is still never trusted blindly:

- it is read only from a folder the user owns and no one else may write to, only when it is a
  regular file named there alone (no symbolic or hard link, no named pipe, no device) and only
  up to a size no index reaches (`cleanup.files.read_private`); a folder that others may write
  to is neither read nor written: the index is then built in memory;
- it holds `marshal` data (plain dicts, tuples, strings and numbers: no code, no classes)
  behind a SHA-256 of that data, checked before anything is decoded;
- the data carries the key it was built for (package versions, index format, Python), so a
  file from another version is rebuilt rather than used;
- a damaged, truncated, foreign or stale file is rebuilt and replaced, never an error;
- it is written to a temporary file in the same folder and renamed over the old one, so a
  reader never sees half a file, and two runs building at once cannot mix;
- a missing, read-only or full cache folder only means building in memory, silently;
- a cache folder it creates is the user's alone (mode 0700), whatever the umask.

`LINKEDIN_CLEANUP_CACHE` names the folder; by default it is the platform's user cache folder
(`~/.cache/linkedin-cleanup` on Linux, which honours `XDG_CACHE_HOME`).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cleanup.files import read_private, write_private

#: The environment variable that overrides the cache folder.
ENV = "LINKEDIN_CLEANUP_CACHE"
_APP = "linkedin-cleanup"
_MAGIC = b"linkedin-cleanup cache\n"
_DIGEST = 64  # hex characters of a SHA-256
#: Larger than any file of ours (the gazetteer index is about 5 MB); a bigger one is not read.
MAX_BYTES = 64 << 20


def folder() -> Path | None:
    """Where cache files live, or None when there is no such folder on this platform."""
    chosen = os.environ.get(ENV)
    if chosen:
        return Path(chosen)
    try:
        import platformdirs
    except ImportError:  # a stripped-down install: build in memory every time
        return None
    return Path(platformdirs.user_cache_dir(_APP, appauthor=False))


def full_key(key: str) -> str:
    """`key` with what `marshal` data also depends on: the Python version."""
    return f"{key} python={sys.version_info[0]}.{sys.version_info[1]} marshal={marshal.version}"


def cached(name: str, key: str, build: Callable[[], Any]) -> Any:
    """The data cached as `name` for `key`, or `build()` - written to the cache for next time.

    `build` must return plain data that `marshal` can store (dict, list, tuple, set, str,
    bytes, int, float, bool, None). `key` names everything the data depends on.
    """
    where = folder()
    if where is not None:
        found = read(where / name, full_key(key))
        if found is not None:
            return found[0]
    data = build()
    store(name, key, data)
    return data


def store(name: str, key: str, data: Any) -> bool:
    """Keep `data` as `name` for `key` in the cache folder; False when it could not be."""
    where = folder()
    return where is not None and write(where / name, full_key(key), data)


def read(path: Path, key: str) -> tuple[Any] | None:
    """(data,) when `path` holds intact data built for `key`; None for anything else."""
    blob = read_private(path.parent, path.name, MAX_BYTES)
    return None if blob is None else parse(blob, key)


def parse(blob: bytes, key: str) -> tuple[Any] | None:
    """(data,) when `blob`, the contents of a cache file, is intact data built for `key`;
    None for anything else."""
    head = len(_MAGIC) + _DIGEST + 1
    if len(blob) <= head or not blob.startswith(_MAGIC):
        return None
    digest, payload = blob[len(_MAGIC):head - 1], blob[head:]
    if blob[head - 1:head] != b"\n" or hashlib.sha256(payload).hexdigest().encode() != digest:
        return None
    try:
        stored_key, data = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return (data,) if stored_key == key else None


def write(path: Path, key: str, data: Any) -> bool:
    """Store `data` for `key` at `path` atomically; False (and nothing left behind) on failure."""
    try:
        payload = marshal.dumps((key, data))
    except ValueError:  # not plain data: a bug in the caller, but no reason to fail a run
        return False
    blob = _MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    return write_private(path, blob)
