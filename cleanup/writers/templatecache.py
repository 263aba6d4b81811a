"""The report's templates, compiled once and kept in the user's cache folder.

Jinja turns each template into Python code before rendering it, which takes about a tenth of a
second for the report's templates on every run. This keeps that code between runs, in the
folder of the gazetteer index and with the same checks (`cleanup.places.cache`): a SHA-256 of
the file checked before anything is decoded, a key naming everything the code depends on
(the template's name and source, the environment's settings, Jinja's and Python's versions),
files written atomically. Because the file holds code rather than plain data, one check more:
it is only loaded when it belongs to the user running the tool and no one else may write to
it, so only someone who could already run code as that user could have put it there.

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
#: The environment's settings that change the code a template compiles to.
_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string",
             "variable_end_string", "comment_start_string", "comment_end_string",
             "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
             "newline_sequence", "keep_trailing_newline", "autoescape", "optimized",
             "finalize", "is_async")


def _settings(env: jinja2.Environment) -> str:
    values = [repr(getattr(env, name)) for name in _SETTINGS]
    return hashlib.sha256(repr((values, sorted(env.extensions))).encode()).hexdigest()


def _own_file(path: Path) -> bytes | None:
    """The file's bytes when it is a regular file of the current user that no one else
    may write to (and not too large); None for anything else."""
    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid()
                    or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
                return None
            blob = fh.read(MAX_BYTES + 1)
    except OSError:
        return None
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
        if where is None or not hasattr(os, "getuid"):
            return
        blob = _own_file(where / self._file(bucket))
        found = cache.parse(blob, cache.full_key(self._key(bucket))) if blob else None
        if found is not None and isinstance(found[0], bytes):
            # Jinja checks the code's own header (its format, Python's version, the
            # source's checksum) again and drops code that does not match.
            bucket.bytecode_from_string(found[0])

    def dump_bytecode(self, bucket: Bucket) -> None:
        if hasattr(os, "getuid"):  # elsewhere it would never be loaded
            cache.store(self._file(bucket), self._key(bucket), bucket.bytecode_to_string())
