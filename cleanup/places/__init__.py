"""Location strings as LinkedIn writes them, resolved offline to a place with a real gazetteer.

LinkedIn writes a member's location as `City, Region, Country`, `Region, Country`, `Country`
or a metro area (`Greater Houston`, `Dallas-Fort Worth Metroplex`, `London Area, United
Kingdom`). `resolve` turns such a string into a `Place`; `off_target` says whether a place is
known to lie outside every place the business serves.

- `place.py`: the `Place` and how it lies against a target (inside, outside, not known);
- `names.py`: the name tables the packages lack, and the folded keys every name is compared by;
- `gazetteer.py`: the index of countries, regions and cities, built once and cached;
- `cache.py`: the verified cache file in the user's cache folder;
- `resolver.py`: reading a string into a `Place` (the rules are in its docstring).

Importing this package is cheap: nothing is read until the first string is resolved.
"""

from cleanup.places.place import INSIDE_KM, OUTSIDE_KM, Place
from cleanup.places.resolver import off_target, release, resolve, resolve_many, resolve_target

__all__ = ["INSIDE_KM", "OUTSIDE_KM", "Place", "off_target", "release", "resolve",
           "resolve_many", "resolve_target"]
