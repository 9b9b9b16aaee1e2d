// DOM helpers. Text always goes in through textContent / text nodes, never innerHTML,
// so article text (which may contain markup) is shown as text and never parsed or run.

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// A link to an article's own http(s) URL, opened apart; null for any other scheme (javascript:).
export function articleLink(url) {
  return url && /^https?:\/\//i.test(url)
    ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank", text: url })
    : null;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function actorLabel(actor) {
  if (!actor) return "—";
  return actor.code ? actor.code : "?";
}

export function actorCell(actor) {
  if (!actor) return el("td", { class: "muted", text: "—" });
  return el("td", { title: actor.text },
    el("span", { class: actor.code ? "code" : "code uncoded", text: actor.code || "uncoded" }),
    el("span", { class: "sub", text: actor.text }));
}

export function fmtDate(event) {
  if (!event.date) return "";
  return event.date_end && event.date_end !== event.date ? `${event.date} – ${event.date_end}` : event.date;
}

export function fmtNumber(x, digits = 2) {
  return typeof x === "number" ? x.toFixed(digits) : "";
}

// Split `text` into runs at every mark boundary; each run carries the kinds of marks covering it.
// marks: [{start, end, kind}] with document offsets; overlapping marks nest as several classes.
export function markedText(text, marks) {
  const valid = marks.filter((m) => Number.isInteger(m.start) && Number.isInteger(m.end) && m.end > m.start);
  const cuts = new Set([0, text.length]);
  for (const m of valid) {
    cuts.add(Math.max(0, Math.min(text.length, m.start)));
    cuts.add(Math.max(0, Math.min(text.length, m.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = text.slice(a, b);
    const covering = valid.filter((m) => m.start <= a && m.end >= b);
    if (!covering.length) {
      out.append(document.createTextNode(piece));
      continue;
    }
    const kinds = [...new Set(covering.map((m) => m.kind))];
    const titles = [...new Set(covering.map((m) => m.title).filter(Boolean))];
    out.append(el("span", { class: "mark " + kinds.join(" "), title: titles.join("\n") || undefined,
                            dataset: { start: String(a), end: String(b) } }, piece));
  }
  return out;
}

export function statusLine(node, message, isError = false) {
  node.textContent = message;
  node.classList.toggle("error", isError);
}
