// A small, local rendering of /openapi.json: each operation, its parameters and its body types.

import { getJSON } from "./api.js";
import { el } from "./dom.js";

function schemaText(schema) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.anyOf) return schema.anyOf.map(schemaText).filter((t) => t !== "null").join(" | ");
  if (schema.enum) return schema.enum.join(" | ");
  if (schema.type === "array") return `${schemaText(schema.items)}[]`;
  return schema.type || "";
}

function operation(path, method, op) {
  const params = (op.parameters || []).map((p) =>
    el("tr", {}, el("td", {}, el("code", { text: p.name })), el("td", { text: p.in }),
       el("td", { text: schemaText(p.schema) }), el("td", { class: "muted", text: p.description || "" })));
  const body = op.requestBody ? Object.entries(op.requestBody.content || {})
    .map(([type, c]) => `${type}: ${schemaText(c.schema)}`).join("; ") : "";
  const replies = Object.entries(op.responses || {}).map(([code, r]) => `${code} ${r.description || ""}`).join(" · ");
  return el("section", { class: "op" },
    el("div", {}, el("span", { class: "method", text: method.toUpperCase() }), el("span", { class: "path", text: path }),
       el("span", { class: "muted", text: `  ${op.summary || ""}` })),
    op.description ? el("p", { text: op.description }) : null,
    params.length ? el("table", {}, el("tbody", {}, params)) : null,
    body ? el("p", {}, el("strong", { text: "Body: " }), body) : null,
    el("p", { class: "muted", text: `Responses: ${replies}` }));
}

const spec = await getJSON("/openapi.json");
const ops = document.getElementById("ops");
ops.append(el("p", { text: `${spec.info.title} ${spec.info.version}` }));
for (const [path, methods] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(methods)) ops.append(operation(path, method, op));
}
