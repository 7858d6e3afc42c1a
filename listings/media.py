"""Who may read the stores' photos (served by franchise_platform.uploads): anyone, since the
directories (Google, Facebook, Pages Jaunes) fetch them from their address to publish them."""

from franchise_platform.uploads import Served
from listings.models import ListingPhoto


def listing_photo(request, name: str) -> Served | None:
    photo = ListingPhoto.objects.filter(image=name).only("category", "image").first()
    if photo is None:
        return None
    return Served(download_name=f"{photo.category.lower()}.{name.rsplit('.', 1)[-1]}", image=True, private=False)
