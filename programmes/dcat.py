"""The DCAT-AP catalogue of the hub's open data, built with rdflib: one dcat:Catalog, a
dcat:Dataset per dataset (the library, the programmes, the indicators), each with its
publisher, licence, contact point and a dcat:Distribution per format, so that data.europa.eu
and data.gouv.fr can harvest it. Served as Turtle and RDF/XML (programmes.views)."""

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from . import opendata

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
IANA = "https://www.iana.org/assignments/media-types/"

DATASET_TEXT = {
    "resources": (
        _("The library: resources and workshops"),
        _(
            "Every public resource of the hub (toolkits, town-centre plans, case studies, "
            "publications, workshop records) with its programmes, themes, partners, places, "
            "languages, licence and addresses."
        ),
    ),
    "programmes": (
        _("Programmes"),
        _(
            "The programmes whose legacy the hub keeps: dates, total budget and funders, each "
            "amount in its own currency, lead partner, partners, places and themes."
        ),
    ),
    "indicators": (
        _("Programme indicators"),
        _(
            "Outputs and results of each programme, and the figures of case studies and "
            "town-centre plans: value, unit (money units are currency codes; for the unit "
            "“other”, what it counts), kind, baseline, target, period, partner, place, theme, "
            "source, the resource a figure belongs to and the programme indicator it repeats."
        ),
    ),
}
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


def _both(code_text):
    """A lazy string in English and in French, as language-tagged literals."""
    literals = []
    for code in ("en", "fr"):
        with translation.override(code):
            literals.append(Literal(str(code_text), lang=code))
    return literals


def catalogue_graph(request):
    from wagtail.models import Site

    from hub.models import SiteSettings

    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    home = _absolute(request, "/")
    catalogue = URIRef(_absolute(request, reverse("open-data-catalogue", args=["ttl"])))
    publisher = URIRef(home + "#publisher")
    site = Site.find_for_request(request) if request is not None else None
    settings_obj = SiteSettings.for_site(site) if site else None
    organisation = (settings_obj and settings_obj.organisation) or "C-CARE legacy hub"
    email = settings_obj.contact_email if settings_obj else ""

    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(organisation)))
    # Named, not a fresh blank node: the same content gives the same file (a blank node's
    # generated label changes on every request).
    contact = URIRef(home + "#contact")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(organisation)))
    if email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))

    graph.add((catalogue, RDF.type, DCAT.Catalog))
    for literal in _both(_("C-CARE legacy hub: open data")):
        graph.add((catalogue, DCTERMS.title, literal))
    for literal in _both(
        _("The library, the programmes and their indicators of the C-CARE legacy hub.")
    ):
        graph.add((catalogue, DCTERMS.description, literal))
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, FOAF.homepage, URIRef(home)))
    graph.add((catalogue, DCTERMS.license, URIRef(opendata.LICENCE_EU)))
    for code in ("ENG", "FRA"):
        graph.add((catalogue, DCTERMS.language, URIRef(EU_LANGUAGE + code)))
    # The day the content last changed (opendata.last_changed), not the day of the request.
    changed = opendata.last_changed()
    modified = []
    if changed:
        modified = [Literal(timezone.localdate(changed).isoformat(), datatype=XSD.date)]
    for day in modified:
        graph.add((catalogue, DCTERMS.modified, day))

    for name, (title, description) in DATASET_TEXT.items():
        dataset = URIRef(f"{home}data/{name}#dataset")
        graph.add((catalogue, DCAT.dataset, dataset))
        graph.add((dataset, RDF.type, DCAT.Dataset))
        graph.add((dataset, DCTERMS.identifier, Literal(name)))
        for literal in _both(title):
            graph.add((dataset, DCTERMS.title, literal))
        for literal in _both(description):
            graph.add((dataset, DCTERMS.description, literal))
        graph.add((dataset, DCTERMS.publisher, publisher))
        graph.add((dataset, DCAT.contactPoint, contact))
        graph.add((dataset, DCTERMS.license, URIRef(opendata.LICENCE_EU)))
        graph.add((dataset, DCAT.theme, URIRef(EU_THEME + "SOCI")))
        graph.add((dataset, DCAT.landingPage, URIRef(_absolute(request, "/en/open-data/"))))
        changed = opendata.last_changed(name)
        if changed:
            day = Literal(timezone.localdate(changed).isoformat(), datatype=XSD.date)
            graph.add((dataset, DCTERMS.modified, day))
        for keyword in ("C-CARE", "Interreg", "social inclusion", "insertion"):
            graph.add((dataset, DCAT.keyword, Literal(keyword)))
        for extension, (_type, format_code) in opendata.FORMATS.items():
            url = URIRef(_absolute(request, reverse("open-data", args=[name, extension])))
            distribution = URIRef(f"{url}#distribution")
            graph.add((dataset, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add((distribution, DCTERMS.title, Literal(f"{name}.{extension}")))
            graph.add((distribution, DCAT.accessURL, url))
            graph.add((distribution, DCAT.downloadURL, url))
            graph.add((distribution, DCTERMS["format"], URIRef(EU_FILE_TYPE + format_code)))
            graph.add((distribution, DCAT.mediaType, URIRef(IANA + MEDIA_TYPES[extension])))
            graph.add((distribution, DCTERMS.license, URIRef(opendata.LICENCE_EU)))
    return graph


def datasets_for_page():
    """(name, title, description, [(extension, address)]) of each dataset, for the page."""
    return [
        (
            name,
            title,
            description,
            [(ext, reverse("open-data", args=[name, ext])) for ext in opendata.FORMATS],
        )
        for name, (title, description) in DATASET_TEXT.items()
    ]
