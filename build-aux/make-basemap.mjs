#!/usr/bin/env node
// make-basemap.mjs — turn Natural Earth (world-atlas TopoJSON) into data/basemap.bin
//
// Run once when the basemap data changes; the output is committed:
//
//   npm install --prefix SCRATCH world-atlas@2.0.2 i18n-iso-countries@7.14.0
//   node build-aux/make-basemap.mjs SCRATCH/node_modules data/basemap.bin
//
// Natural Earth is in the public domain; world-atlas 2.0.2 carries its 4.1.0
// "admin 0 countries" at 1:110m and 1:50m scale.
//
// Why this shape: the app draws raster tiles in Web Mercator, so all the
// projection work is done here and the reader only scales integers. The
// TopoJSON topology is kept: each shared line (an "arc") is stored once and
// country rings refer to arcs, so a land border is one stroke and a coastline
// (an arc used by a single country) can be styled differently.
//
// Format, all integers little-endian:
//
//   char[8]  magic "DIPLOBM1"
//   u32      world_size W: Web Mercator units across the world (2^24);
//            x = 0 is 180°W, x = W is 180°E, y = 0 is 85.0511°N,
//            y = W is 85.0511°S (latitudes beyond are clamped)
//   u32      n_levels, then n_levels levels, ascending min_zoom, the first 0:
//
//   level:
//     u32    min_zoom: the level is drawn from this zoom up to the next level's
//     u32    n_arcs, then n_arcs arcs:
//       u32  n_points (>= 1)
//       u32  kind: 0 coastline, 1 land border, 2 edge of the map (a cut along
//            the antimeridian or the clamped pole line: filled, never stroked)
//       i32  x, i32 y, n_points times. An arc's longitudes are unwrapped
//            (continuous), so x may leave [0, W] by up to one world.
//     u32    n_countries, then n_countries countries:
//       u8   alpha2[2]: ISO 3166-1 alpha-2 code, or two zero bytes when the
//            area has none (Somaliland, N. Cyprus, Siachen Glacier)
//       u16  numeric ISO 3166-1 code, 0 when none
//       u32  n_rings, then n_rings rings:
//         u32 n_refs, then n_refs refs:
//           i32 arc: an arc index, or ~index (-1 - index) for the arc reversed
//           i32 shift: add shift × W to the arc's x to join the ring
//
// A ring's refs, joined end to start (each next arc starts where the previous
// ended, so its first point is dropped), make one closed ring in which x is
// continuous. Rings are filled with the even-odd rule per country: holes need
// no flag. Rings that cross the antimeridian reach past x = W and are drawn
// once more shifted by -W. A ring around the pole (Antarctica) ends one world
// away from its start; it is closed along the pole line by an edge arc.

import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const WORLD = 1 << 24;
const MAX_LATITUDE = 85.0511287798066;
const LEVELS = [
  { resolution: '110m', minZoom: 0 },
  { resolution: '50m', minZoom: 3 },
];
const KIND_COAST = 0;
const KIND_BORDER = 1;
const KIND_EDGE = 2;

// Areas world-atlas leaves without a numeric id. Kosovo uses the code that
// the EU and CLDR use; the rest have no ISO code and are drawn, not tinted.
const ALPHA2_BY_NAME = {
  'Kosovo': 'XK',
};

function usage () {
  console.error('usage: make-basemap.mjs NODE_MODULES_DIR OUTPUT');
  process.exit(2);
}

function projectX (lon) {
  return Math.round((lon + 180) / 360 * WORLD);
}

function projectY (lat) {
  const phi = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat)) * Math.PI / 180;
  const y = (1 - Math.asinh(Math.tan(phi)) / Math.PI) / 2;
  return Math.max(0, Math.min(WORLD, Math.round(y * WORLD)));
}

// TopoJSON arcs are delta-encoded in a quantized grid.
function decodeArc (arc, transform) {
  const [sx, sy] = transform.scale;
  const [tx, ty] = transform.translate;
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [x * sx + tx, y * sy + ty];
  });
}

// Longitudes follow the line without jumping at ±180°, so a coast that
// crosses the antimeridian (Chukotka, Fiji) stays one continuous line.
function unwrapLongitudes (points) {
  const out = [];
  let previous = null;
  for (const [lon, lat] of points) {
    let unwrapped = lon;
    if (previous !== null) {
      while (unwrapped - previous > 180) unwrapped -= 360;
      while (previous - unwrapped > 180) unwrapped += 360;
    }
    out.push([unwrapped, lat]);
    previous = unwrapped;
  }
  return out;
}

function projectArc (points) {
  const projected = [];
  for (const [lon, lat] of unwrapLongitudes(points)) {
    const p = [projectX(lon), projectY(lat)];
    const last = projected[projected.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1])
      projected.push(p);
  }
  return projected;
}

