// The page's state: the dossier being edited, its saved version, the undo stack, the draft
// kept in the browser; and what an edit sets going (a new editor, a preview), hooked in by
// main.js.
import { $ } from "./dom.js";
import { say } from "./http.js";

export const PREVIEW_PAUSE_MS = 120;
// The nominee grid's columns, by the format's field names.
export const NOMINEE_COLUMNS = ["name", "kind", "position", "unit", "birth_date", "gender", "awards", "summary"];

export const state = {
  schema: null, path: null, etag: null, data: null, saved: null, undo: [], document: null,
  previewTimer: null, previewSeq: 0, problems: [],
};

// What an edit sets going, set by main.js: re-render the editor, schedule a preview.
export const hooks = { rerender: () => {}, preview: () => {} };

// ── Editing, undo, drafts ──
export function snapshot() { return JSON.stringify(state.data); }
let lastSnap = null;
export function changed(rerender = false) {
  const now = snapshot();
  if (lastSnap !== null && now !== lastSnap) {
    state.undo.push(lastSnap);
    if (state.undo.length > 200) state.undo.shift();
  }
  lastSnap = now;
  $("undo-button").disabled = state.undo.length === 0;
  localStorage.setItem("hoso-draft:" + state.path, JSON.stringify({ base: state.etag, text: now }));
  say(now === state.saved ? "" : "Có thay đổi chưa lưu (bản nháp được giữ trong trình duyệt).");
  if (rerender) hooks.rerender();
  hooks.preview();
}
export function undo() {
  if (!state.undo.length) return;
  const prev = state.undo.pop();
  state.data = JSON.parse(prev);
  lastSnap = prev;
  $("undo-button").disabled = state.undo.length === 0;
  localStorage.setItem("hoso-draft:" + state.path, JSON.stringify({ base: state.etag, text: prev }));
  hooks.rerender();
  hooks.preview();
  say("Đã hoàn tác.");
}


// Start the undo history afresh from the dossier as it is now (a dossier just opened).
export function resetHistory() {
  lastSnap = snapshot();
}
