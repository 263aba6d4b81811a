"""The report's templates, compiled once and kept in the user's cache folder.

Jinja turns each template into Python code before rendering it, which takes about a tenth of a
second for the report's templates on every run. This keeps that code between runs, in the
folder of the gazetteer index and with the same checks (`cleanup.places.cache`): a SHA-256 of
the file checked before anything is decoded, a key naming everything the code depends on
(the template's name and source, the environment's settings, Jinja's and Python's versions),
files written atomically. Because the file holds code rather than plain data, one check more:
it is only loaded when it and the cache folder belong to the user running the tool and no one
else may write to either, and when it is a file of that folder alone (no symbolic or hard link
to a file elsewhere, such as a download whose bytes someone else chose), so only someone who
could already run code as that user could have put it there.

Anything else - no cache folder, a read-only or full one, a damaged, stale or foreign file, a
platform without file owners - means compiling the templates as before.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from cleanup.places import cache

#: Larger than any compiled template of ours; a bigger file is not ours and is not read.
MAX_BYTES = 4 << 20
#: File owners, and opening a file in a folder without following links: else no cache.
_POSIX = (hasattr(os, "getuid") and hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY")
          and os.open in os.supports_dir_fd)
#: The environment's settings that change the code a template compiles to.
_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string",
             "variable_end_string", "comment_start_string", "comment_end_string",
             "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
             "newline_sequence", "keep_trailing_newline", "autoescape", "optimized",
             "finalize", "is_async")


def _settings(env: jinja2.Environment) -> str:
    values = [repr(getattr(env, name)) for name in _SETTINGS]
    return hashlib.sha256(repr((values, sorted(env.extensions))).encode()).hexdigest()


def _private(info: os.stat_result) -> bool:
    """Whether `info` is of something the current user owns and no one else may write to."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _own_file(folder: Path, name: str) -> bytes | None:
    """The bytes of the file `name` in `folder` when both are the current user's and no one
    else may write to them, and the file is a regular one named only there (not a link, not
    too large); None for anything else.

    Every check is made on what was opened (the folder's and the file's descriptors), so
    nothing can be swapped in between a check and the read.
    """
    try:
        where = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        if not _private(os.fstat(where)):
            return None
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=where)
        with open(fd, "rb") as fh:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1 or not _private(info):
                return None
            blob = fh.read(MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(where)
    return blob if len(blob) <= MAX_BYTES else None


class TemplateCache(jinja2.BytecodeCache):
    """Jinja's bytecode cache, kept in the user's cache folder (see the module docstring)."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return name  # the source is part of the key; its file's path is not

    def get_source_checksum(self, source: str) -> str:
        return hashlib.sha256(source.encode("utf-8")).hexdigest()

    @staticmethod
    def _file(bucket: Bucket) -> str:
        return f"template-{hashlib.sha256(bucket.key.encode()).hexdigest()[:24]}.bin"

    @staticmethod
    def _key(bucket: Bucket) -> str:
        return (f"report template {bucket.key!r} source={bucket.checksum} "
                f"settings={_settings(bucket.environment)} jinja2={jinja2.__version__}")

    def load_bytecode(self, bucket: Bucket) -> None:
        where = cache.folder()
        if where is None or not _POSIX:
            return
        blob = _own_file(where, self._file(bucket))
        found = cache.parse(blob, cache.full_key(self._key(bucket))) if blob else None
        if found is not None and isinstance(found[0], bytes):
            # Jinja checks the code's own header (its format, Python's version, the
            # source's checksum) again and drops code that does not match; a header it
            # cannot even read (its checksum is a pickle, which fails in many ways) means
            # compiling again too.
            try:
                bucket.bytecode_from_string(found[0])
            except Exception:  # noqa: BLE001 - any unreadable header: compile again
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        if _POSIX:  # elsewhere it would never be loaded
            cache.store(self._file(bucket), self._key(bucket), bucket.bytecode_to_string())
