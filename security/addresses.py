"""Where a request comes from, without storing who it is: addresses are truncated before use.

IPv4 keeps its /24 network and IPv6 its /48, enough to tell an office from a botnet in the audit
log and to throttle logins, too coarse to single out a person (RGPD, Quebec Law 25).
"""

import ipaddress

from django.conf import settings


def anonymise_ip(value: str | None) -> str:
    """'203.0.113.57' -> '203.0.113.0', '2001:db8:1:2::5' -> '2001:db8:1::'; '' when unparsable."""
    try:
        address = ipaddress.ip_address((value or "").strip())
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def client_ip(request) -> str:
    """The client's raw address: REMOTE_ADDR, or the X-Forwarded-For entry added by our own proxies.

    `DJANGO_TRUSTED_PROXY_COUNT` proxies (default 0) sit in front of the app; only the entry they
    appended is trusted, never one the client wrote itself.
    """
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR", "")


def anonymised_client_ip(request) -> str:
    """The anonymised source of a request (also django-axes' AXES_CLIENT_IP_CALLABLE)."""
    return anonymise_ip(client_ip(request)) or "0.0.0.0"  # noqa: S104 - a placeholder, not a bind address
