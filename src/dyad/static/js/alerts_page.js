// Page "Alerts": GET /v1/alerts, one row per alert; a row opens the dyad's timeline of the alert's
// metric with its baseline band, and the events behind it, each with its "Why?" evidence.

import { getJSON } from "./api.js";
import { clear, el, fmtNumber, statusLine } from "./dom.js";
import { drawAlert } from "./charts.js";
import { documentFacts, renderWhy } from "./why.js";

const $ = (id) => document.getElementById(id);
export const METRIC_NAMES = {
  conflict: "conflict surge", material_conflict: "material conflict surge",
  conflict_share: "conflict share rise", goldstein: "Goldstein drop", escalation: "escalation", first_hostile: "first hostility",
};
let generation = 0;

function readForm() {
  const out = {};
  for (const [key, value] of new FormData($("alerts-form")).entries()) {
    const text = String(value).trim();
    if (text) out[key] = text;
  }
  return out;
}

const fmt = (x) => (typeof x === "number" ? String(Math.round(x * 100) / 100) : "");
const arrow = (a) => (a.directed ? "→" : "↔");

function alertRow(alert) {
  const band = alert.band_low === null ? "" : ` (${fmt(alert.band_low)}–${fmt(alert.band_high)})`;
  const row = el("tr", { tabindex: "0", dataset: { key: alert.key, metric: alert.metric } },
    el("td", { class: "nowrap", text: alert.period }),
    el("td", {}, el("span", { class: "code", text: `${alert.actor_a} ${arrow(alert)} ${alert.actor_b}` })),
    el("td", { text: METRIC_NAMES[alert.metric] || alert.metric }),
    el("td", { class: "num", text: fmt(alert.baseline) + band }),
    el("td", { class: "num", text: fmt(alert.observed) }),
    el("td", { class: "num", text: `${alert.p_value.toExponential(1)} / ${alert.q_value.toExponential(1)}` }));
  const open = () => showAlert(alert, row);
  row.addEventListener("click", open);
  row.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
  return row;
}

function eventRow(event) {
  const row = el("tr", { tabindex: "0", dataset: { key: event.key, cameo: event.cameo } },
    el("td", { class: "nowrap", text: event.day || "" }),
    el("td", {}, el("span", { class: "code", text: event.cameo }), el("span", { class: "sub", text: event.name || "" })),
    el("td", {}, el("span", { class: "code", text: event.source || "—" })),
    el("td", {}, el("span", { class: "code", text: event.target || "—" })),
    el("td", { class: "num", text: String(event.reports) }),
    el("td", { class: "evidence", text: event.sentence || event.evidence || "" }));
  const open = () => showWhy(event, row);
  row.addEventListener("click", open);
  row.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
  return row;
}

async function showWhy(event, row) {
  for (const r of $("alert-events").tBodies[0].rows) r.classList.toggle("selected", r === row);
  const panel = $("alert-why");
  try {
    const detail = await getJSON(`/v1/events/${encodeURIComponent(event.key)}`);
    const s = detail.sentence;
    const doc = detail.document;
    const extra = [...documentFacts(doc, event.key),
                   el("dt", { text: "Reports" }), el("dd", { text: `${event.reports} (after dedup)` })];
    renderWhy(panel, detail.event, { index: s.index, kind: s.kind, start: s.start ?? detail.event.start, text: s.text ?? event.evidence ?? "" }, extra);
  } catch (error) {
    clear(panel).append(el("p", { class: "error", text: error.message }));
  }
}

async function showAlert(alert, row) {
  for (const r of $("alerts-table").tBodies[0].rows) r.classList.toggle("selected", r === row);
  $("alert-detail").hidden = false;
  $("alert-title").textContent = `${alert.actor_a} ${arrow(alert)} ${alert.actor_b}: ${METRIC_NAMES[alert.metric] || alert.metric}, ${alert.period}`;
  $("alert-test").textContent = `${alert.test}; onset ${alert.onset}; baseline ${alert.baseline_from} to ${alert.baseline_to}`;
  const body = clear($("alert-events").tBodies[0]);
  for (const event of alert.events) body.append(eventRow(event));
  if (!alert.events.length) body.append(el("tr", {}, el("td", { colspan: "6", class: "muted", text: "No events listed." })));
  clear($("alert-why")).append(el("h2", { text: "Why?" }), el("p", { class: "muted", text: "Click an event to see its sentence, rule and spans." }));
  try {
    await drawAlert($("chart-alert"), alert, METRIC_NAMES[alert.metric] || alert.metric);
  } catch (error) {
    statusLine($("alerts-status"), error.message, true);
  }
}

async function load(event) {
  if (event) event.preventDefault();
  generation += 1;
  const mine = generation;
  const status = $("alerts-status");
  statusLine(status, "Checking…");
  try {
    const report = await getJSON("/v1/alerts", readForm());
    if (mine !== generation) return;
    const body = clear($("alerts-table").tBodies[0]);
    for (const alert of report.alerts) body.append(alertRow(alert));
    if (!report.alerts.length) body.append(el("tr", {}, el("td", { colspan: "6", class: "muted", text: "No alerts: every dyad tested stayed within its baseline." })));
    const periods = report.periods.length ? `${report.periods[0]}${report.periods.length > 1 ? " to " + report.periods.at(-1) : ""}` : "no data";
    $("alerts-count").textContent = `(${report.alerts.length}; ${periods}, ${report.dyads} dyads, ${report.tests} tests)`;
    $("alert-detail").hidden = true;
    statusLine(status, "");
  } catch (error) {
    statusLine(status, error.message, true);
  }
}

let started = false;

export async function showAlertsPage() {
  if (started) return;
  started = true;
  const health = await getJSON("/healthz").catch(() => null);
  if (health && !health.database) {
    $("alerts-nodb").hidden = false;
    return;
  }
  await load(null);
}

export function initAlertsPage() {
  $("alerts-form").addEventListener("submit", load);
}
