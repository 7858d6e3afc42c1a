"""The category lookup: a franchisor admin maps the brand's categories to each directory's ids;
listings are written with them, and a missing id is a clear, translated error."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from listings.directories.categories import category_lookup, category_save
from listings.models import DirectoryCategory, ItemStatus, Listing, SyncItem
from listings.services import listing_update

pytestmark = pytest.mark.django_db


def test_a_franchisor_admin_maps_a_category_and_the_google_id_is_completed(world):
    category = category_save(
        user=world.users["franchisor"],
        brand=world.A,
        name=" Courtier ",
        google_id="gcid:insurance_broker",
        facebook_id="2248",
    )
    assert (category.name, category.google_id, category.facebook_id) == (
        "Courtier",
        "categories/gcid:insurance_broker",
        "2248",
    )
    assert category_lookup(world.A.pk)["google"]["Courtier"] == "categories/gcid:insurance_broker"


def test_bad_ids_are_refused_field_by_field(world):
    with pytest.raises(ValidationError) as error:
        category_save(user=world.users["franchisor"], brand=world.A, name="X", google_id="Insurance", facebook_id="abc")
    assert set(error.value.message_dict) == {"google_id", "facebook_id"}


def test_only_the_brands_franchisor_admin_edits_its_lookup(world):
    with pytest.raises(PermissionDenied):
        category_save(user=world.users["listings"], brand=world.A, name="Courtier")
    with pytest.raises(PermissionDenied):
        category_save(user=world.users["franchisor"], brand=world.B, name="Pain")
    assert category_save(user=world.users["beta_admin"], brand=world.B, name="Pain").brand == world.B


def test_the_lookup_page_speaks_french_and_is_for_admins_only(world):
    world.users["franchisor"].language = "fr"
    world.users["franchisor"].save()
    client = Client()
    client.force_login(world.users["franchisor"])
    page = client.get("/listings/categories/")
    assert page.status_code == 200 and "Catégories d'annuaire" in page.content.decode()
    saved = client.post(
        "/listings/categories/",
        {
            "brand": world.A.pk,
            "name": "Assurance auto",
            "google_id": "gcid:auto_insurance_agency",
            "facebook_id": "2249",
        },
    )
    assert saved.status_code == 302
    assert DirectoryCategory.objects.get(brand=world.A, name="Assurance auto").facebook_id == "2249"
    refused = client.post("/listings/categories/", {"brand": world.A.pk, "name": "Auto", "facebook_id": "deux"})
    assert refused.status_code == 200 and "que des chiffres" in refused.content.decode()
    other = Client()
    other.force_login(world.users["listings"])
    assert other.get("/listings/categories/").status_code == 404


def test_a_category_without_an_id_rolls_the_change_back_with_a_message_in_french(
    world, linked, django_capture_on_commit_callbacks
):
    linked(world.L1)
    with django_capture_on_commit_callbacks(execute=True):
        revision = listing_update(
            location=world.L1, user=world.users["listings"], data={"categories": ["Assurance vélo"]}
        )
    item = SyncItem.objects.get(revision=revision)
    assert item.status == ItemStatus.ROLLED_BACK
    assert {p["code"] for p in item.problems} == {"category_not_mapped"}
    listing = Listing.objects.get(location=world.L1)
    with translation.override("fr"):
        texts = listing.sync_problem_texts
    assert (
        "La catégorie « Assurance vélo » n'a pas d'identifiant Google. "
        "Ajoutez-le dans les catégories d'annuaire, puis réessayez."
    ) in texts
    with translation.override("en"):
        assert "The category “Assurance vélo” has no Google id." in " ".join(listing.sync_problem_texts)


def test_a_directory_problem_reads_in_the_readers_language_not_the_writers(
    world, linked, sim, django_capture_on_commit_callbacks
):
    """Stored as a code: a French reader reads French whoever ran the sync."""
    linked(world.L1)
    sim.fail("facebook", "POST", "error", times=20)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        revision = listing_update(location=world.L1, user=world.users["listings"], data={"phone": "+15145550199"})
    item = SyncItem.objects.get(revision=revision)
    assert item.status == ItemStatus.ROLLED_BACK
    with translation.override("fr"):
        assert item.problem_texts == ["Facebook est momentanément indisponible. Réessayez dans quelques minutes."]
        assert item.reason_text == "Un annuaire a refusé la modification : chaque annuaire a été remis comme avant."
    world.users["listings"].language = "fr"
    world.users["listings"].save()
    client = Client()
    client.force_login(world.users["listings"])
    page = client.get(f"/listings/batches/{item.batch_id}/")
    assert "Facebook est momentanément indisponible" in page.content.decode()
