// Page "Article": one stored document whole (GET /v1/documents/{ref}) with every event marked
// (triggers, sources and targets; the selected event's evidence as the focus), the list of its
// events and the Why? panel of the one selected. The URL says which: #document?id=DOC&event=KEY.

import { getJSON } from "./api.js";
import { actorCell, articleLink, clear, el, fmtDate, fmtNumber, markedText, statusLine } from "./dom.js";
import { documentHref, documentMarks, renderWhy } from "./why.js";

const $ = (id) => document.getElementById(id);
let current = null; // the document shown

function wanted() {
  return Object.fromEntries(new URLSearchParams(location.hash.split("?")[1] || "").entries());
}

function eventRow(event) {
  const row = el("tr", { tabindex: "0", dataset: { key: event.key, cameo: event.cameo } },
    el("td", { class: "num", text: String(event.sentence) }),
    el("td", {}, el("span", { class: "code", text: event.cameo }), el("span", { class: "sub", text: event.name })),
    actorCell(event.source), actorCell(event.target),
    el("td", { text: fmtDate(event) || event.day || "" }),
    el("td", { text: event.modality + (event.historical ? ", historical" : "") }),
    el("td", { class: "num", text: fmtNumber(event.confidence) }));
  const open = () => select(event.key, true);
  row.addEventListener("click", open);
  row.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
  return row;
}

function select(key, remember) {
  const event = current.events.find((e) => e.key === key);
  if (!event) return;
  if (remember) history.replaceState(null, "", documentHref(current.doc_hash, key));
  for (const row of $("document-events").tBodies[0].rows) row.classList.toggle("selected", row.dataset.key === key);
  const s = current.sentences.find((x) => x.index === event.sentence) || { index: event.sentence, start: event.start, end: event.end };
  renderWhy($("document-why"), event, { ...s, text: current.text.slice(s.start, s.end) });
  clear($("document-text")).append(markedText(current.text, documentMarks(current.events, event)));
  $("document-text").querySelector(".mark.focus")?.scrollIntoView({ block: "nearest" });
}

function facts(doc) {
  const parts = [doc.publisher, doc.published && `published ${doc.published}`,
                 `${doc.events.length} events in ${doc.n_sentences ?? doc.sentences.length} sentences`,
                 doc.copies.length && `${doc.copies.length} copies (${doc.copies.join(", ")})`].filter(Boolean);
  const line = el("p", { class: "muted" }, el("code", { text: doc.doc_id }), " · ", parts.join(" · "));
  const link = articleLink(doc.url);
  if (link) line.append(" · ", link);
  return line;
}

function show(doc, eventKey) {
  current = doc;
  $("document-title").textContent = doc.title || doc.doc_id;
  clear($("document-facts")).append(facts(doc));
  const body = clear($("document-events").tBodies[0]);
  for (const event of doc.events) body.append(eventRow(event));
  if (!doc.events.length) body.append(el("tr", {}, el("td", { colspan: "7", class: "muted", text: "No events in this article." })));
  clear($("document-text")).append(markedText(doc.text, documentMarks(doc.events)));
  clear($("document-why")).append(el("h2", { text: "Why?" }), el("p", { class: "muted", text: "Click an event to see why it was coded." }));
  if (eventKey) select(eventKey, false);
}

export async function showDocumentPage() {
  const { id, event } = wanted();
  const status = $("document-status");
  if (!id) { statusLine(status, "No article chosen: open one from an event's Why? panel on the Explore page.", true); return; }
  if (current && (current.doc_hash === id || current.doc_id === id)) { if (event) select(event, false); return; }
  statusLine(status, "Loading…");
  try {
    show(await getJSON(`/v1/documents/${encodeURIComponent(id)}`), event);
    statusLine(status, "");
  } catch (error) {
    statusLine(status, error.message, true);
  }
}
