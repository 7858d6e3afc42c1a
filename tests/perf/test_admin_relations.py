"""The Django admin never renders a <select> of a whole table: every relation on an editable
admin form is a raw id or an autocomplete (the Lead page listed every click: 1.18 MB)."""

import uuid
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.db import models

# Tables that stay small whatever the network's size: a <select> of them is fine.
SMALL = {"network.Brand", "network.Region", "auth.Group", "auth.Permission", "budgets.Pool", "budgets.PoolPeriod"}
SMALL |= {"forum.Category", "forum.FaqTopic", "budgets.ContributionPeriod"}
FIRST_PARTY = ("accounts", "network", "budgets", "listings", "reporting", "forum", "messaging", "outbox", "privacy")


def _editable_relations(model_admin):
    model = model_admin.model
    excluded = set(model_admin.get_readonly_fields(None)) | set(model_admin.exclude or ())
    for field in model._meta.get_fields():
        relation = isinstance(field, models.ForeignKey | models.ManyToManyField | models.OneToOneField)
        if not relation or not field.editable or field.auto_created or field.name in excluded:
            continue
        if field.related_model._meta.label not in SMALL:
            yield field.name


def _cases():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in FIRST_PARTY:
            yield pytest.param(model_admin, id=model._meta.label)


@pytest.mark.parametrize("model_admin", list(_cases()))
def test_relations_are_raw_ids_or_autocompletes(model_admin):
    superuser = SimpleNamespace(is_active=True, is_superuser=True, has_perm=lambda *args: True)
    if not model_admin.has_change_permission(SimpleNamespace(user=superuser)):
        return  # a read-only admin (the ledger, the clicks) renders no form
    light = set(model_admin.raw_id_fields) | set(model_admin.autocomplete_fields)
    heavy = [name for name in _editable_relations(model_admin) if name not in light]
    assert not heavy, f"{model_admin.model._meta.label}: {heavy} would render a <select> of the whole table"


@pytest.mark.django_db
def test_the_lead_admin_page_stays_small_with_many_clicks(admin_client, world):
    from budgets.models import Click

    pool = world.poolA
    Click.objects.bulk_create(
        Click(
            pool=pool, franchise=world.F1, keyword_text="x", token=uuid.uuid4().hex, created_at=world.lead_F1.created_at
        )
        for n in range(2000)
    )
    response = admin_client.get(f"/admin/budgets/lead/{world.lead_F1.pk}/change/")
    assert response.status_code == 200
    assert len(response.content) < 60_000
