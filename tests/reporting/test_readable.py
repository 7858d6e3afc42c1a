"""Reports that read well: titled charts with named axes, units and legends; money with its
currency and the reader's separators in tables, cards, export headers and e-mails."""

import json
import re

import pytest
from django.utils import translation

from reporting import charts
from tests.reporting.test_views import PERIOD, figures  # noqa: F401 - the shared fixture

pytestmark = pytest.mark.django_db


def _page(client, world, role, language, query=""):
    user = world.users[role]
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    return client.get(f"/reports/?{PERIOD}&{query}").content.decode()


def _configs(html: str) -> dict:
    return {
        name: json.loads(body)
        for name, body in re.findall(r'<script id="chart-([\w-]+)" type="application/json">(.*?)</script>', html, re.S)
    }


def test_every_chart_has_a_title_named_axes_with_units_and_a_legend(client, figures):  # noqa: F811
    html = _page(client, figures, "franchisor", "fr")
    configs = _configs(html)
    assert set(configs) == {"trend", "by-child", "funnel"}
    for config in configs.values():
        options = config["options"]
        assert options["plugins"]["title"]["display"] and options["plugins"]["title"]["text"]
        assert options["plugins"]["legend"]["display"] is True
        for axis in options["scales"].values():
            assert axis["title"]["display"] and axis["title"]["text"]
    by_child = configs["by-child"]
    assert by_child["options"]["plugins"]["title"]["text"] == "Coût et clients par région"
    assert by_child["options"]["scales"]["y"]["title"]["text"] == "Coût (CAD)"
    assert by_child["moneyAxes"] == ["y"] and by_child["currency"] == "CAD"
    assert configs["trend"]["options"]["scales"]["x"]["title"]["text"] == "Jour"
    assert '/static/vendor/chartjs/chart.umd.js"' in html and "cdn" not in html.lower()


def test_money_and_counts_are_written_the_readers_way_in_tables_and_cards(client, figures):  # noqa: F811
    french = _page(client, figures, "franchisor", "fr")
    assert "45,00\u00a0$" in french  # the brand's cost, in the KPI card and the table total
    assert "1\u00a0200,00\u00a0$" in french  # revenue
    english = _page(client, figures, "franchisor", "en")
    assert "$45.00" in english and "$1,200.00" in english
    assert "1200.00" not in english and "45.00<" not in french


def test_export_headers_name_the_unit_of_each_column(client, figures):  # noqa: F811
    client.force_login(figures.users["franchisor"])
    header = client.get(f"/reports/export.csv?{PERIOD}", HTTP_ACCEPT_LANGUAGE="en").content.decode("utf-8-sig")
    first = header.splitlines()[0]
    assert "Cost (CAD)" in first and "Cost per customer (CAD)" in first and "CTR (%)" in first


def test_the_funnel_uses_a_logarithmic_axis_and_sends_decimals_as_text():
    with translation.override("en"):
        config = charts.funnel([("Clicks", None), ("Leads", 3)], "CAD")
    assert config["options"]["scales"]["x"]["type"] == "logarithmic"
    assert config["data"]["datasets"][0]["data"] == [None, "3"]
