// Charts drawn with plotly.js served by this server (no CDN): dyad timeline, actor network, map.

import { loadPlotly } from "./api.js";
import { clear, el } from "./dom.js";

const QUADS = [
  ["quad1", "verbal cooperation", "#8fd0a8"],
  ["quad2", "material cooperation", "#1b9e77"],
  ["quad3", "verbal conflict", "#f4a582"],
  ["quad4", "material conflict", "#b2182b"],
];
const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"] };
const MARGIN = { l: 50, r: 50, t: 30, b: 40 };

function empty(node, message) {
  if (window.Plotly) window.Plotly.purge(node);
  clear(node).append(el("p", { class: "muted empty", text: message }));
}

// A fresh plot each time: plotly keeps state on the node, so purge it before drawing anew.
async function plot(node, traces, layout) {
  const Plotly = await loadPlotly();
  Plotly.purge(node);
  clear(node);
  await Plotly.newPlot(node, traces, layout, CONFIG);
}

export async function drawTimeline(node, data) {
  if (!data.periods.length) return empty(node, `No events between ${data.a} and ${data.b} with these filters.`);
  const x = data.periods.map((p) => p.period);
  const traces = QUADS.map(([key, name, color]) => ({
    type: "bar", name, x, y: data.periods.map((p) => p[key]), marker: { color },
    hovertemplate: `%{x|%Y-%m-%d}: %{y} ${name}<extra></extra>`,
  }));
  traces.push({
    type: "scatter", mode: "lines+markers", name: "mean Goldstein", x, yaxis: "y2",
    y: data.periods.map((p) => p.goldstein_mean), connectgaps: false,
    line: { color: "#333", width: 2 }, marker: { size: 5 },
  });
  const arrow = data.directed ? "→" : "↔";
  await plot(node, traces, {
    barmode: "stack", margin: MARGIN, height: 320,
    title: { text: `${data.a} ${arrow} ${data.b} per ${data.by}`, font: { size: 13 } },
    legend: { orientation: "h", y: -0.2 },
    xaxis: { type: "date", tickformat: { day: "%Y-%m-%d", week: "%Y-%m-%d", month: "%b %Y", year: "%Y" }[data.by] },
    yaxis: { title: { text: "events" }, rangemode: "tozero" },
    yaxis2: { title: { text: "mean Goldstein" }, overlaying: "y", side: "right", range: [-10, 10],
              tickvals: [-10, -5, 0, 5, 10], showgrid: false, zeroline: false },
  });
}

// A small deterministic force-directed layout (Fruchterman-Reingold), started from a circle:
// linked actors pull together, all actors push apart. Enough for the few dozen nodes shown.
function forceLayout(nodes, edges, rounds = 200) {
  const n = nodes.length;
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const pos = nodes.map((_, i) => [Math.cos((2 * Math.PI * i) / n), Math.sin((2 * Math.PI * i) / n)]);
  const k = Math.sqrt(4 / Math.max(n, 1));
  const links = edges.filter((e) => e.source !== e.target).map((e) => [index.get(e.source), index.get(e.target)]);
  for (let round = 0; round < rounds; round++) {
    const step = 0.1 * (1 - round / rounds);
    const move = pos.map(() => [0, 0]);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1];
        const d2 = Math.max(dx * dx + dy * dy, 1e-4), f = (k * k) / d2;
        move[i][0] += dx * f; move[i][1] += dy * f; move[j][0] -= dx * f; move[j][1] -= dy * f;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[a][0] - pos[b][0], dy = pos[a][1] - pos[b][1];
      const d = Math.max(Math.hypot(dx, dy), 1e-3), f = d / k;
      move[a][0] -= dx * f; move[a][1] -= dy * f; move[b][0] += dx * f; move[b][1] += dy * f;
    }
    for (let i = 0; i < n; i++) {
      const len = Math.max(Math.hypot(move[i][0], move[i][1]), 1e-9);
      pos[i][0] += (move[i][0] / len) * Math.min(len, step);
      pos[i][1] += (move[i][1] / len) * Math.min(len, step);
    }
  }
  return new Map(nodes.map((node, i) => [node.id, pos[i]]));
}

// The network's connected components, largest first, each laid out on its own and placed side
// by side in rows, so that no component is pushed into a corner of another's layout.
function components(nodes, edges) {
  const parent = new Map(nodes.map((n) => [n.id, n.id]));
  const find = (x) => { while (parent.get(x) !== x) x = parent.get(x); return x; };
  for (const e of edges) parent.set(find(e.source), find(e.target));
  const groups = new Map();
  for (const n of nodes) groups.set(find(n.id), [...(groups.get(find(n.id)) || []), n]);
  return [...groups.values()].sort((a, b) => b.length - a.length);
}

