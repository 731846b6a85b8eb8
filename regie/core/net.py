"""The client's address, with a fixed number of trusted proxies in front."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or the address the nearest trusted proxy saw.

    With N trusted proxies, the N-th address from the right in
    X-Forwarded-For is the one our own outermost proxy received the
    connection from; anything left of it is client-supplied and untrusted.
    """
    count = settings.REGIE_TRUSTED_PROXY_COUNT
    address = request.META.get("REMOTE_ADDR") or None
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            address = forwarded[-count]
    if address is None:
        return None
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
