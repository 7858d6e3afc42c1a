"""The performance API: the same figures as the pages, scoped by role."""

import pytest

from tests.reporting.test_views import PERIOD, figures  # noqa: F401 - the shared fixture
from tests.world import client_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/performance/"


def test_the_franchisor_reads_the_brand_figures_and_its_regions(figures):  # noqa: F811
    data = client_for(figures, "franchisor").get(f"{URL}?{PERIOD}").json()
    assert data["level"] == "brand" and data["rows_level"] == "region"
    kpis = {k["key"]: k for k in data["kpis"]}
    assert kpis["customers"]["value"] == "1.00"
    assert kpis["cost_per_customer"]["value"] == "45.00"
    assert kpis["cost_per_customer"]["previous"] is None  # nothing before: n/a, not an error


@pytest.mark.parametrize(
    ("role", "query", "status"),
    [
        ("franchisee", "franchise={F1}", 200),
        ("franchisee", "franchise={F2}", 404),
        ("franchisee", "location={L2}", 404),
        ("region", "region={A1}", 200),
        ("region", "region={A2}", 404),
        ("region", "franchise={F2}", 404),
        ("franchisor", "brand={B}", 404),
        ("franchisor", "franchise=nope", 404),
        ("franchisor", "compare=tomorrow", 400),
    ],
)
def test_each_level_in_and_out_of_scope(figures, role, query, status):  # noqa: F811
    names = {n: getattr(figures, n).pk for n in ("F1", "F2", "L2", "A1", "A2", "B")}
    response = client_for(figures, role).get(f"{URL}?{PERIOD}&{query.format(**names)}")
    assert response.status_code == status


def test_a_franchisee_gets_the_region_median_but_no_other_franchise(figures):  # noqa: F811
    data = client_for(figures, "franchisee").get(f"{URL}?{PERIOD}").json()
    assert data["node"]["franchise"] == figures.F1.pk
    assert all(k["region_median"] is not None for k in data["kpis"] if k["key"] == "clicks")
    assert data["rows_level"] == "location"
    assert {row["label"] for row in data["rows"] if row["key"] != "0"} == {figures.L1.name}
