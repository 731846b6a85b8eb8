"""The QR code on the card: the absolute address of the emergency view.

The address is built from the public address (core.links: REGIE_PUBLIC_BASE_URL), so a printed card works from
any phone, whatever server printed it. Error correction M survives a worn card.
"""

from __future__ import annotations

import functools
import io
from urllib.parse import urlencode

import segno
from django.urls import reverse

from regie.core import links

ERROR = "m"
# Modules of white around the code; the panel's margin adds more.
BORDER = 2
# Codes kept per process: encoding one (choosing the best of the eight masks)
# costs about 10 ms, and a card's code is drawn on its page, in its PDF and
# in every print run. An entry is a few kilobytes.
CACHED_CODES = 1024


def emergency_url(token: str, card_number: str = "") -> str:
    """The absolute address behind the card's QR code.

    The token is the holder's; `k` names the card it is printed on, so the
    emergency view can tell a responder that a newer card exists.
    """
    url = links.absolute(reverse("crisiscard:emergency", kwargs={"token": token}))
    return f"{url}?{urlencode({'k': card_number})}" if card_number else url


def make(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR, micro=False, boost_error=False)


@functools.lru_cache(maxsize=CACHED_CODES)
def matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, row by row (True is dark), without a quiet zone.

    Cached per process: the code is a function of the address alone (a new
    link token is a new address), and the rows are tuples, so no caller can
    change what the next one gets."""
    return tuple(tuple(bool(cell) for cell in row) for row in make(url).matrix)


@functools.lru_cache(maxsize=CACHED_CODES)
def svg(url: str, *, scale: int = 4) -> str:
    """The code as an inline SVG for a page (no scripts, no styles); cached as `matrix` is."""
    out = io.BytesIO()
    make(url).save(
        out,
        kind="svg",
        scale=scale,
        border=BORDER,
        xmldecl=False,
        svgns=True,
        nl=False,
        svgclass="qr",
        title=url,
    )
    return out.getvalue().decode()
