"""Make programmes/geodata/countries.json, the land the programme maps draw, from Natural Earth.

Run once by hand, never by the site (see README.md beside this file):

    python programmes/geodata/build.py world-atlas-2.0.2.tgz

The input is the npm package world-atlas (Natural Earth's 1:10m Admin 0 countries as TopoJSON),
as the tarball `npm pack world-atlas@2.0.2` writes, or its countries-10m.json. The output keeps
the countries that reach into the area of the maps (France, the United Kingdom and their
neighbours), simplified and clipped to that area, in hundredths of a degree. Simplifying the
TopoJSON arcs (not each country's outline) keeps shared borders shared: no gaps or overlaps
between neighbours.

Standard library only: the site never imports this file.
"""

import json
import math
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "countries.json"
MEMBER = "package/countries-10m.json"

# The area kept (west, south, east, north, in degrees): wider than any map shows, so that a
# map's rectangle, curved by the projection, never reaches its edge.
AREA = (-13.5, 40.5, 15.0, 59.5)
# Douglas-Peucker tolerance, in degrees of latitude (about 2.5 km).
TOLERANCE = 0.022
# Islands smaller than this are left out (in square degrees of latitude, about 37 km²).
MIN_AREA = 0.003
PRECISION = 100  # coordinates are kept in hundredths of a degree
MID_LATITUDE = math.radians(50)

# ISO 3166-1 numeric (world-atlas's ids) to alpha-2, for the countries that can be in AREA.
ALPHA2 = {
    "020": "AD",
    "040": "AT",
    "056": "BE",
    "203": "CZ",
    "208": "DK",
    "250": "FR",
    "276": "DE",
    "372": "IE",
    "380": "IT",
    "438": "LI",
    "442": "LU",
    "492": "MC",
    "528": "NL",
    "578": "NO",
    "616": "PL",
    "620": "PT",
    "674": "SM",
    "705": "SI",
    "724": "ES",
    "752": "SE",
    "756": "CH",
    "826": "GB",
    "831": "GG",
    "832": "JE",
    "833": "IM",
    "191": "HR",
}


def read_topology(source):
    source = Path(source)
    if source.suffix in {".tgz", ".gz"}:
        with tarfile.open(source) as archive:
            return json.load(archive.extractfile(MEMBER))
    return json.loads(source.read_text(encoding="utf-8"))


def decode_arcs(topology):
    """Every arc as a list of (lon, lat): TopoJSON quantised, delta-encoded positions."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points, tolerance):
    """Douglas-Peucker, in a plane where a degree of longitude is as long as at 50°N."""
    if len(points) < 3:
        return list(points)
    scale = math.cos(MID_LATITUDE)
    flat = [(lon * scale, lat) for lon, lat in points]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = flat[first], flat[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, where = 0.0, None
        for i in range(first + 1, last):
            px, py = flat[i]
            if length:
                distance = abs(dy * (px - ax) - dx * (py - ay)) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > worst:
                worst, where = distance, i
        if where is not None and worst > tolerance:
            keep[where] = True
            stack += [(first, where), (where, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def clip(ring, area):
    """Sutherland-Hodgman: the part of a closed ring inside the rectangle ``area``."""
    west, south, east, north = area
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _at_lon(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_lon(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_lat(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_lat(a, b, north)),
    ]
    for inside, cross in edges:
        if not ring:
            break
        kept = []
        previous = ring[-1]
        for point in ring:
            if inside(point):
                if not inside(previous):
                    kept.append(cross(previous, point))
                kept.append(point)
            elif inside(previous):
                kept.append(cross(previous, point))
            previous = point
        ring = kept
    return ring


def _at_lon(a, b, lon):
    t = (lon - a[0]) / (b[0] - a[0])
    return (lon, a[1] + t * (b[1] - a[1]))


def _at_lat(a, b, lat):
    t = (lat - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), lat)


def area_of(ring):
    scale = math.cos(MID_LATITUDE)
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * scale * y2 - x2 * scale * y1
    return abs(total) / 2


def rounded(ring):
    """The ring in integer hundredths of a degree, without repeated points, flattened."""
    found = []
    for lon, lat in ring:
        point = (round(lon * PRECISION), round(lat * PRECISION))
        if not found or found[-1] != point:
            found.append(point)
    if len(found) > 1 and found[0] == found[-1]:
        found.pop()
    return [value for point in found for value in point]


def polygons_of(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def build(topology):
    arcs = [simplify(arc, TOLERANCE) for arc in decode_arcs(topology)]
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = ALPHA2.get(str(geometry.get("id", "")))
        if not code:
            continue
        rings = []
        for polygon in polygons_of(geometry):
            for ring in polygon:
                points = clip(ring_points(ring, arcs), AREA)
                if len(points) < 4 or area_of(points) < MIN_AREA:
                    continue
                flat = rounded(points)
                if len(flat) >= 8:
                    rings.append(flat)
        if rings:
            countries.append(
                {"iso": code, "name": geometry.get("properties", {}).get("name"), "rings": rings}
            )
    countries.sort(key=lambda country: country["iso"])
    return {
        "source": (
            "Natural Earth, 1:10m Cultural Vectors, Admin 0 - Countries, as TopoJSON in the "
            "npm package world-atlas 2.0.2 (countries-10m.json)"
        ),
        "licence": "Public domain (Natural Earth: https://www.naturalearthdata.com/about/terms-of-use/)",
        "made_with": "python programmes/geodata/build.py world-atlas-2.0.2.tgz",
        "area": list(AREA),
        "tolerance_degrees": TOLERANCE,
        "unit": f"1/{PRECISION} degree (longitude, latitude pairs, flattened)",
        "countries": countries,
    }


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    data = build(read_topology(argv[1]))
    OUTPUT.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    points = sum(len(ring) // 2 for country in data["countries"] for ring in country["rings"])
    print(
        f"{OUTPUT.name}: {len(data['countries'])} countries, {points} points, "
        f"{OUTPUT.stat().st_size} bytes"
    )


if __name__ == "__main__":
    main(sys.argv)
