// hoso workbench: compose a dossier of the workspace with a live preview of the PDF.
// Plain JavaScript modules, no build step. Every edit goes to a local draft (it survives a
// reload), to the undo stack, and after a pause to /v1/preview, whose problems are shown at
// their fields. Saving names the version it replaces (If-Match), so a file changed on disk is
// never overwritten silently.
import { $ } from "./dom.js";
import { renderEditor } from "./editor.js";
import { createDossier, importSheet, listDossiers, listKinds, open, publish, save } from "./files.js";
import { api } from "./http.js";
import { preview, schedulePreview } from "./preview.js";
import { hooks, snapshot, state, undo } from "./state.js";

hooks.rerender = renderEditor;
hooks.preview = schedulePreview;

// ── Start ───────────────────────────────────────────────────────────────────────────────
async function start() {
  // The address hoso serve prints carries the session's token (#token=…): kept for this tab,
  // then taken out of the address bar.
  if (location.hash.startsWith("#token=")) {
    sessionStorage.setItem("hoso-token", location.hash.slice(7));
    history.replaceState(null, "", location.pathname + location.search);
  }
  const res = await api("GET", "/v1/schema?lang=vi");
  state.schema = await res.json();
  $("dossier-select").addEventListener("change", (e) => open(e.target.value));
  $("document-select").addEventListener("change", (e) => { state.document = e.target.value; preview(); });
  $("save-button").addEventListener("click", () => save());
  $("undo-button").addEventListener("click", undo);
  $("publish-button").addEventListener("click", publish);
  $("conflict-reload").addEventListener("click", () => { localStorage.removeItem("hoso-draft:" + state.path); $("conflict").hidden = true; open(state.path); });
  $("conflict-overwrite").addEventListener("click", () => save($("conflict").dataset.etag));
  $("new-button").addEventListener("click", () => { $("new-error").textContent = ""; $("new-dialog").showModal(); });
  $("new-cancel").addEventListener("click", () => $("new-dialog").close());
  $("new-form").addEventListener("submit", async (e) => { e.preventDefault(); if (await createDossier()) $("new-dialog").close(); });
  $("import-button").addEventListener("click", () => $("import-file").click());
  $("import-file").addEventListener("change", (e) => { if (e.target.files[0]) importSheet(e.target.files[0]); e.target.value = ""; });
  $("import-cancel").addEventListener("click", () => $("import-dialog").close());
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); save(); }
    if ((e.ctrlKey || e.metaKey) && e.key === "z" && !/INPUT|TEXTAREA/.test(document.activeElement.tagName)) { e.preventDefault(); undo(); }
  });
  window.addEventListener("beforeunload", (e) => { if (state.data && snapshot() !== state.saved) e.preventDefault(); });
  await listKinds();
  const dossiers = await listDossiers();
  const wanted = decodeURIComponent(location.hash.slice(1));
  const first = dossiers.find((d) => d.path === wanted) || dossiers[0];
  if (first) await open(first.path);
  document.body.dataset.ready = "true";
}
start();
