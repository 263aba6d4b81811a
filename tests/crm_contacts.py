"""Another tool's contacts export as an input layout: the whole of what a new layout needs.

`Given name, Family name, LinkedIn, Employer, Title, Added` (made up, as CRMs write it). Placed
in `cleanup/read/adapters/` this file would be found by itself; the tests register it.
"""

from cleanup.read.adapters import Adapter

ADAPTER = Adapter(
    name="CRM contacts export",
    headers={
        "first": ("Given name",),
        "last": ("Family name",),
        "url": ("LinkedIn",),
        "email": ("E-mail",),
        "company": ("Employer",),
        "position": ("Title",),
        "connected_on": ("Added",),
    },
    must=("Given name", "Family name"),
    required=("first", "last"),
)