function mod (a, n) {
  return ((a % n) + n) % n;
}

function isMapEdge ([x0, y0], [x1, y1]) {
  const onMeridian = x0 === x1 && mod(x0, WORLD) === 0;
  const onPoleLine = y0 === y1 && (y0 === 0 || y0 === WORLD);
  return onMeridian || onPoleLine;
}

// Splits an arc where it runs along the map edge, so that those runs are
// filled but never stroked as if they were a coast.
function splitAtMapEdges (points) {
  if (points.length < 2)
    return [{ points, edge: false }];

  const runs = [];
  let current = null;
  for (let i = 1; i < points.length; i++) {
    const edge = isMapEdge(points[i - 1], points[i]);
    if (!current || current.edge !== edge) {
      current = { points: [points[i - 1]], edge };
      runs.push(current);
    }
    current.points.push(points[i]);
  }
  return runs;
}

function forEachRing (geometry, callback) {
  if (geometry.type === 'Polygon')
    geometry.arcs.forEach(callback);
  else if (geometry.type === 'MultiPolygon')
    geometry.arcs.forEach((polygon) => polygon.forEach(callback));
  else if (geometry.type !== null && geometry.type !== undefined)
    throw new Error(`unexpected geometry type ${geometry.type}`);
}

function arcIndex (ref) {
  return ref < 0 ? ~ref : ref;
}

function countArcUses (geometries) {
  const uses = new Map();
  for (const geometry of geometries)
    forEachRing(geometry, (ring) => {
      for (const ref of ring)
        uses.set(arcIndex(ref), (uses.get(arcIndex(ref)) ?? 0) + 1);
    });
  return uses;
}

// Returns the level's arcs and, for each TopoJSON arc, the indices of the
// stored arcs it became.
function buildArcs (topology, uses) {
  const arcs = [];
  const pieces = new Map();
  for (const [index, count] of uses) {
    const projected = projectArc(decodeArc(topology.arcs[index], topology.transform));
    const kind = count > 1 ? KIND_BORDER : KIND_COAST;
    pieces.set(index, splitAtMapEdges(projected).map((run) => {
      arcs.push({ points: run.points, kind: run.edge ? KIND_EDGE : kind });
      return arcs.length - 1;
    }));
  }
  return { arcs, pieces };
}

function expandRef (ref, pieces) {
  const stored = pieces.get(arcIndex(ref));
  if (ref >= 0)
    return stored.slice();
  return stored.slice().reverse().map((index) => ~index);
}

function refEnds (ref, arcs) {
  const points = arcs[arcIndex(ref)].points;
  return ref >= 0
    ? [points[0], points[points.length - 1]]
    : [points[points.length - 1], points[0]];
}

// Gives every ref the multiple of W that makes it start where the previous
// one ended, then moves the whole ring so that it starts inside the world.
function joinRing (topoRing, pieces, arcs) {
  const refs = topoRing.flatMap((ref) => expandRef(ref, pieces));
  const joined = [];
  let end = null;
  for (const arc of refs) {
    const [first, last] = refEnds(arc, arcs);
    let shift = 0;
    if (end !== null) {
      const dx = end[0] - first[0];
      if (mod(dx, WORLD) !== 0 || end[1] !== first[1])
        throw new Error(`ring does not join at arc ${arc}`);
      shift = dx / WORLD;
    }
    joined.push({ arc, shift });
    end = [last[0] + shift * WORLD, last[1]];
  }

  let minX = Infinity;
  for (const { arc, shift } of joined)
    for (const [x] of arcs[arcIndex(arc)].points)
      minX = Math.min(minX, x + shift * WORLD);
  const offset = -Math.floor(minX / WORLD);
  for (const ref of joined)
    ref.shift += offset;

  closeAroundPole(joined, arcs);
  return joined;
}

// A ring around a pole (Antarctica) comes back one world to the side of
// where it started. It is closed through the pole line with an edge arc, so
// that the land between the coast and the bottom of the map is filled.
function closeAroundPole (joined, arcs) {
  const [start] = refEnds(joined[0].arc, arcs);
  const lastRef = joined[joined.length - 1];
  const [, end] = refEnds(lastRef.arc, arcs);
  const startX = start[0] + joined[0].shift * WORLD;
  const endX = end[0] + lastRef.shift * WORLD;
  if (startX === endX && start[1] === end[1])
    return;
  if (Math.abs(endX - startX) !== WORLD || start[1] !== end[1])
    throw new Error(`ring is not closed (${startX},${start[1]} → ${endX},${end[1]})`);

  const pole = start[1] > WORLD / 2 ? WORLD : 0;
  const points = [[endX, end[1]], [endX, pole], [startX, pole], [startX, start[1]]]
    .filter(([x, y], i, all) => i === 0 || x !== all[i - 1][0] || y !== all[i - 1][1]);
  arcs.push({ points, kind: KIND_EDGE });
  joined.push({ arc: arcs.length - 1, shift: 0 });
}

