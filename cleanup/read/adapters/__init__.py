"""Input layouts: one adapter per layout says which of its columns hold the people fields.

An adapter is data: the header names each field may have, the headers that identify the
layout, the fields it cannot do without. The reader (`cleanup.read.connections`) finds the
header by content, tries the adapters in order and builds the people table from the first
that fits; the file's own columns go on as the payload the Connections sheet writes back.

Each module of this package that defines `ADAPTER` is one layout; a new layout is one new
module here (or, from a script or a test, one `register` call).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass

from cleanup.people import FIELDS
from cleanup.text import header_key


@dataclass(frozen=True)
class Adapter:
    """One input layout."""

    name: str  # as messages name it: "LinkedIn Connections.csv"
    #: people field -> the header names it may carry, preferred first (any case; spaces,
    #: `_`, `-` and `/` between words alike).
    headers: Mapping[str, tuple[str, ...]]
    #: Headers every file of this layout has: the header line is the first holding them.
    must: tuple[str, ...]
    #: Fields the layout cannot do without: a header lacking one is refused.
    required: tuple[str, ...] = ()
    #: Tried in this order, lowest first (LinkedIn's own layout first).
    order: int = 100

    def __post_init__(self) -> None:
        unknown = set(self.headers) - set(FIELDS)
        if unknown:
            raise ValueError(f"adapter {self.name}: unknown fields {sorted(unknown)}")

    def fields(self, columns: list[str]) -> dict[str, str]:
        """People field -> the column of `columns` that holds it, for those present."""
        by_key: dict[str, str] = {}
        for c in columns:
            by_key.setdefault(header_key(c), c)
        found = {}
        for name, candidates in self.headers.items():
            hit = next((by_key[k] for k in map(header_key, candidates) if k in by_key), None)
            if hit is not None:
                found[name] = hit
        return found

    @property
    def expected(self) -> tuple[str, ...]:
        """The header as the layout writes it, for messages."""
        return tuple(names[0] for names in self.headers.values())


_REGISTERED: list[Adapter] = []


def register(adapter: Adapter) -> None:
    """Add a layout (a script's or a test's own) to those tried; registering it again
    replaces it."""
    _REGISTERED[:] = [a for a in _REGISTERED if a.name != adapter.name]
    _REGISTERED.append(adapter)


def adapters() -> list[Adapter]:
    """Every layout, in the order they are tried: the modules of this package, then those
    registered."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        adapter = getattr(module, "ADAPTER", None)
        if isinstance(adapter, Adapter):
            found.append(adapter)
    names = {a.name for a in _REGISTERED}
    return sorted([a for a in found if a.name not in names] + _REGISTERED,
                  key=lambda a: a.order)


def person_columns(header: list[str]) -> dict[str, str]:
    """People field -> column of `header`, by the layout that finds most of the fields in
    it (LinkedIn's on a tie): how an earlier workbook's Connections sheet, which keeps the
    input's own column names, is read back whatever the layout."""
    found = [a.fields(header) for a in adapters()]
    return max(found, key=len, default={})

