// Page "Explore": filters, the events table with evidence (paged by cursor), the evidence panel,
// a dyad timeline, the actor network and the map of event locations. The filters live in the URL
// (#explore?actor=BRA&root=04): a view can be shared and survives a reload. Every chart answers
// the same filters; the table and each chart's data download as CSV or JSON.

import { getJSON } from "./api.js";
import { actorCell, clear, el, fmtNumber, statusLine } from "./dom.js";
import { drawMap, drawNetwork, drawTimeline } from "./charts.js";
import { documentFacts, renderWhy } from "./why.js";

const $ = (id) => document.getElementById(id);
let nextCursor = null;
let filters = {};
let generation = 0; // bumped by every Apply: answers to older requests are dropped
let total = 0; // events matching the filters, over all pages

function readFilters() {
  const out = {};
  for (const [key, value] of new FormData($("filters")).entries()) {
    const text = String(value).trim();
    if (text) out[key] = text;
  }
  return out;
}

// The aggregates follow the store's conventions: they count current events (each real-world
// event once) unless the filters ask for historical, negated or hypothetical events; the actor,
// dyad, CAMEO, root, QuadClass, date and document filters narrow them as they narrow the table.
function chartFilters(f) {
  const out = { ...f };
  if (f.historical === "true") out.include_historical = "true";
  if (f.modality === "negated") out.include_negated = "true";
  if (f.modality === "hypothetical") out.include_hypothetical = "true";
  return out;
}

// --- the view in the URL ---------------------------------------------------------------------

function filtersFromUrl() {
  const query = location.hash.split("?")[1] || "";
  return Object.fromEntries(new URLSearchParams(query).entries());
}

function writeUrl(f) {
  const query = new URLSearchParams(f).toString();
  history.replaceState(null, "", query ? `#explore?${query}` : "#explore");
}

function fillForm(f) {
  for (const field of $("filters").elements) {
    if (field.name) field.value = f[field.name] ?? "";
  }
}

function queryString(params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== "" && value != null) query.set(key, value);
  return query.toString();
}

function setDownloads(f) {
  const chart = chartFilters(f);
  const links = {
    "download-events-csv": `/v1/events?${queryString({ ...f, limit: 500, format: "csv" })}`,
    "download-events-json": `/v1/events?${queryString({ ...f, limit: 500 })}`,
    "download-network": `/v1/network?${queryString({ level: "country", max_edges: 60, ...chart })}`,
    "download-map": `/v1/locations?${queryString({ ...chart, limit: 500 })}`,
    "download-facets": `/v1/facets?${queryString(chart)}`,
  };
  for (const [id, href] of Object.entries(links)) $(id).href = href;
}

// --- sortable table, actor autocomplete -----------------------------------------------------------

function sortBy(column) {
  const table = $("explore-events");
  const header = table.tHead.rows[0].cells[column];
  const ascending = header.dataset.sort !== "asc";
  for (const cell of table.tHead.rows[0].cells) delete cell.dataset.sort;
  header.dataset.sort = ascending ? "asc" : "desc";
  const rows = [...table.tBodies[0].querySelectorAll("tr[data-key]")];
  const value = (row) => {
    const text = row.cells[column].textContent.trim();
    const number = Number(text);
    return text !== "" && !Number.isNaN(number) ? number : text.toLowerCase();
  };
  rows.sort((a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0) * (ascending ? 1 : -1));
  table.tBodies[0].append(...rows);
}

async function suggestActors(input) {
  const text = input.value.trim();
  if (text.length < 2 || text.includes(",")) return;
  try {
    const found = await getJSON("/v1/actors", { q: text, limit: 8 });
    const list = clear($("actor-names"));
    for (const m of found.matches) list.append(el("option", { value: m.code, label: `${m.code} — ${m.name} (${m.matched})` }));
  } catch { /* suggestions are a convenience: a failed lookup leaves the field as typed */ }
}

function evidenceCell(event) {
  const text = event.evidence || "";
  const cell = el("td", { class: "evidence" });
  const t0 = (event.trigger_start ?? -1) - event.start;
  const t1 = (event.trigger_end ?? -1) - event.start;
  if (t0 >= 0 && t1 <= text.length && t1 > t0) {
    cell.append(text.slice(0, t0), el("span", { class: "mark trigger", text: text.slice(t0, t1) }), text.slice(t1));
  } else {
    cell.append(text);
  }
  return cell;
}

function eventRow(event) {
  const row = el("tr", { tabindex: "0", dataset: { key: String(event.key), cameo: event.cameo } },
    el("td", { class: "nowrap", text: event.day || "" }),
    el("td", {}, el("span", { class: "code", text: event.cameo }), el("span", { class: "sub", text: event.name })),
    actorCell(event.source), actorCell(event.target),
    el("td", { text: event.modality + (event.historical ? ", historical" : "") }),
    el("td", { class: "num", text: fmtNumber(event.confidence) }),
    evidenceCell(event));
  const open = () => showEvidence(event, row);
  row.addEventListener("click", open);
  row.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
  return row;
}