function layoutComponents(nodes, edges) {
  const where = new Map();
  const parts = components(nodes, edges);
  const widest = 2 * Math.sqrt(parts[0].length); // the largest component gets the most room
  let [left, top, rowHeight] = [0, 0, 0];
  for (const part of parts) {
    const ids = new Set(part.map((n) => n.id));
    const local = forceLayout(part, edges.filter((e) => ids.has(e.source) && ids.has(e.target)));
    const size = part.length > 1 ? 2 * Math.sqrt(part.length) : 0.6; // area grows with the actors
    if (left > 0 && left + size > Math.max(widest * 1.6, 4)) [left, top, rowHeight] = [0, top - rowHeight - 0.8, 0];
    const xs = [...local.values()].map((p) => p[0]), ys = [...local.values()].map((p) => p[1]);
    const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
    const span = Math.max(Math.max(...xs) - x0, Math.max(...ys) - y0, 1e-6);
    for (const [id, [x, y]] of local) {
      where.set(id, part.length > 1 ? [left + ((x - x0) / span) * size, top - ((y - y0) / span) * size] : [left, top]);
    }
    left += size + 0.8;
    rowHeight = Math.max(rowHeight, size);
  }
  return where;
}

// Labels above and below in turn, by height, so that neighbours' labels do not sit on each other.
function labelPositions(nodes, where) {
  const byHeight = [...nodes].sort((a, b) => where.get(a.id)[1] - where.get(b.id)[1]);
  const position = new Map(byHeight.map((n, i) => [n.id, i % 2 ? "top center" : "bottom center"]));
  return nodes.map((n) => position.get(n.id));
}

const GOLDSTEIN_SCALE = [[0, "#b2182b"], [0.5, "#bbbbbb"], [1, "#1b9e77"]];

function goldsteinColor(g) {
  const t = Math.max(-10, Math.min(10, g)) / 10;
  return t >= 0 ? `rgba(27,158,119,${0.35 + t * 0.6})` : `rgba(178,24,43,${0.35 - t * 0.6})`;
}

// Actors placed component by component; edges coloured by mean Goldstein (legend on the right);
// clicking an actor calls onPick(code).
export async function drawNetwork(node, data, onPick) {
  if (!data.nodes.length) return empty(node, "No edges with these filters.");
  const nodes = [...data.nodes].sort((a, b) => b.events - a.events || (a.id < b.id ? -1 : 1));
  const where = layoutComponents(nodes, data.edges);
  const xs = [...where.values()].map((p) => p[0]), ys = [...where.values()].map((p) => p[1]);
  const pad = 0.8; // room for the labels at the edges
  const maxEdge = Math.max(...data.edges.map((e) => e.events), 1);
  const traces = data.edges.filter((e) => e.source !== e.target).map((e) => {
    const [[x0, y0], [x1, y1]] = [where.get(e.source), where.get(e.target)];
    const g = e.goldstein_mean ?? 0;
    return {
      type: "scatter", mode: "lines", x: [x0, x1], y: [y0, y1], showlegend: false,
      customdata: [e.source, e.target], // a click on an edge's end picks the actor there
      line: { width: 1 + (6 * e.events) / maxEdge, color: goldsteinColor(g) },
      hoverinfo: "text", text: `${e.source} → ${e.target}: ${e.events} events, mean Goldstein ${g}`,
    };
  });
  const maxNode = Math.max(...nodes.map((n) => n.events), 1);
  traces.push({
    type: "scatter", mode: "markers+text", showlegend: false, name: "actors",
    x: nodes.map((n) => where.get(n.id)[0]), y: nodes.map((n) => where.get(n.id)[1]),
    text: nodes.map((n) => n.id), textposition: labelPositions(nodes, where), customdata: nodes.map((n) => n.id),
    hovertext: nodes.map((n) => `${n.id}: ${n.events} events (click to filter)`), hoverinfo: "text",
    marker: { size: nodes.map((n) => 8 + (22 * n.events) / maxNode), color: "#3b6ea8", line: { color: "#fff", width: 1 } },
  });
  // an invisible trace that carries the colour legend of the edges
  traces.push({
    type: "scatter", mode: "markers", x: [xs[0]], y: [ys[0]], hoverinfo: "skip", showlegend: false,
    marker: { size: 0.1, opacity: 0, color: [0], cmin: -10, cmax: 10, colorscale: GOLDSTEIN_SCALE,
              colorbar: { title: { text: "mean<br>Goldstein", side: "top" }, thickness: 10, len: 0.8, tickvals: [-10, -5, 0, 5, 10] } },
  });
  await plot(node, traces, {
    margin: { l: 10, r: 10, t: 30, b: 10 }, height: 420, hovermode: "closest",
    title: { text: `${data.nodes.length} actors (${data.level}), ${data.edges.length} edges${data.truncated ? " (heaviest only)" : ""}`, font: { size: 13 } },
    xaxis: { visible: false, range: [Math.min(...xs) - pad, Math.max(...xs) + pad] },
    yaxis: { visible: false, range: [Math.min(...ys) - pad, Math.max(...ys) + pad] },
  });
  if (onPick) {
    node.on("plotly_click", (event) => {
      const point = event.points.find((p) => typeof p.customdata === "string");
      if (point) onPick(point.customdata);
    });
  }
}

