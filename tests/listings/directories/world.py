"""Directory objects of the authorization world: a link, a review and a duplicate for stores
L1 (region A1), L2 (region A2) and M1 (brand B)."""

import datetime

from listings.models import DirectoryCategory, DirectoryLink, DuplicateCandidate, Review


def add_directory_objects(w) -> None:
    written = datetime.datetime(2026, 11, 1, 10, tzinfo=datetime.UTC)
    for name in ("L1", "L2", "M1"):
        location = getattr(w, name)
        setattr(
            w,
            f"link_{name}",
            DirectoryLink.objects.update_or_create(
                location=location, directory="google", defaults={"external_id": f"g-{name}"}
            )[0],
        )
        setattr(
            w,
            f"review_{name}",
            Review.objects.create(
                location=location,
                directory="google",
                external_review_id=f"r-{name}",
                author="Julie",
                rating=4,
                created_at=written,
            ),
        )
        setattr(
            w,
            f"dup_{name}",
            DuplicateCandidate.objects.create(
                location=location,
                directory="google",
                external_id=f"d-{name}",
                score="0.850",
                payload={"name": "Doublon"},
            ),
        )
    w.category_A = DirectoryCategory.objects.create(
        brand=w.A, name="Agence d'assurance", google_id="categories/gcid:insurance_agency"
    )
    w.category_B = DirectoryCategory.objects.create(brand=w.B, name="Boulangerie", google_id="categories/gcid:bakery")
