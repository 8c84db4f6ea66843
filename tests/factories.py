"""factory_boy factories: unique slugs by Sequence, both language fields set on purpose."""

import factory
from django.contrib.contenttypes.models import ContentType

from directorates.models import Directorate, Leader
from iceinfo.models import Alert, Link, LinkGroup, Page, SiteSettings, Status


class SiteSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteSettings
        django_get_or_create = ("id",)

    id = 1
    agency_name_en = "U.S. Immigration and Customs Enforcement"
    agency_name_es = "Servicio de Inmigración y Control de Aduanas de EE. UU."
    short_name = "ICE"
    tip_line_label_en = "Report crimes"
    tip_line_label_es = "Denuncie delitos"
    tip_line_display = "1-866-DHS-2-ICE"
    tip_line_tel = "+18663472423"
    address_street = "500 12th St SW"
    address_locality = "Washington, DC 20536"
    overview_heading_en = "ICE Overview"
    overview_heading_es = "Panorama general de ICE"
    overview_en = "<p>Overview in English.</p>"
    overview_es = "<p>Panorama en español.</p>"


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    status = Status.PUBLISHED
    title_en = factory.Sequence(lambda n: f"Page {n}")
    title_es = factory.Sequence(lambda n: f"Página {n}")
    slug_en = factory.Sequence(lambda n: f"page-{n}")
    slug_es = factory.Sequence(lambda n: f"pagina-{n}")
    summary_en = "A page."
    summary_es = "Una página."
    body_en = "<p>Body.</p>"
    body_es = "<p>Cuerpo.</p>"


class DirectorateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directorate

    status = Status.PUBLISHED
    name_en = factory.Sequence(lambda n: f"Directorate {n}")
    name_es = factory.Sequence(lambda n: f"Dirección {n}")
    acronym = factory.Sequence(lambda n: f"D{n}")
    slug_en = factory.Sequence(lambda n: f"directorate-{n}")
    slug_es = factory.Sequence(lambda n: f"direccion-{n}")
    kind = Directorate.Kind.DIRECTORATE
    summary_en = factory.Sequence(lambda n: f"<p>Summary {n}.</p>")
    summary_es = factory.Sequence(lambda n: f"<p>Resumen {n}.</p>")
    order = factory.Sequence(lambda n: n)


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    status = Status.PUBLISHED
    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    title_en = "Director"
    title_es = "Director"
    bio_en = "<p>Biography.</p>"
    bio_es = "<p>Biografía.</p>"
    order = factory.Sequence(lambda n: n)


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert

    status = Status.PUBLISHED
    message_en = factory.Sequence(lambda n: f"Alert {n}")
    message_es = factory.Sequence(lambda n: f"Aviso {n}")


class LinkGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LinkGroup

    title_en = factory.Sequence(lambda n: f"Group {n}")
    title_es = factory.Sequence(lambda n: f"Grupo {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    placement = LinkGroup.Placement.FOOTER
    status = Status.PUBLISHED


class LinkFactory(factory.django.DjangoModelFactory):
    """An external link by default; pass ``target=obj`` for a link to content on this site."""

    class Meta:
        model = Link

    group = factory.SubFactory(LinkGroupFactory)
    label_en = factory.Sequence(lambda n: f"Link {n}")
    label_es = factory.Sequence(lambda n: f"Enlace {n}")
    url = factory.Sequence(lambda n: f"https://example.gov/{n}")
    order = factory.Sequence(lambda n: n)
    target = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        target = kwargs.pop("target", None)
        if target is not None:
            kwargs["url"] = ""
            kwargs["content_type"] = ContentType.objects.get_for_model(target)
            kwargs["object_id"] = target.pk
        return super()._create(model_class, *args, **kwargs)
