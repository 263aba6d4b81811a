"""LinkedIn's Connections.csv, every year's form: 2018 (no preamble, no URL), 2021 to mid
2023 (the `Notes:` preamble, no URL), late 2023 on (with URL), and Excel re-saves of each
(another delimiter or encoding, the preamble gone or padded, `Connected on` or
`Connected_On`, dates as serial numbers). The header is found by content, so one adapter
reads them all."""

from cleanup.read.adapters import Adapter

ADAPTER = Adapter(
    name="LinkedIn Connections.csv",
    headers={
        "first": ("First Name",),
        "last": ("Last Name",),
        "url": ("URL", "Profile URL"),
        "email": ("Email Address", "Email", "E-mail Address"),
        "company": ("Company",),
        "position": ("Position",),
        "connected_on": ("Connected On",),
    },
    must=("First Name", "Last Name"),
    required=("first", "last", "company", "position"),
    order=0,
)