function alpha2For (geometry, countries) {
  if (geometry.id !== undefined) {
    const code = countries.numericToAlpha2(geometry.id);
    if (!code)
      throw new Error(`no alpha-2 code for ${geometry.id} ${geometry.properties.name}`);
    return code;
  }
  return ALPHA2_BY_NAME[geometry.properties.name] ?? '';
}

// world-atlas merges Christmas Island and the Cocos (Keeling) Islands into
// one unnamed "Indian Ocean Ter."; they are two ISO countries.
function splitIndianOceanTerritories (geometry, topology) {
  if (geometry.properties.name !== 'Indian Ocean Ter.' || geometry.type !== 'MultiPolygon')
    return [geometry];

  const byCode = { CX: [], CC: [] };
  for (const polygon of geometry.arcs) {
    const [lon] = decodeArc(topology.arcs[arcIndex(polygon[0][0])], topology.transform)[0];
    byCode[lon > 100 ? 'CX' : 'CC'].push(polygon);
  }
  return [
    { type: 'MultiPolygon', id: '162', arcs: byCode.CX, properties: { name: 'Christmas I.' } },
    { type: 'MultiPolygon', id: '166', arcs: byCode.CC, properties: { name: 'Cocos Is.' } },
  ];
}

function buildLevel (topology, minZoom, countries) {
  const geometries = topology.objects.countries.geometries
    .flatMap((geometry) => splitIndianOceanTerritories(geometry, topology));
  const { arcs, pieces } = buildArcs(topology, countArcUses(geometries));
  const records = geometries.map((geometry) => {
    const rings = [];
    forEachRing(geometry, (ring) => rings.push(joinRing(ring, pieces, arcs)));
    return {
      name: geometry.properties.name,
      alpha2: alpha2For(geometry, countries),
      numeric: geometry.id !== undefined ? Number(geometry.id) : 0,
      rings,
    };
  });
  return { minZoom, arcs, countries: records };
}

class Writer {
  constructor () {
    this.chunks = [];
  }

  u32 (value) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    this.chunks.push(b);
  }

  i32 (value) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(value);
    this.chunks.push(b);
  }

  u16 (value) {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(value);
    this.chunks.push(b);
  }

  bytes (buffer) {
    this.chunks.push(buffer);
  }

  toBuffer () {
    return Buffer.concat(this.chunks);
  }
}

function writeLevel (w, level) {
  w.u32(level.minZoom);
  w.u32(level.arcs.length);
  for (const arc of level.arcs) {
    w.u32(arc.points.length);
    w.u32(arc.kind);
    const b = Buffer.alloc(arc.points.length * 8);
    arc.points.forEach(([x, y], i) => {
      b.writeInt32LE(x, i * 8);
      b.writeInt32LE(y, i * 8 + 4);
    });
    w.bytes(b);
  }
  w.u32(level.countries.length);
  for (const country of level.countries) {
    const code = Buffer.alloc(2);
    code.write(country.alpha2, 'ascii');
    w.bytes(code);
    w.u16(country.numeric);
    w.u32(country.rings.length);
    for (const ring of country.rings) {
      w.u32(ring.length);
      for (const { arc, shift } of ring) {
        w.i32(arc);
        w.i32(shift);
      }
    }
  }
}

function describe (level, resolution) {
  const points = level.arcs.reduce((sum, arc) => sum + arc.points.length, 0);
  const uncoded = level.countries.filter((c) => !c.alpha2).map((c) => c.name);
  console.log(`${resolution}: from zoom ${level.minZoom}, ${level.arcs.length} arcs, ` +
              `${points} points, ${level.countries.length} countries; ` +
              `without a code: ${uncoded.join(', ')}`);
}

function main () {
  const [modulesDir, output] = process.argv.slice(2);
  if (!modulesDir || !output)
    usage();

  const require = createRequire(path.resolve(modulesDir) + path.sep);
  const countries = require('i18n-iso-countries');
  const w = new Writer();
  w.bytes(Buffer.from('DIPLOBM1', 'ascii'));
  w.u32(WORLD);
  w.u32(LEVELS.length);
  for (const { resolution, minZoom } of LEVELS) {
    const topology = require(`world-atlas/countries-${resolution}.json`);
    const level = buildLevel(topology, minZoom, countries);
    describe(level, resolution);
    writeLevel(w, level);
  }

  const buffer = w.toBuffer();
  writeFileSync(output, buffer);
  console.log(`wrote ${output}: ${buffer.length} bytes`);
}

main();
