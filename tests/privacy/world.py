"""Leads with personal data in F1, F2 and brand B, for the privacy tests and the matrix."""

from decimal import Decimal

from budgets.models import Lead


def make_lead(brand, franchise, **extra):
    data = {
        "name": "Marie Tremblay",
        "email": "marie@example.test",
        "phone": "514 555 0101",
        "message": "Bonjour, je voudrais une soumission.",
        "consent": True,
        "utm_source": "google",
        "utm_medium": "cpc",
        "utm_campaign": "printemps",
        "utm_term": "marie@example.test",
        "utm_content": "a",
        "click_ref": "gclid-123",
    }
    data.update(extra)
    return Lead.objects.create(brand=brand, franchise=franchise, **data)


def add_privacy_leads(w) -> None:
    w.privacy_lead_F1 = make_lead(w.A, w.F1, status="won", revenue=Decimal("1250.00"))
    w.privacy_lead_F2 = make_lead(w.A, w.F2)
    w.privacy_lead_B = make_lead(w.B, w.G1)
