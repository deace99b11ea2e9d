"""Maps of partners and places, drawn on the server as SVG: no tiles, no script, no request
elsewhere (the Content-Security-Policy stays as it is).

The land is Natural Earth's (public domain), reduced once by ``programmes/geodata/build.py`` to
``programmes/geodata/countries.json``; this module only reads that file. It projects it with a
Lambert conformal conic projection centred on the Channel (standard parallels 46°N and 56°N,
the Greenwich meridian), in kilometres, so France and the United Kingdom keep their shapes.

A map frames its markers (never less than ``MIN_SPAN`` km across, so a single point still shows
its coast), numbers them (circles for partners, squares for regions), spreads the ones that
would overlap around their point with a leader line, and shades the countries it is given. Like
the charts (programmes.charts), the SVG has a title and a description, and the template shows
the same markers as a table.
"""

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.html import format_html, format_html_join

GEODATA = Path(__file__).resolve().parent / "geodata" / "countries.json"

RADIUS = 6371.0  # km
PARALLELS = (46.0, 56.0)
ORIGIN = (0.0, 50.0)  # longitude, latitude of the projection's origin
# The rectangle (km) a map may show: inside the area the geodata covers once projected.
LIMIT = (-760.0, -1010.0, 840.0, 950.0)  # x_min, y_min, x_max, y_max (y grows southwards)
MIN_SPAN = 720.0
# Width over height kept between these, so a map is never a thin strip on a phone.
ASPECT = (0.8, 1.3)
# A marker's radius, as a share of the map's width.
MARKER = 0.032


@dataclass
class Marker:
    number: int
    kind: str  # "partner" or "place"
    label: str
    latitude: float
    longitude: float
    # Where it is drawn (km), which may differ from where it is when markers are spread.
    x: float = 0.0
    y: float = 0.0
    anchor: tuple = ()


@dataclass
class Map:
    slug: str
    title: str
    description: str
    markers: list = field(default_factory=list)
    shaded: frozenset = frozenset()  # ISO 3166-1 alpha-2 codes of the countries shaded

    @property
    def svg(self):
        return draw(self)


def _cone():
    south, north = (math.radians(p) for p in PARALLELS)
    n = math.log(math.cos(south) / math.cos(north)) / math.log(
        math.tan(math.pi / 4 + north / 2) / math.tan(math.pi / 4 + south / 2)
    )
    f = math.cos(south) * math.tan(math.pi / 4 + south / 2) ** n / n
    return n, f, RADIUS * f / math.tan(math.pi / 4 + math.radians(ORIGIN[1]) / 2) ** n


CONE_N, CONE_F, RHO_0 = _cone()


def project(longitude, latitude):
    """(x, y) in km from the origin, y growing southwards as SVG's does."""
    rho = RADIUS * CONE_F / math.tan(math.pi / 4 + math.radians(latitude) / 2) ** CONE_N
    theta = CONE_N * math.radians(longitude - ORIGIN[0])
    return rho * math.sin(theta), rho * math.cos(theta) - RHO_0


def covers(latitude, longitude):
    """Whether a point is inside the area a map may show (LIMIT)."""
    x, y = project(float(longitude), float(latitude))
    return LIMIT[0] <= x <= LIMIT[2] and LIMIT[1] <= y <= LIMIT[3]


@functools.cache
def geodata():
    return json.loads(GEODATA.read_text(encoding="utf-8"))


@functools.cache
def land():
    """{ISO code: SVG path data} of every country in the geodata, projected once a process."""
    precision = 100
    paths = {}
    for country in geodata()["countries"]:
        parts = []
        for ring in country["rings"]:
            points = [
                project(ring[i] / precision, ring[i + 1] / precision)
                for i in range(0, len(ring), 2)
            ]
            parts.append(_ring_path([(round(x), round(y)) for x, y in points]))
        paths[country["iso"]] = "".join(parts)
    return paths


@functools.lru_cache(maxsize=32)
def land_markup(shaded):
    """The countries as SVG paths, the ``shaded`` ones marked (kept: the same for every map)."""
    return format_html_join(
        "",
        '<path d="{}" class="{}"></path>',
        (
            (path, "map__land map__land--shaded" if iso in shaded else "map__land")
            for iso, path in land().items()
        ),
    )


def _ring_path(points):
    """A closed ring as short path data: the first point, then relative steps (whole km)."""
    steps = []
    (x0, y0), previous = points[0], points[0]
    for point in points[1:]:
        dx, dy = point[0] - previous[0], point[1] - previous[1]
        if dx or dy:
            steps.append(f"{dx} {dy}")
            previous = point
    return f"M{x0} {y0}l{' '.join(steps)}z"


def frame(points):
    """The rectangle (x_min, y_min, x_max, y_max) that shows ``points`` with room around them."""
    if not points:
        return LIMIT
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x_min, x_max, y_min, y_max = min(xs), max(xs), min(ys), max(ys)
    pad = max(70.0, 0.15 * max(x_max - x_min, y_max - y_min))
    x_min, x_max, y_min, y_max = x_min - pad, x_max + pad, y_min - pad, y_max + pad
    width, height = max(x_max - x_min, MIN_SPAN), max(y_max - y_min, MIN_SPAN)
    width = max(width, height * ASPECT[0])
    height = max(height, width / ASPECT[1])
    cx, cy = (x_min + x_max) / 2, (y_min + y_max) / 2
    return _inside_limit(cx - width / 2, cy - height / 2, width, height)


