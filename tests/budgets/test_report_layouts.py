"""Every layout the ad platforms export is read exactly, or refused with the row and the column.

The report files in tests/fixtures/reports/ are written by hand in the platforms' layouts (never
produced by the project's own report writer): Google Ads UI CSV in English and French, the
UTF-16 tab-separated "Excel" CSV, Microsoft Advertising reports with their preamble, `Rows:`,
totals and copyright footer, semicolon delimiters, decimal commas and no-break space thousands.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation

from budgets.adplatform.reports import decode_report, parse_report
from budgets.imports import ImportRejected, describe_skipped, import_costs
from budgets.keywords import normalise_keyword
from budgets.models import ImportBatch, Keyword, KeywordDailyCost
from tests.budgets.helpers import make_pool

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"
KEYWORDS = ("alpha assurance", "assurance auto", "total protection")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel("2026-11-02 12:00:00+00:00", tick=False):
        yield


def _read(name: str):
    return parse_report(decode_report((FIXTURES / name).read_bytes()))


def _rows(parsed):
    return [(r.line, r.day, r.keyword, r.impressions, r.clicks, r.cost) for r in parsed.rows]


OCT5, OCT6 = date(2026, 10, 5), date(2026, 10, 6)


@pytest.mark.parametrize(
    ("name", "layout", "totals", "rows"),
    [
        (
            "google_ui_en.csv",
            {"platform": "google", "language": "en", "delimiter": "comma", "number_format": "point"},
            3,
            [
                (4, OCT5, "alpha assurance", 1204, 87, Decimal("1234.56")),
                (5, OCT5, "assurance auto", 310, 12, Decimal("18.40")),
                (6, OCT6, "total protection", 95, 4, Decimal("7.05")),
            ],
        ),
        (
            "google_ui_fr.csv",
            {
                "platform": "google",
                "language": "fr",
                "delimiter": "comma",
                "number_format": "comma",
                "date_order": "dmy",
            },
            2,
            [
                (4, OCT5, "alpha assurance", 1204, 87, Decimal("1234.56")),
                (5, OCT5, "assurance auto", 310, 12, Decimal("18.40")),
                (6, OCT6, "total protection", 95, 4, Decimal("7.05")),
            ],
        ),
        (
            "google_excel_en_utf16.csv",
            {"platform": "google", "language": "en", "delimiter": "tab", "number_format": "point"},
            1,
            [
                (4, OCT5, "alpha assurance", 12480, 1031, Decimal("2045.70")),
                (5, OCT6, "assurance auto", 310, 12, Decimal("18.40")),
            ],
        ),
        (
            "google_excel_fr_utf16.csv",
            {"platform": "google", "language": "fr", "delimiter": "tab", "number_format": "comma"},
            1,
            [
                (4, OCT5, "alpha assurance", 12480, 1031, Decimal("2045.70")),
                (5, OCT5, "assurance auto", 310, 12, Decimal("18.40")),
            ],
        ),
        (
            "google_fr_semicolon.csv",
            {"platform": "google", "language": "fr", "delimiter": "semicolon", "number_format": "comma"},
            1,
            [
                (4, OCT5, "alpha assurance", 1204, 87, Decimal("1234.56")),
                (5, OCT6, "assurance auto", 310, 12, Decimal("18.40")),
                (6, OCT6, "total protection", 95, 4, Decimal("7.05")),
            ],
        ),
        (
            "microsoft_api.csv",
            {
                "platform": "microsoft",
                "language": "en",
                "delimiter": "comma",
                "number_format": "point",
                "date_order": "mdy",
            },
            1,
            [
                (12, OCT5, "alpha assurance", 1204, 87, Decimal("1234.56")),
                (13, OCT6, "assurance auto", 310, 12, Decimal("18.40")),
                (14, date(2026, 10, 13), "total protection", 95, 4, Decimal("7.05")),
            ],
        ),
        (
            "microsoft_ui_semicolon_decimal_comma.csv",
            {"platform": "microsoft", "delimiter": "semicolon", "number_format": "comma", "date_order": "dmy"},
            1,
            [
                (10, OCT5, "alpha assurance", 1204, 87, Decimal("1234.56")),
                (11, date(2026, 10, 23), "assurance auto", 310, 12, Decimal("18.40")),
            ],
        ),
    ],
)
def test_each_layout_is_read_exactly(name, layout, totals, rows):
    parsed = _read(name)
    assert parsed.errors == []
    assert {key: parsed.layout[key] for key in layout} == layout
    assert parsed.totals == totals
    assert _rows(parsed) == rows


@pytest.mark.parametrize(
    ("name", "english", "french"),
    [
        (
            "ambiguous_dates.csv",
            [
                "row 3, column “Day”: “05/10/2026” could be Oct. 5, 2026 or May 10, 2026, and no date of the "
                "file tells which; export the report with ISO dates (YYYY-MM-DD) or with month names",
                "row 4, column “Day”: “06/10/2026” could be Oct. 6, 2026 or June 10, 2026, and no date of the "
                "file tells which; export the report with ISO dates (YYYY-MM-DD) or with month names",
            ],
            "ligne 3, colonne « Day » : « 05/10/2026 » peut se lire 5 octobre 2026 ou 10 mai 2026",
        ),
        (
            "conflicting_dates.csv",
            [
                "row 2, column “Day”: “13/10/2026” puts the day first but row 3, column “Day” (“10/14/2026”) "
                "puts the month first"
            ],
            "ligne 2, colonne « Day » : « 13/10/2026 » met le jour en premier",
        ),
        ("unreadable_number.csv", ["row 3, column “Cost”: “6.2O” is not a number"], "n’est pas un nombre"),
        (
            "mixed_number_formats.csv",
            [
                "row 3, column “Coût”: “1,234.50” is written with another number format than row 2, column "
                "“Impr.” (“1 204”); a report uses one format throughout"
            ],
            "un rapport utilise un seul format",
        ),
        (
            "campaign_level.csv",
            [
                "This is a campaign-level report (it has no Keyword column). Costs are charged per keyword to "
                "the franchises whose clicks it bought: download a keyword report instead (Google Ads: "
                "Keywords > Search keywords; Microsoft Advertising: Keyword report)."
            ],
            "rapport de campagne",
        ),
    ],
)
def test_a_file_read_two_ways_or_not_at_all_is_refused_naming_row_and_column(world, name, english, french):
    pool = make_pool(world.A, keywords=KEYWORDS)
    raw = (FIXTURES / name).read_bytes()
    with translation.override("en"):
        assert _read(name).errors == english
        with pytest.raises(ImportRejected) as refused:
            import_costs(actor=world.users["franchisor"], pool=pool, source="google", content=raw)
        assert refused.value.errors == english
    with translation.override("fr"):
        with pytest.raises(ImportRejected) as refused:
            import_costs(actor=world.users["franchisor"], pool=pool, source="google", content=raw)
        assert french in str(refused.value.message)
    assert not KeywordDailyCost.objects.filter(pool=pool).exists()
    assert not ImportBatch.objects.filter(pool=pool).exists()


def test_the_platform_chosen_must_be_the_one_that_wrote_the_report(world):
    pool = make_pool(world.A, keywords=KEYWORDS)
    with translation.override("en"), pytest.raises(ImportRejected) as refused:
        import_costs(
            actor=world.users["franchisor"],
            pool=pool,
            source="google",
            content=(FIXTURES / "microsoft_api.csv").read_bytes(),
        )
    assert refused.value.errors == [
        "This looks like a Microsoft Advertising report, but Google Ads was chosen as the ad platform."
    ]


def test_a_french_export_is_stored_to_the_cent_and_day_first(world):
    pool = make_pool(world.A, keywords=KEYWORDS)
    batch = import_costs(
        actor=world.users["franchisor"],
        pool=pool,
        source="google",
        content=(FIXTURES / "google_ui_fr.csv").read_bytes(),
    )
    costs = {
        (c.day, c.keyword.text): (c.impressions, c.clicks, c.cost)
        for c in KeywordDailyCost.objects.filter(pool=pool).select_related("keyword")
    }
    assert costs == {
        (OCT5, "alpha assurance"): (1204, 87, Decimal("1234.56")),
        (OCT5, "assurance auto"): (310, 12, Decimal("18.40")),
        (OCT6, "total protection"): (95, 4, Decimal("7.05")),
    }
    assert batch.total_cost == Decimal("1260.01")
    assert batch.layout["number_format"] == "comma"
    assert batch.skipped == {"campaigns": {}, "keywords": {}, "totals": 2}


def test_keywords_of_other_campaigns_are_skipped_and_listed(world):
    pool = make_pool(world.A, keywords=KEYWORDS)
    batch = import_costs(
        actor=world.users["franchisor"],
        pool=pool,
        source="google",
        content=(FIXTURES / "account_report_other_campaign.csv").read_bytes(),
    )
    assert sorted(KeywordDailyCost.objects.filter(pool=pool).values_list("keyword__text", "cost")) == [
        ("alpha assurance", Decimal("25.00")),
        ("assurance auto", Decimal("6.20")),
    ]
    assert batch.skipped["campaigns"] == {"Habitation - Search": 2}
    with translation.override("en"):
        assert describe_skipped(batch) == ["Skipped: 2 rows of the campaign “Habitation - Search”, not this pool's."]
    with translation.override("fr"):
        assert describe_skipped(batch) == [
            "Ignorées : 2 lignes de la campagne « Habitation - Search », qui n’est pas celle de cette cagnotte."
        ]


def test_the_import_command_reads_the_utf16_excel_export(world, capsys):
    pool = make_pool(world.A, keywords=KEYWORDS)
    call_command("import_costs", pool.slug, str(FIXTURES / "google_excel_fr_utf16.csv"))
    assert KeywordDailyCost.objects.get(pool=pool, keyword__text="alpha assurance").cost == Decimal("2045.70")
    with pytest.raises(CommandError, match="met le jour en premier"):
        call_command("import_costs", pool.slug, str(FIXTURES / "conflicting_dates.csv"))


def test_the_upload_page_reads_the_microsoft_decimal_comma_report(world, client):
    pool = make_pool(world.A, keywords=KEYWORDS)
    client.force_login(world.users["franchisor"])
    with (FIXTURES / "microsoft_ui_semicolon_decimal_comma.csv").open("rb") as handle:
        response = client.post(f"/budgets/pools/{pool.pk}/costs/import/", {"source": "microsoft", "file": handle})
    assert response.status_code == 302
    assert sorted(KeywordDailyCost.objects.filter(pool=pool).values_list("day", "cost")) == [
        (OCT5, Decimal("1234.56")),
        (date(2026, 10, 23), Decimal("18.40")),
    ]


@pytest.mark.parametrize(
    "written",
    [
        "+assurance +auto",
        "[assurance auto]",
        '"assurance auto"',
        "Assurance\tAuto",
        "  ASSURANCE   auto ",
        "assurance\u00a0auto",
        "assurance\u202fauto",
    ],
)
def test_one_keyword_normalisation_for_every_form_a_platform_writes(written):
    assert normalise_keyword(written) == "assurance auto"


def test_accents_in_either_unicode_form_are_the_same_keyword():
    composed = "assurance hypothécaire"  # é as one character (NFC)
    decomposed = "assurance hypothe\u0301caire"  # e + combining acute accent (NFD)
    assert composed != decomposed
    assert normalise_keyword(decomposed) == normalise_keyword(composed) == "assurance hypothécaire"
    assert normalise_keyword("[Assurance Hypothe\u0301caire]") == "assurance hypothécaire"
    assert normalise_keyword("assurance hypothecaire") != "assurance hypothécaire"


@pytest.mark.parametrize(
    "written",
    ["+assurance +auto", "[assurance auto]", '"assurance auto"', "assurance\tauto", "ASSURANCE AUTO"],
)
def test_router_import_and_leads_find_the_same_keyword(world, client, written):
    """A click routed with the keyword in any form is on the same keyword as the imported cost
    and as a lead that names it, so it is charged and reported."""
    from urllib.parse import quote

    from budgets import router
    from budgets.leads import lead_capture
    from budgets.models import Click
    from tests.budgets.helpers import fund

    pool = make_pool(world.A, keywords=("assurance hypothécaire", "assurance auto"))
    fund(pool, world.F1, "100.00")
    router.reset()
    response = client.get(
        f"/go/{pool.slug}/?kw={quote(written)}&gclid=G-1",
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
    )
    assert response.status_code == 302
    keyword = Keyword.objects.get(pool=pool, text="assurance auto")
    assert Click.objects.get(pool=pool).keyword_id == keyword.pk
    content = (
        "Keyword\tMatch type\tDay\tCurrency code\tImpr.\tClicks\tCost\n"
        f"{written.replace(chr(9), ' ')}\tExact match\t2026-10-05\tCAD\t10\t1\t1.25\n"
    )
    import_costs(actor=world.users["franchisor"], pool=pool, source="google", content=content)
    assert KeywordDailyCost.objects.get(pool=pool).keyword_id == keyword.pk
    lead = lead_capture(
        franchise=world.F1, data={"name": "Lea", "phone": "5145550100", "utm_term": written}, client="10.0.0.1"
    )
    assert lead.keyword_id == keyword.pk


def test_a_decomposed_accent_is_routed_to_the_composed_keyword(world, client):
    from budgets import router
    from budgets.models import Click
    from tests.budgets.helpers import fund

    pool = make_pool(world.A, keywords=("assurance hypothécaire",))
    fund(pool, world.F1, "100.00")
    router.reset()
    response = client.get(
        f"/go/{pool.slug}/?kw=%5Bassurance+hypothe%CC%81caire%5D&gclid=G-2",
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
    )
    assert response.status_code == 302
    assert Click.objects.get(pool=pool).keyword.text == "assurance hypothécaire"
