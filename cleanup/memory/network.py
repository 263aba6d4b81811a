"""Where each network's decisions live: the output folder of its last run, remembered outside it.

The ledgers (`decisions.csv`, `phrases.csv`) and the run history live in the output folder. A
folder renamed or moved (`mv reports "LinkedIn reports"`) would make the next run into the
default folder silently start from zero; so every successful run notes, in a small file of the
user's state folder, which folder it wrote for which network, and a run into a folder with no
history of its own looks there first:

- the network is known by its owner (the name in Profile.csv, kept only as a digest) and by a
  sketch of its connections: the 128 smallest hashes of their person ids (a bottom-k MinHash),
  from which the overlap of two networks is estimated. A month's churn (a few percent of
  connections come and go) leaves an overlap near 1; two people's networks rarely share half
  (a network of fewer than `FEWEST` connections is known by its owner only);
- the folder of its last run is looked for where it was, else by its inode among the folders
  beside it (a rename keeps the inode: `mv reports "LinkedIn reports"` is found);
- when that folder still holds a ledger, the run's first notice names it (the run goes on and
  that folder is left as it is: a second folder can be meant); when it is gone or moved out
  of reach, the notice says so;
- the file is read like any untrusted input: only a regular file of a folder that is the
  user's alone (`cleanup.files.read_private`), never more than `MAX_BYTES`; a file that cannot
  be used is ignored with a notice, an entry that is not well formed is skipped;
- it is written only after a run's files have all landed, atomically, at most `MAX_NETWORKS`
  networks, and a failure to write it never fails the run.

`LINKEDIN_CLEANUP_STATE` names the folder; by default it is the platform's user state folder
(`~/.local/state/linkedin-cleanup` on Linux, which honours `XDG_STATE_HOME`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cleanup.errors import InputError, Notice
from cleanup.files import read_private, write_private
from cleanup.memory.answers import LEDGER as PHRASES
from cleanup.memory.history import HISTORY, SNAPSHOTS
from cleanup.memory.ledger import LEDGER as DECISIONS
from cleanup.model import Network
from cleanup.read.archive import Archive
from cleanup.read.identity import person_ids
from cleanup.read.profile import read_profile
from cleanup.text import whole

#: The environment variable that overrides the state folder.
ENV = "LINKEDIN_CLEANUP_STATE"
_APP = "linkedin-cleanup"
FILE = "networks.json"
FORMAT = 1
#: Hashes kept per network; the overlap's estimate is within a few hundredths of the truth.
SKETCH = 128
#: Networks remembered; the least recently run is forgotten first.
MAX_NETWORKS = 16
#: Far more than MAX_NETWORKS entries ever take (about 3 KB each); a bigger file is not read.
MAX_BYTES = 256 * 1024
#: The share of connections two runs must have in common to be the same network.
SAME = 0.5
#: Connections each network must have for the share to tell: two small networks of strangers
#: may well hold the same two or three people.
FEWEST = 10
#: pandas' fixed hash key: the same person id gives the same hash in every run.
_HASH_KEY = "0123456789123456"
_HEX = re.compile(r"[0-9a-f]{16}")
_DIGEST = re.compile(r"[0-9a-f]{64}")


def same(a: Network, b: Network) -> bool:
    """Whether `a` and `b` are the same network, a month or more apart: the same owner, or
    half their connections or more in common (of `FEWEST` or more each)."""
    if a.owner and a.owner == b.owner:
        return True
    return min(len(a.sketch), len(b.sketch)) >= FEWEST and overlap(a.sketch, b.sketch) >= SAME


@dataclass(frozen=True)
class Seen:
    """One remembered run: the network, the folder it wrote into (its path, and its device
    and inode, which a rename keeps), its as-of date."""

    network: Network
    out: Path
    as_of: date
    inode: tuple[int, int] = (0, 0)


def folder() -> Path | None:
    """Where the file lives, or None when there is no such folder on this platform."""
    chosen = os.environ.get(ENV)
    if chosen:
        return Path(chosen)
    try:
        import platformdirs
    except ImportError:  # a stripped-down install: nothing is remembered
        return None
    return Path(platformdirs.user_state_dir(_APP, appauthor=False))


# ---------------------------------------------------------------------------- identity

def sketch(ids: pd.Series) -> tuple[int, ...]:
    """The `SKETCH` smallest distinct hashes of the person ids (empty ids left out)."""
    values = ids[ids.ne("")].to_numpy(dtype=object)
    if not len(values):
        return ()
    hashes = np.unique(pd.util.hash_array(values, hash_key=_HASH_KEY, categorize=False))
    return tuple(int(h) for h in hashes[:SKETCH])


def overlap(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """The estimated share of connections two networks have in common (Jaccard), from their
    sketches: among the smallest hashes of both together, how many each one holds."""
    union = sorted(set(a) | set(b))[:SKETCH]
    if not union:
        return 0.0
    both = set(a) & set(b)
    return sum(h in both for h in union) / len(union)


def identify(archive: Archive, people: pd.DataFrame) -> Network | None:
    """This run's network, or None when it has neither an owner nor a connection to know
    it by."""
    owner = ""
    with contextlib.suppress(InputError, OSError):  # the profile is read again, and judged,
        profile = read_profile(archive)             # by the relationship reader
        name = whole(pd.Series([profile.full_name])).iloc[0] if profile else ""
        owner = hashlib.sha256(name.encode("utf-8")).hexdigest() if name else ""
    # The person id is the profile URL's key; only rows without one need their name folded.
    ids = people["key"] if "key" in people.columns else pd.Series("", index=people.index)
    bare = ids.eq("")
    if bare.any():
        ids = ids.mask(bare, person_ids(people.loc[bare, "url"], people.loc[bare, "name"],
                                        people.loc[bare, "company"])["id"])
    found = Network(owner, sketch(ids.astype(object)))
    return found if found.owner or found.sketch else None


# ---------------------------------------------------------------------------- the check

def has_history(out: Path) -> bool:
    """Whether `out` holds a ledger or a run history."""
    return any((out / name).exists() for name in (DECISIONS, PHRASES, HISTORY, SNAPSHOTS))


def holds_ledger(out: Path) -> bool:
    """Whether `out` holds decisions or phrase answers."""
    return any((out / name).is_file() for name in (DECISIONS, PHRASES))


def check(network: Network | None, out: Path | None) -> list[Notice]:
    """The notices for a run into `out` when `out` has no history of its own while the same
    network's last run wrote into another folder: the first names that folder when it still
    holds the ledger (the run goes on, that folder untouched), or says it is gone."""
    if network is None or out is None or has_history(out):
        return []
    seen, notices = remembered()
    last = next((s for s in seen if same(s.network, network)), None)
    if last is None:
        return notices
    now = locate(last)
    if now is not None and now == _absolute(out):
        return notices  # the same folder, its files deleted by hand: nothing to point to
    if now is not None and holds_ledger(now):
        # Said, not refused: nothing is lost (that folder is left as it is), and a second
        # folder for the same network can be meant (a trial run, a copy for a colleague).
        then = "" if now == last.out else f" (then named {last.out.name})"
        notices.insert(0, Notice(
            "", None, code="history-elsewhere", hint="out", fix="run again with that "
            "folder as the output folder", fields={"folder": str(now), "then": then,
                                                   "out": str(out),
                                                   "as_of": last.as_of.isoformat()},
            template="{out} holds no decisions, phrase answers or run history, but the last "
            "run for this network (as of {as_of}) kept them in {folder}{then}: this run starts "
            "without them, and that folder is left as it was. To go on with them, {fix}."))
        return notices
    gone = "no longer holds decisions.csv" if now is not None else "is no longer there"
    notices.append(Notice("", None, f"the last run for this network (as of "
                          f"{last.as_of.isoformat()}) wrote into {last.out}, which {gone}: "
                          "this run starts with no earlier decisions or phrase answers. If "
                          "you moved or renamed that folder, run again with it as the output "
                          "folder."))
    return notices


#: Entries of a folder looked through for a renamed output folder, at most.
_SCAN = 10_000


def locate(seen: Seen) -> Path | None:
    """Where the folder `seen` wrote into is now: at its path, else (renamed) the folder
    beside it with its inode that holds a ledger or run history (an inode is reused once its
    folder is deleted); None when it is nowhere to be found."""
    try:
        info = os.stat(seen.out)
        if seen.inode == (0, 0) or (info.st_dev, info.st_ino) == seen.inode:
            return seen.out
    except OSError:
        pass
    if seen.inode == (0, 0):
        return None
    with contextlib.suppress(OSError), os.scandir(seen.out.parent) as entries:
        for n, entry in enumerate(entries):
            if n >= _SCAN:
                break
            if entry.inode() == seen.inode[1] and entry.is_dir(follow_symlinks=False) \
                    and entry.stat(follow_symlinks=False).st_dev == seen.inode[0] \
                    and has_history(Path(entry.path)):
                return Path(entry.path)
    return None


# ---------------------------------------------------------------------------- the file

def remembered() -> tuple[list[Seen], list[Notice]]:
    """The remembered runs, most recent first, and a notice when the file cannot be used."""
    where = folder()
    if where is None:
        return [], []
    path = where / FILE
    blob = read_private(where, FILE, MAX_BYTES)
    if blob is None:
        if not os.path.lexists(path):
            return [], []
        return [], [_ignored(path, "it is not a plain file of your own, or it is too big")]
    try:
        data = json.loads(blob.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return [], [_ignored(path, "it is not the tool's JSON")]
    if not isinstance(data, dict) or data.get("format") != FORMAT \
            or not isinstance(data.get("networks"), list):
        return [], [_ignored(path, "it is not the tool's JSON")]
    seen = [s for entry in data["networks"][:MAX_NETWORKS] if (s := _entry(entry)) is not None]
    return seen, []


def _ignored(path: Path, why: str) -> Notice:
    return Notice(str(path), None, f"ignored ({why}): where each network's earlier runs wrote "
                  "is not known this time. It is written afresh after this run; delete it if "
                  "this note stays.")


def _entry(entry: Any) -> Seen | None:
    """One remembered run from its JSON, or None when it is not well formed."""
    if not isinstance(entry, dict):
        return None
    owner, hashes, out, as_of, inode = (entry.get(k) for k in ("owner", "sketch", "out",
                                                               "as_of", "inode"))
    if not (isinstance(owner, str) and (owner == "" or _DIGEST.fullmatch(owner))
            and isinstance(hashes, list) and len(hashes) <= SKETCH
            and all(isinstance(h, str) and _HEX.fullmatch(h) for h in hashes)
            and isinstance(out, str) and 0 < len(out) <= 4096 and "\x00" not in out
            and os.path.isabs(out) and isinstance(as_of, str)
            and isinstance(inode, list) and len(inode) == 2
            and all(isinstance(i, int) and 0 <= i < 1 << 64 for i in inode)):
        return None
    try:
        when = date.fromisoformat(as_of)
    except ValueError:
        return None
    return Seen(Network(owner, tuple(sorted(int(h, 16) for h in hashes))), Path(out), when,
                (inode[0], inode[1]))


def remember(network: Network | None, out: Path, as_of: date) -> bool:
    """Note that `network`'s run of `as_of` wrote into `out`; False when it could not be
    noted (no state folder, one others may write to, a full disk: the run is still done)."""
    where = folder()
    if network is None or where is None:
        return False
    seen, _ = remembered()
    try:
        info = os.stat(out)
    except OSError:
        return False
    now = Seen(network, _absolute(out), as_of, (info.st_dev, info.st_ino))
    kept = [now, *(s for s in seen if not same(s.network, network))][:MAX_NETWORKS]
    blob = json.dumps({"format": FORMAT, "networks": [_as_json(s) for s in kept]},
                      separators=(",", ":")).encode("utf-8")
    return write_private(where / FILE, blob)


def _as_json(seen: Seen) -> dict[str, Any]:
    return {"owner": seen.network.owner, "sketch": [f"{h:016x}" for h in seen.network.sketch],
            "out": str(seen.out), "as_of": seen.as_of.isoformat(), "inode": list(seen.inode)}


def _absolute(out: Path) -> Path:
    """`out` as an absolute path with its links resolved (it may not exist yet)."""
    return Path(os.path.realpath(out))
