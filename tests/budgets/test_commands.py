from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from budgets import router
from budgets.models import GeoTarget, KeywordDailyCost

pytestmark = pytest.mark.django_db


def test_import_costs_command_reads_a_report_and_refuses_a_bad_one(world, tmp_path):
    good = tmp_path / "report.csv"
    good.write_text(
        "Keyword report\nNovember 1, 2026 - November 1, 2026\nKeyword,Match type,Day,Currency code,Impr.,Clicks,Cost\n"
        "[alpha assurance],Exact match,2026-11-01,CAD,100,5,7.50\nTotal: Account,,,,100,5,7.50\n",
        encoding="utf-8",
    )
    call_command("import_costs", "alpha-pool", str(good))
    assert KeywordDailyCost.objects.get().cost == Decimal("7.50")
    bad = tmp_path / "bad.csv"
    bad.write_text("Keyword,Day,Impr.,Clicks,Cost\nalpha assurance,2026-13-01,1,1,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="row 2"), translation.override("en"):
        call_command("import_costs", "alpha-pool", str(bad))


def test_import_geotargets_reads_googles_format(world, tmp_path):
    path = tmp_path / "geotargets.csv"
    path.write_text(
        '"Criteria ID","Name","Canonical Name","Parent ID","Country Code","Target Type","Status"\n'
        '"1002604","Montreal","Montreal,Quebec,Canada","20123","CA","City","Active"\n'
        '"1006094","Paris","Paris,Ile-de-France,France","20321","FR","City","Active"\n',
        encoding="utf-8",
    )
    call_command("import_geotargets", str(path), countries="CA")
    assert list(GeoTarget.objects.values_list("criteria_id", flat=True)) == [1002604]
    router.reset()
    assert router.geo_searcher(1002604).city == "montreal"