let outlines = null;

// Country outlines (Natural Earth 1:110m, public domain) shipped with dyad under /static/map:
// plotly's own geo traces fetch their shapes from a CDN, which this dashboard never does.
// One trace of rings separated by nulls, drawn on the same longitude/latitude axes as the points.
function loadOutlines() {
  if (!outlines) {
    outlines = fetch("/static/map/countries.geojson").then((r) => {
      if (!r.ok) throw new Error(`could not load the country outlines (${r.status})`);
      return r.json();
    }).then((geo) => {
      const [lon, lat] = [[], []];
      for (const feature of geo.features) {
        for (const polygon of feature.geometry.coordinates) {
          for (const ring of polygon) {
            for (const [x, y] of ring) { lon.push(x); lat.push(y); }
            lon.push(null); lat.push(null);
          }
        }
      }
      return { lon, lat, countries: geo.features.length };
    });
    outlines.catch(() => { outlines = null; }); // a failed load is tried again next time
  }
  return outlines;
}

export async function drawMap(node, data) {
  if (!data.locations.length) return empty(node, "No located events with these filters.");
  const places = data.locations;
  const maxCount = Math.max(...places.map((p) => p.events), 1);
  const world = await loadOutlines();
  node.dataset.countries = String(world.countries);
  await plot(node, [{
    type: "scatter", mode: "lines", x: world.lon, y: world.lat, hoverinfo: "skip", showlegend: false,
    fill: "toself", fillcolor: "#eef1e6", line: { color: "#9aa5b1", width: 0.6 }, name: "countries",
  }, {
    type: "scatter", mode: "markers+text", showlegend: false, name: "events",
    x: places.map((p) => p.lon), y: places.map((p) => p.lat),
    text: places.map((p) => p.name || ""), textposition: "top center",
    hovertext: places.map((p) => `${p.name || "?"}${p.country ? " (" + p.country + ")" : ""}: ${p.events} events`),
    hoverinfo: "text",
    marker: { size: places.map((p) => 8 + (26 * Math.sqrt(p.events / maxCount))), color: "rgba(59,110,168,0.75)",
              line: { color: "#1d3f66", width: 1 } },
  }], {
    margin: MARGIN, height: 380, hovermode: "closest",
    xaxis: { range: [-180, 180], dtick: 30, title: { text: "longitude" }, zeroline: false, gridcolor: "#e4e8ee" },
    yaxis: { range: [-60, 85], dtick: 30, title: { text: "latitude" }, scaleanchor: "x", zeroline: false, gridcolor: "#e4e8ee" },
    plot_bgcolor: "#f4f8fc",
  });
}

const COUNTED = { conflict: "#f4a582", material_conflict: "#b2182b", first_hostile: "#b2182b", escalation: "#7b3294" };

// An alert's timeline: its metric per period over the baseline and onset window, the baseline's
// 95% band (shaded), its expected value (dashed) and the onset window highlighted.
export async function drawAlert(node, alert, label) {
  const x = alert.series.map((p) => p.period);
  const y = alert.series.map((p) => p.value);
  const bars = alert.metric in COUNTED && alert.metric !== "escalation";
  const traces = [];
  if (alert.band_low !== null) {
    traces.push({ type: "scatter", mode: "lines", x, y: x.map(() => alert.band_low), line: { width: 0 },
                  hoverinfo: "skip", showlegend: false });
    traces.push({ type: "scatter", mode: "lines", x, y: x.map(() => alert.band_high), line: { width: 0 },
                  fill: "tonexty", fillcolor: "rgba(59,110,168,0.18)", name: "baseline 95% band", hoverinfo: "skip" });
  }
  traces.push({ type: "scatter", mode: "lines", x, y: x.map(() => alert.baseline), name: "baseline",
                line: { color: "#3b6ea8", dash: "dash", width: 1.5 } });
  traces.push(bars
    ? { type: "bar", x, y, name: label, marker: { color: COUNTED[alert.metric] || "#b2182b" } }
    : { type: "scatter", mode: "lines+markers", x, y, name: label, connectgaps: false,
        line: { color: alert.metric === "goldstein" ? "#333" : "#7b3294", width: 2 } });
  await plot(node, traces, {
    margin: MARGIN, height: 320, legend: { orientation: "h", y: -0.2 }, bargap: 0.15,
    title: { text: `${alert.actor_a} ${alert.directed ? "→" : "↔"} ${alert.actor_b}: ${label}`, font: { size: 13 } },
    xaxis: { type: "date" },
    yaxis: { title: { text: { goldstein: "mean Goldstein", escalation: "most severe root", conflict_share: "share of conflict events" }[alert.metric] || "events" },
             rangemode: alert.metric === "goldstein" ? "normal" : "tozero" },
    shapes: [{ type: "rect", xref: "x", yref: "paper", x0: alert.onset, x1: alert.period_end, y0: 0, y1: 1,
               fillcolor: "rgba(178,24,43,0.10)", line: { width: 0 }, layer: "below" }],
  });
}
