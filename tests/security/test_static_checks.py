"""Source checks that keep the money code and the data model honest."""

import re
from pathlib import Path

from django.apps import apps
from django.db import models

ROOT = Path(__file__).resolve().parents[2]
MONEY_APPS = ("budgets", "reporting")
FLOAT = re.compile(r"\bfloat\b|FloatField")


def test_no_float_in_money_code():
    """Money is Decimal: a `float` in budgets/ or reporting/ is allowed only on a line tagged `# not money`."""
    offenders = []
    for app in MONEY_APPS:
        for source in (ROOT / app).rglob("*.py"):
            for number, line in enumerate(source.read_text().splitlines(), 1):
                code = line.split("#", 1)[0]
                if FLOAT.search(code) and "# not money" not in line:
                    offenders.append(f"{source.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_the_float_check_sees_floats_and_honours_the_tag():
    assert FLOAT.search("amount = float(value)")
    assert FLOAT.search("x = models.FloatField()")
    assert not FLOAT.search("floating = 1")


# Third-party models with an address column, and how it is kept anonymous.
ANONYMISED_ADDRESS_MODELS = {
    "axes.accessattempt": "AXES_CLIENT_IP_CALLABLE stores the /24 or /48 network",
    "axes.accessfailurelog": "AXES_CLIENT_IP_CALLABLE stores the /24 or /48 network",
    "axes.accesslog": "AXES_CLIENT_IP_CALLABLE stores the /24 or /48 network; AXES_DISABLE_ACCESS_LOG",
}


def test_no_model_stores_raw_ip_addresses():
    offenders = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            is_address = isinstance(field, models.GenericIPAddressField) or type(field).__name__ == "IPAddressField"
            if is_address and model._meta.label_lower not in ANONYMISED_ADDRESS_MODELS:
                offenders.append(f"{model._meta.label}.{field.name}")
    assert not offenders, f"raw IP address columns: {offenders}"


def test_axes_is_configured_to_store_anonymised_addresses():
    from django.conf import settings

    assert settings.AXES_CLIENT_IP_CALLABLE == "security.addresses.anonymised_client_ip"
    assert settings.AXES_DISABLE_ACCESS_LOG
