// The "why was this coded?" panel: rule, trigger, spans and the sentence with its parts marked.

import { articleLink, clear, el, fmtDate, fmtNumber, markedText } from "./dom.js";

const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };

function span(start, end) {
  return Number.isInteger(start) && Number.isInteger(end) ? `characters ${start}–${end}` : "no span";
}

// Where a role-only actor's country came from (CODING.md §2), in words.
const COUNTRY_FROM = {
  phrase: "its own words", leader: "the leaders file", group: "the groups file",
  antecedent: "the person or body it refers back to", place: "the place of the act",
  participant: "the other participant", earlier: "an earlier sentence", dateline: "the dateline",
  document: "the document's main country", facility: "the facility's country",
};
const DATE_FROM = { text: "the event's clause", sentence: "its sentence", published: "the publication date" };

function actorRow(label, actor) {
  if (!actor) return [el("dt", { text: label }), el("dd", { class: "muted", text: "none" })];
  const coded = actor.code ? `${actor.code}` : "uncoded";
  const country = actor.country
    && `country ${actor.country}${actor.country_from ? " from " + (COUNTRY_FROM[actor.country_from] || actor.country_from) : ""}`;
  const extra = [country, actor.role && `role ${actor.role}`,
                 actor.name && `person ${actor.name}`].filter(Boolean).join(", ");
  return [el("dt", { text: label }),
          el("dd", {}, el("q", { text: actor.text }), " → ", el("span", { class: "code", text: coded }),
             extra ? ` (${extra})` : "", el("span", { class: "sub", text: span(actor.start, actor.end) }))];
}

// Marks (document offsets) for one event: its trigger, its actors and the evidence span.
export function eventMarks(event) {
  const marks = [{ start: event.start, end: event.end, kind: "focus", title: `evidence of ${event.id}` }];
  if (Number.isInteger(event.trigger_start)) {
    marks.push({ start: event.trigger_start, end: event.trigger_end, kind: "trigger", title: `trigger (${event.rule})` });
  }
  for (const [slot, actor] of [["source", event.source], ["target", event.target]]) {
    if (actor && Number.isInteger(actor.start)) {
      marks.push({ start: actor.start, end: actor.end, kind: "actor", title: `${slot}: ${actor.code || "uncoded"}` });
    }
  }
  return marks;
}

// Marks for a whole text: every event's trigger and actors (and quotes' speakers), and the
// selected event's evidence as the focus.
export function documentMarks(events, selected = null, quotes = []) {
  const marks = [];
  for (const event of events) {
    for (const m of eventMarks(event)) if (m.kind !== "focus") marks.push(m);
  }
  for (const quote of quotes) {
    const s = quote.speaker;
    if (s && Number.isInteger(s.start)) marks.push({ start: s.start, end: s.end, kind: "actor", title: `speaker: ${s.code || "uncoded"}` });
  }
  if (selected) marks.push({ start: selected.start, end: selected.end, kind: "focus", title: `evidence of ${selected.id}` });
  return marks;
}

// The link to an event's whole article (the #document page).
export function documentHref(docRef, eventKey) {
  const query = new URLSearchParams({ id: docRef });
  if (eventKey) query.set("event", eventKey);
  return `#document?${query}`;
}

// Rows of the Why? panel about a stored event's document (detail.document of GET /v1/events/{key}):
// its title, id and day, a link to the whole article with its events, and its URL.
export function documentFacts(doc, eventKey) {
  const rows = [el("dt", { text: "Document" }),
                el("dd", {}, doc.title ? `${doc.title} — ` : "", el("code", { text: doc.doc_id }),
                   doc.published ? ` (published ${doc.published})` : ""),
                el("dt", { text: "Article" }),
                el("dd", {}, el("a", { href: documentHref(doc.doc_hash, eventKey), class: "open-document",
                                       text: "Open the whole article with its events" }))];
  const link = articleLink(doc.url);
  if (link) rows.push(el("dt", { text: "URL" }), el("dd", {}, link));
  return rows;
}

// sentence: {index, kind, start, text}; offsets in `event` are document offsets.
export function renderWhy(panel, event, sentence, extra = []) {
  clear(panel);
  const shifted = eventMarks(event)
    .filter((m) => m.kind !== "focus")
    .map((m) => ({ ...m, start: m.start - sentence.start, end: m.end - sentence.start }));
  const plover = event.plover ? `${event.plover.type}${event.plover.mode ? " / " + event.plover.mode : ""}` : "—";
  const loc = event.location
    ? `${event.location.name}${event.location.country ? " (" + event.location.country + ")" : ""}`
    : "—";
  panel.append(
    el("h2", { text: `Why ${event.cameo}?` }),
    el("p", { class: "lead" }, el("span", { class: "code", text: event.cameo }), ` ${event.name || ""}`),
    el("dl", { class: "facts" },
      el("dt", { text: "Rule" }), el("dd", {}, el("code", { class: "rule", text: event.rule })),
      el("dt", { text: "Trigger" }),
      el("dd", {}, el("q", { text: event.trigger }), el("span", { class: "sub", text: span(event.trigger_start, event.trigger_end) })),
      ...actorRow("Source", event.source),
      ...actorRow("Target", event.target),
      el("dt", { text: "Evidence" }), el("dd", { text: span(event.start, event.end) }),
      el("dt", { text: "Date" }),
      el("dd", { text: `${fmtDate(event) || "unresolved"}${event.date_from ? " (from " + (DATE_FROM[event.date_from] || event.date_from) + ")" : ""}` }),
      ...(event.mentions?.length
        ? [el("dt", { text: "Reported again" }),
           el("dd", { text: event.mentions.map((m) => `sentence ${m.sentence} (“${m.trigger}”)`).join(", ") })]
        : []),
      el("dt", { text: "Modality" }), el("dd", { text: `${event.modality}${event.historical ? ", historical" : ""}` }),
      el("dt", { text: "QuadClass" }), el("dd", { text: `${event.quad_class} ${QUAD[event.quad_class] || ""}` }),
      el("dt", { text: "Goldstein" }), el("dd", { text: fmtNumber(event.goldstein, 1) }),
      el("dt", { text: "PLOVER" }), el("dd", { text: plover }),
      el("dt", { text: "Location" }), el("dd", { text: loc }),
      el("dt", { text: "Confidence" }),
      el("dd", { text: `${fmtNumber(event.confidence)}${event.flags.length ? " (" + event.flags.join(", ") + ")" : ""}` }),
      el("dt", { text: "Event id" }), el("dd", {}, el("code", { text: event.id })),
      ...extra,
    ),
    el("h3", { text: `Sentence ${sentence.index}${sentence.kind && sentence.kind !== "body" ? " (" + sentence.kind + ")" : ""}` }),
    el("blockquote", { class: "sentence" }, markedText(sentence.text, shifted)),
  );
}
