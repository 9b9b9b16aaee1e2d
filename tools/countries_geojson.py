"""Write dyad's offline basemap, ``src/dyad/static/map/countries.geojson``, once.

The outlines are Natural Earth's 1:110m "Admin 0 - Countries" (public domain), as geopandas
0.14.4 ships them (``geopandas/datasets/naturalearth_lowres``; the wheel is BSD-3, the data
public domain). Run it by hand when the basemap should change; nothing reads it at run time::

    pip download --no-deps geopandas==0.14.4 -d /tmp/ne
    python tools/countries_geojson.py /tmp/ne/geopandas-0.14.4-py3-none-any.whl

Coordinates are rounded to 0.1 degree and consecutive repeats dropped; rings left with fewer
than four points (islands smaller than the rounding) are dropped.
"""

from __future__ import annotations

import itertools
import json
import struct
import sys
import zipfile
from pathlib import Path

_MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
_OUT = Path(__file__).resolve().parents[1] / "src/dyad/static/map/countries.geojson"


def _records(dbf: bytes) -> list[dict[str, str]]:
    """The rows of a dBASE III table, every value as stripped text."""
    count, header, size = struct.unpack("<xxxxIHH", dbf[:12])
    fields = []
    for at in range(32, header - 1, 32):
        name = dbf[at : at + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, dbf[at + 16]))
    rows = []
    for i in range(count):
        at = header + i * size + 1  # skip the deletion flag
        row = {}
        for name, width in fields:
            row[name] = dbf[at : at + width].decode("utf-8", "replace").strip()
            at += width
        rows.append(row)
    return rows


def _polygons(shp: bytes) -> list[list[list[tuple[float, float]]]]:
    """The rings of each polygon record of a shapefile (type 5), in file order."""
    out, at = [], 100
    while at < len(shp):
        (length,) = struct.unpack(">4xi", shp[at : at + 8])
        body = shp[at + 8 : at + 8 + 2 * length]
        at += 8 + 2 * length
        kind, parts, points = struct.unpack("<i32xii", body[:44])
        if kind != 5:
            raise ValueError(f"shape type {kind}, expected 5 (polygon)")
        starts = [*list(struct.unpack(f"<{parts}i", body[44 : 44 + 4 * parts])), points]
        xy = struct.unpack(f"<{2 * points}d", body[44 + 4 * parts : 44 + 4 * parts + 16 * points])
        pairs = list(zip(xy[0::2], xy[1::2], strict=True))
        out.append([pairs[a:b] for a, b in itertools.pairwise(starts)])
    return out


def _rounded(ring: list[tuple[float, float]]) -> list[list[float]]:
    kept: list[list[float]] = []
    for x, y in ring:
        point = [round(x, 1), round(y, 1)]
        if not kept or kept[-1] != point:
            kept.append(point)
    return kept if len(kept) >= 4 else []


def _clockwise(ring: list[list[float]]) -> bool:
    """Shapefiles list a polygon's outer rings clockwise and its holes anticlockwise."""
    pairs = itertools.pairwise(ring)
    return sum((x1 - x0) * (y1 + y0) for (x0, y0), (x1, y1) in pairs) > 0


def _multipolygon(rings: list[list[list[float]]]) -> list[list[list[list[float]]]]:
    """GeoJSON polygons: each outer ring followed by the holes that come after it."""
    polygons: list[list[list[list[float]]]] = []
    for ring in rings:
        if _clockwise(ring) or not polygons:
            polygons.append([ring[::-1]])  # GeoJSON (RFC 7946): outer rings anticlockwise
        else:
            polygons[-1].append(ring[::-1])
    return polygons


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        rows = _records(archive.read(_MEMBER + ".dbf"))
        shapes = _polygons(archive.read(_MEMBER + ".shp"))
    features = []
    for row, rings in zip(rows, shapes, strict=True):
        kept = [r for r in (_rounded(ring) for ring in rings) if r]
        if not kept:
            continue
        features.append({
            "type": "Feature",
            "properties": {"name": row["name"], "iso_a3": row["iso_a3"]},
            "geometry": {"type": "MultiPolygon", "coordinates": _multipolygon(kept)},
        })  # fmt: skip
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m Admin 0 - Countries (public domain), via geopandas 0.14.4",
        "features": features,
    }
    _OUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(features)} countries -> {_OUT} ({_OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
