// Page "Code an article": POST /v1/code, then the text with actors and triggers marked,
// the events table, and the "why" panel for the clicked event.

import { getJSON, postJSON } from "./api.js";
import { actorCell, clear, el, fmtDate, fmtNumber, markedText, statusLine } from "./dom.js";
import { documentMarks, renderWhy } from "./why.js";

const $ = (id) => document.getElementById(id);
let current = null; // the last document record

function drawText(record, selected) {
  const doc = clear($("code-doc"));
  doc.append(markedText(record.text || "", documentMarks(record.events, selected, record.quotes)));
}

function eventRow(event, index) {
  const row = el("tr", { tabindex: "0", dataset: { index: String(index), cameo: event.cameo }, "aria-label": `event ${event.id}` },
    el("td", {}, el("span", { class: "code", text: event.cameo }), el("span", { class: "sub", text: event.name })),
    actorCell(event.source),
    actorCell(event.target),
    el("td", { text: fmtDate(event) }),
    el("td", { text: event.modality }),
    el("td", { text: event.historical ? "yes" : "no" }),
    el("td", { text: event.flags.join(", ") }),
    el("td", { class: "num", text: fmtNumber(event.confidence) }));
  const open = () => select(index);
  row.addEventListener("click", open);
  row.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
  return row;
}

function select(index) {
  const event = current.events[index];
  for (const row of $("code-events").tBodies[0].rows) row.classList.toggle("selected", row.dataset.index === String(index));
  const s = current.sentences.find((x) => x.index === event.sentence) || { index: event.sentence, start: event.start, end: event.end };
  const text = current.text || "";
  renderWhy($("code-why"), event, { ...s, text: text.slice(s.start, s.end) });
  drawText(current, event);
  const focus = $("code-doc").querySelector(".mark.focus");
  if (focus) focus.scrollIntoView({ block: "nearest" });
}

function show(record) {
  current = record;
  const body = clear($("code-events").tBodies[0]);
  record.events.forEach((event, i) => body.append(eventRow(event, i)));
  if (!record.events.length) body.append(el("tr", {}, el("td", { colspan: "8", class: "muted", text: "No events found." })));
  $("code-count").textContent = `(${record.events.length} in ${record.sentences.length} sentences, status ${record.status})`;
  drawText(record, null);
  clear($("code-why")).append(el("h2", { text: "Why?" }), el("p", { class: "muted", text: "Click an event to see why it was coded." }));
}

async function code(event) {
  event.preventDefault();
  const status = $("code-status");
  const text = $("code-text").value;
  if (!text.trim()) { statusLine(status, "Paste some text first.", true); return; }
  const payload = { id: $("code-id").value.trim() || "pasted", text };
  if ($("code-published").value) payload.published = $("code-published").value;
  statusLine(status, "Coding…");
  $("code-button").disabled = true;
  const started = performance.now();
  try {
    const record = await postJSON("/v1/code", payload);
    show(record);
    statusLine(status, `Coded in ${Math.round(performance.now() - started)} ms.`);
  } catch (error) {
    statusLine(status, error.message, true);
  } finally {
    $("code-button").disabled = false;
  }
}

async function offerSeed() {
  let seed;
  try { seed = await getJSON("/v1/seed"); } catch { return; } // no seed on this server: keep the button hidden
  const button = $("use-seed");
  button.hidden = false;
  button.addEventListener("click", () => {
    $("code-text").value = seed.text;
    $("code-id").value = seed.id;
    if (seed.published) $("code-published").value = seed.published;
  });
}

export function initCodePage() {
  $("code-form").addEventListener("submit", code);
  offerSeed();
}
