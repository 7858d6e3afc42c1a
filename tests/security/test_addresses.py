"""Anonymised addresses: pure logic, many cases."""

import ipaddress

from django.test import RequestFactory, override_settings
from hypothesis import given
from hypothesis import strategies as st

from security.addresses import anonymise_ip, anonymised_client_ip


def test_ipv4_keeps_its_24_network():
    assert anonymise_ip("203.0.113.57") == "203.0.113.0"


def test_ipv6_keeps_its_48_network():
    assert anonymise_ip("2001:db8:1:2:3:4:5:6") == "2001:db8:1::"


def test_ipv4_mapped_ipv6_is_treated_as_ipv4():
    assert anonymise_ip("::ffff:198.51.100.23") == "198.51.100.0"


def test_garbage_gives_an_empty_source():
    assert anonymise_ip("not an ip") == ""
    assert anonymise_ip(None) == ""


@given(st.ip_addresses())
def test_an_anonymised_address_never_reveals_the_host_part(address):
    result = ipaddress.ip_address(anonymise_ip(str(address)))
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    assert result == ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address
    assert int(result) & ((1 << (result.max_prefixlen - prefix)) - 1) == 0


def test_forwarded_for_is_trusted_only_from_our_own_proxies():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert anonymised_client_ip(request) == "10.0.0.0"
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert anonymised_client_ip(request) == "198.51.100.0"