def _inside_limit(x, y, width, height):
    lx_min, ly_min, lx_max, ly_max = LIMIT
    width, height = min(width, lx_max - lx_min), min(height, ly_max - ly_min)
    x = min(max(x, lx_min), lx_max - width)
    y = min(max(y, ly_min), ly_max - height)
    return (x, y, x + width, y + height)


def place_markers(markers, radius):
    """Project the markers, then push apart those that would overlap (a few rounds at most),
    so each is drawn near where it is, with a leader line back to it when it moved."""
    for marker in markers:
        marker.anchor = project(marker.longitude, marker.latitude)
        marker.x, marker.y = marker.anchor
    # Room for the markers to grow by a fifth on a phone (programmes.css) without touching.
    gap = 2.5 * radius
    for _round in range(40):
        moved = False
        for i, a in enumerate(markers):
            for b in markers[i + 1 :]:
                dx, dy = b.x - a.x, b.y - a.y
                distance = math.hypot(dx, dy)
                if distance >= gap:
                    continue
                if distance < 1e-6:  # the same point: side by side, in their order
                    dx, dy, distance = 1.0, 0.0, 1.0
                push = (gap - distance) / 2 + 0.01
                a.x, a.y = a.x - dx / distance * push, a.y - dy / distance * push
                b.x, b.y = b.x + dx / distance * push, b.y + dy / distance * push
                moved = True
        if not moved:
            break
    return markers


def displaced(marker, radius):
    return math.dist((marker.x, marker.y), marker.anchor) > radius / 2


def _scale_bar(view, radius):
    """A round distance about a fifth of the map's width, drawn bottom left."""
    x_min, _y_min, x_max, y_max = view
    wanted = (x_max - x_min) / 5
    km = max(s for s in (50, 100, 200, 250, 500, 1000) if s <= max(wanted, 50))
    x, y = x_min + radius, y_max - radius
    return km, x, y


def _n(value, digits=0):
    """A coordinate as SVG text (format_html escapes its arguments to text first)."""
    return f"{value:.{digits}f}"


def draw(figure):
    """The map as an inline <svg> element (safe markup)."""
    located = [m for m in figure.markers if m.latitude is not None and m.longitude is not None]
    view = frame([project(m.longitude, m.latitude) for m in located])
    radius = MARKER * (view[2] - view[0])
    place_markers(located, radius)
    if located:
        # Spread markers stay on the map: widen it around them if they reach its edge.
        margin = 1.4 * radius
        xs = [m.x for m in located] + [view[0] + margin, view[2] - margin]
        ys = [m.y for m in located] + [view[1] + margin, view[3] - margin]
        x_min, y_min = min(xs) - margin, min(ys) - margin
        view = _inside_limit(x_min, y_min, max(xs) + margin - x_min, max(ys) + margin - y_min)
    x_min, y_min, x_max, y_max = view
    countries = land_markup(frozenset(figure.shaded))
    leaders = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="map__leader"></line>'
        '<circle cx="{}" cy="{}" r="{}" class="map__spot"></circle>',
        (
            (
                *(_n(v) for v in (*m.anchor, m.x, m.y, *m.anchor)),
                _n(radius / 4, 1),
            )
            for m in located
            if displaced(m, radius)
        ),
    )
    marks = format_html_join("", "{}", ((_marker(m, radius),) for m in located))
    km, bar_x, bar_y = _scale_bar(view, radius)
    scale = format_html(
        '<g class="map__scale"><line x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        '<text x="{}" y="{}" font-size="{}">{}</text></g>',
        *(_n(v) for v in (bar_x, bar_y, bar_x + km, bar_y, bar_x, bar_y - radius * 0.5)),
        _n(radius * 1.1, 1),
        f"{km}\u00a0km",
    )
    box = [_n(v) for v in (x_min, y_min, x_max - x_min, y_max - y_min)]
    return format_html(
        '<svg class="map" viewBox="{}" role="img" aria-labelledby="{}-title {}-desc" '
        'focusable="false"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<rect x="{}" y="{}" width="{}" height="{}" class="map__sea"></rect>'
        '<g fill-rule="evenodd">{}</g>{}{}{}</svg>',
        " ".join(box),
        figure.slug,
        figure.slug,
        figure.slug,
        figure.title,
        figure.slug,
        figure.description,
        *box,
        countries,
        leaders,
        marks,
        scale,
    )


def _marker(marker, radius):
    """A numbered circle (a partner) or square (a place), its name as a tooltip."""
    if marker.kind == "partner":
        shape = format_html(
            '<circle cx="{}" cy="{}" r="{}"></circle>',
            _n(marker.x),
            _n(marker.y),
            _n(radius, 1),
        )
    else:
        side = radius * 1.75
        shape = format_html(
            '<rect x="{}" y="{}" width="{}" height="{}"></rect>',
            _n(marker.x - side / 2),
            _n(marker.y - side / 2),
            _n(side, 1),
            _n(side, 1),
        )
    return format_html(
        '<g class="map__marker map__marker--{}" stroke-width="{}"><title>{}</title>{}'
        '<text x="{}" y="{}" font-size="{}">{}</text></g>',
        marker.kind,
        _n(radius / 6, 1),
        f"{marker.number}. {marker.label}",
        shape,
        _n(marker.x),
        _n(marker.y),
        _n(radius * (1.15 if marker.number < 10 else 0.95), 1),
        marker.number,
    )
