"""A resolved place and how it lies against a target: inside, outside, or not known."""

from __future__ import annotations

import math
from dataclasses import dataclass

#: A connection whose city lies this close to a target city is in the same metro: inside.
INSIDE_KM = 50.0
#: ... and this far or more from it is known to be elsewhere: outside. In between: not known.
OUTSIDE_KM = 80.0

_EARTH_KM = 6371.0088


@dataclass(frozen=True)
class Place:
    """A resolved location: a country, a region in it, or a city in it.

    `region` is an ISO 3166-2 code (`US-TX`) or, for a city whose geonames region cannot be tied
    to ISO, a geonames key (`KR:11`); `None` when the string names no region.
    """

    country: str
    region: str | None
    city: str | None
    label: str
    lat: float | None = None
    lon: float | None = None

    def relation(self, target: Place) -> bool | None:
        """True when this place is known to lie inside `target`, False when known to lie outside,
        None when the string does not say enough (`United States` against `Texas`)."""
        if self.country != target.country:
            return False
        if target.region is None and target.city is None:
            return True
        if target.city is None:
            return None if self.region is None else same_region(self.region, target.region)
        # The target is a city: a metro around it, measured on the map where both have a spot.
        if self.city is not None:
            km = _distance_km(self, target)
            if km is not None:
                if km <= INSIDE_KM:
                    return True
                return False if km > OUTSIDE_KM else None
            if self.city == target.city and self.region == target.region:
                return True
        if self.region is None or target.region is None:
            return None
        # A region holding the target city says nothing about where in it the person is; a
        # different region is known to be elsewhere.
        return False if same_region(self.region, target.region) is False else None


def same_region(a: str | None, b: str | None) -> bool | None:
    if a is None or b is None:
        return None
    if a == b:
        return True
    # An ISO code and a geonames key name regions in two different systems: not comparable.
    return False if (":" in a) == (":" in b) else None


def _distance_km(a: Place, b: Place) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))