async function showEvidence(event, row) {
  for (const r of $("explore-events").tBodies[0].rows) r.classList.toggle("selected", r === row);
  const panel = $("explore-why");
  try {
    const detail = await getJSON(`/v1/events/${encodeURIComponent(event.key)}`);
    const doc = detail.document;
    const s = detail.sentence;
    const extra = documentFacts(doc, event.key);
    renderWhy(panel, detail.event, { index: s.index, kind: s.kind, start: s.start ?? event.start, text: s.text ?? event.evidence ?? "" }, extra);
    const codes = [event.source?.code, event.target?.code];
    if (codes[0] && codes[1]) {
      $("timeline-a").value = codes[0].slice(0, 3);
      $("timeline-b").value = codes[1].slice(0, 3);
    }
  } catch (error) {
    clear(panel).append(el("p", { class: "error", text: error.message }));
  }
}

async function loadEvents(append) {
  const status = $("explore-status");
  const mine = generation;
  statusLine(status, "Loading…");
  try {
    const params = { ...filters, limit: 100 };
    if (append && nextCursor) params.cursor = nextCursor;
    const page = await getJSON("/v1/events", params);
    if (mine !== generation) return;
    const body = $("explore-events").tBodies[0];
    if (!append) clear(body);
    for (const event of page.events) body.append(eventRow(event));
    if (!body.rows.length) body.append(el("tr", {}, el("td", { colspan: "7", class: "muted", text: "No events match." })));
    nextCursor = page.next_cursor;
    if (page.total !== null && page.total !== undefined) total = page.total;
    $("explore-more").hidden = !nextCursor;
    const shown = body.querySelectorAll("tr[data-key]").length;
    $("explore-count").textContent = `(${shown} shown of ${total} matching)`;
    statusLine(status, "");
  } catch (error) {
    statusLine(status, error.message, true);
  }
}

async function topDyad() {
  const data = await getJSON("/v1/dyads", { level: "country", limit: 1, ...chartFilters(filters) });
  const top = data.dyads[0];
  if (top) {
    $("timeline-a").value = top.actor_a;
    $("timeline-b").value = top.actor_b;
  }
}

async function loadTimeline() {
  const node = $("chart-timeline");
  if (!$("timeline-a").value.trim() || !$("timeline-b").value.trim()) await topDyad().catch(() => null);
  const a = $("timeline-a").value.trim();
  const b = $("timeline-b").value.trim();
  if (!a || !b) { clear(node).append(el("p", { class: "muted empty", text: "Give two actors (or a dyad filter, or click an event)." })); return; }
  try {
    const path = `/v1/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/timeline`;
    const params = { by: "month", ...chartFilters(filters) };
    $("download-timeline").href = `${path}?${queryString(params)}`;
    const data = await getJSON(path, params);
    await drawTimeline(node, data);
  } catch (error) {
    clear(node).append(el("p", { class: "error", text: error.message }));
  }
}

// Facet counts: each value a button that adds its filter (country=, root=, publisher=).
function drawFacets(data) {
  for (const box of $("explore-facets").querySelectorAll(".facet")) {
    const name = box.dataset.facet;
    const list = clear(box.querySelector("ul"));
    for (const { value, events } of data[name]) {
      const pick = () => { $("filters").elements[name].value = value; apply(null); };
      list.append(el("li", {}, el("button", { type: "button", dataset: { value }, onclick: pick,
                                              title: `Only events with ${name} ${value}` },
                                  value, el("span", { class: "n", text: String(events) }))));
    }
    if (!data[name].length) list.append(el("li", { class: "muted", text: "none" }));
  }
}

async function loadCharts() {
  const chart = chartFilters(filters);
  const tasks = [
    getJSON("/v1/facets", chart).then(drawFacets),
    getJSON("/v1/network", { level: "country", max_edges: 60, ...chart }).then((d) => drawNetwork($("chart-network"), d, filterByActor)),
    getJSON("/v1/locations", { ...chart, limit: 500 }).then((d) => drawMap($("chart-map"), d)),
    loadTimeline(),
  ];
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) statusLine($("explore-status"), failed.reason.message, true);
}

// Clicking an actor in the network narrows the whole view to it.
function filterByActor(code) {
  $("filters").elements.actor.value = code;
  apply(null);
}

async function apply(event) {
  if (event) event.preventDefault();
  generation += 1;
  filters = readFilters();
  writeUrl(filters);
  setDownloads(filters);
  if (filters.dyad && filters.dyad.includes(",")) {
    const [a, b] = filters.dyad.split(",").map((x) => x.trim());
    $("timeline-a").value = a;
    $("timeline-b").value = b;
  }
  nextCursor = null;
  await loadEvents(false);
  await loadCharts();
}

let started = false;

export async function showExplorePage() {
  if (started) return;
  started = true;
  const health = await getJSON("/healthz").catch(() => null);
  if (health && !health.database) {
    $("explore-nodb").hidden = false;
    return;
  }
  fillForm(filtersFromUrl());
  await apply(null);
}

export function initExplorePage() {
  $("filters").addEventListener("submit", apply);
  $("filters").addEventListener("reset", () => setTimeout(() => apply(null), 0));
  $("explore-more").addEventListener("click", () => loadEvents(true));
  $("timeline-go").addEventListener("click", loadTimeline);
  for (const name of ["actor", "source", "target"]) {
    $("filters").elements[name].addEventListener("input", (e) => suggestActors(e.target));
  }
  [...$("explore-events").tHead.rows[0].cells].forEach((cell, column) => {
    cell.classList.add("sortable");
    cell.title = "Sort by this column";
    cell.addEventListener("click", () => sortBy(column));
  });
}
