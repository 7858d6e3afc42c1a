import factory
from django.contrib.auth import get_user_model

from network.models import Brand, Franchise, Level, Location, Membership, Region


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.test")
    password = factory.django.Password("pass-word-2026")
    language = "en"


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand

    name = factory.Sequence(lambda n: f"Brand {n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    brand = factory.SubFactory(BrandFactory)
    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")


class FranchiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Franchise

    region = factory.SubFactory(RegionFactory)
    brand = factory.LazyAttribute(lambda o: o.region.brand)
    name = factory.Sequence(lambda n: f"Franchise {n}")
    slug = factory.Sequence(lambda n: f"franchise-{n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    franchise = factory.SubFactory(FranchiseFactory)
    brand = factory.LazyAttribute(lambda o: o.franchise.brand)
    region = factory.LazyAttribute(lambda o: o.franchise.region)
    name = factory.Sequence(lambda n: f"Store {n}")
    street_address = factory.Sequence(lambda n: f"{n} rue Saint-Denis")
    postal_code = "H2X 1K4"
    city = "Montréal"
    state = "QC"
    country = "CA"
    phone = "+15145550123"
    time_zone = "America/Toronto"


def grant_role(user, role, node) -> Membership:
    if isinstance(node, Brand):
        ids = {"level": Level.BRAND, "brand": node}
    elif isinstance(node, Region):
        ids = {"level": Level.REGION, "brand": node.brand, "region": node}
    else:
        ids = {"level": Level.FRANCHISE, "brand": node.brand, "region": node.region, "franchise": node}
    return Membership.objects.create(user=user, role=role, **ids)
