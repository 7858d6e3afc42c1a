"""Seeding the simulators with a store's data in each directory's own format."""

from django.conf import settings

from listings.directories.demo import CATEGORY_IDS, native_document

DIRECTORIES = ("google", "facebook", "pagesjaunes")
LOOKUP = {d: {name: ids[i] for name, ids in CATEGORY_IDS.items()} for i, d in enumerate(DIRECTORIES)}


def native(directory: str, payload: dict) -> dict:
    item = native_document(directory, payload, LOOKUP)
    if directory == "google":
        item["account"] = settings.DIRECTORY_GOOGLE_ACCOUNT
    return item
