// dyad dashboard: pages switched by the URL hash (#code, #explore, #alerts, and #document for one
// stored article). No build step, no CDN.

import { getJSON } from "./api.js";
import { initCodePage } from "./code_page.js";
import { initExplorePage, showExplorePage } from "./explore_page.js";
import { initAlertsPage, showAlertsPage } from "./alerts_page.js";
import { showDocumentPage } from "./document_page.js";

const PAGES = ["code", "explore", "alerts", "document"];

function route() {
  const wanted = location.hash.slice(1).split("?")[0]; // #explore?actor=BRA keeps its filters
  const name = PAGES.includes(wanted) ? wanted : "code";
  for (const page of PAGES) {
    document.getElementById(`page-${page}`).hidden = page !== name;
    document.getElementById(`nav-${page}`)?.classList.toggle("active", page === name || (page === "explore" && name === "document"));
  }
  if (name === "explore") showExplorePage();
  if (name === "alerts") showAlertsPage();
  if (name === "document") showDocumentPage();
}

async function health() {
  try {
    const h = await getJSON("/healthz");
    document.getElementById("health").textContent =
      `v${h.version} · ${h.database ? "database " + h.database.split("/").pop() : "no database"} · writes ${h.writes_enabled ? "on" : "off"}`;
  } catch {
    document.getElementById("health").textContent = "server unreachable";
  }
}

initCodePage();
initExplorePage();
initAlertsPage();
window.addEventListener("hashchange", route);
route();
health();
