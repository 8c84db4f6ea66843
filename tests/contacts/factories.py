"""factory_boy factories for contacts: unique slugs by Sequence, both language fields set on purpose."""

import factory

from contacts.models import ContactChannel, Coverage, FieldOffice, InternationalOffice
from iceinfo.models import Status


class FieldOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOffice

    status = Status.PUBLISHED
    name_en = factory.Sequence(lambda n: f"Test Field Office {n}")
    name_es = factory.Sequence(lambda n: f"Oficina de Campo de Prueba {n}")
    slug = factory.Sequence(lambda n: f"test-office-{n}")
    office_type = FieldOffice.OfficeType.ERO
    street = "1 Test Street"
    city = "Houston"
    state = "TX"
    zip_code = "77060"
    phone = "(281) 555-0100"
    email = "test.outreach@example.gov"
    area_of_responsibility_en = "Somewhere"
    area_of_responsibility_es = "En algún lugar"
    order = factory.Sequence(lambda n: n)


class CoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coverage

    office = factory.SubFactory(FieldOfficeFactory)
    state = "TX"
    county = ""


class InternationalOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InternationalOffice

    status = Status.PUBLISHED
    name_en = factory.Sequence(lambda n: f"HSI Test Office {n}")
    name_es = factory.Sequence(lambda n: f"Oficina de HSI de prueba {n}")
    region_en = "Europe"
    region_es = "Europa"
    country_en = "Testland"
    country_es = "Tierra de Prueba"
    city_en = "Test City"
    city_es = "Ciudad de Prueba"


class ContactChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactChannel

    status = Status.PUBLISHED
    name_en = factory.Sequence(lambda n: f"Channel {n}")
    name_es = factory.Sequence(lambda n: f"Canal {n}")
    slug = factory.Sequence(lambda n: f"channel-{n}")
    description_en = "A way to reach us."
    description_es = "Una forma de contactarnos."


def bulk_offices(count, state="TX", zip_code="77060", lat=29.9335, lon=-95.3981):
    """``count`` published offices with coverage (bulk_create skips save(): coordinates given), in the list
    order of their numbers. Made once per run and starting state, then their rows are written again
    (tests/seeded.py): 2,000 offices take the ORM about 1.4 s, their rows about 0.1 s."""
    from tests.seeded import replay

    def create():
        offices = FieldOffice.objects.bulk_create(
            FieldOffice(
                name_en=f"Bulk Office {n}",
                name_es=f"Oficina masiva {n}",
                slug=f"bulk-office-{n}",
                status=Status.PUBLISHED,
                street=f"{n} Main Street",
                city="Houston",
                state=state,
                zip_code=zip_code,
                phone="(281) 555-0100",
                latitude=lat + (n % 100) / 100,
                longitude=lon + (n // 100) / 100,
                order=n,
            )
            for n in range(count)
        )
        Coverage.objects.bulk_create(Coverage(office=office, state=state) for office in offices)

    replay(f"bulk_offices {count} {state} {zip_code} {lat} {lon}", create)
    return FieldOffice.objects.filter(slug__startswith="bulk-office-").order_by("order")
