// Problems at their fields, and the list of them that jumps to each.
import { $, button, nextId } from "./dom.js";
import { state } from "./state.js";

// ── Problems at their fields ────────────────────────────────────────────────────────────
export function fieldFor(path) {
  const ed = $("editor");
  for (let p = path; p; p = p.replace(/(\.[^.[]+|\[\d+\])$/, "")) {
    const el = ed.querySelector(`[data-path="${CSS.escape(p)}"]`);
    if (el) return el;
    if (!/(\.[^.[]+|\[\d+\])$/.test(p)) break;
  }
  return null;
}
export function markProblems() {
  const ed = $("editor");
  ed.querySelectorAll(".field-problem").forEach((e) => e.remove());
  ed.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
  for (const pr of state.problems) {
    // A problem between documents names the other place in its message too (nominees[3]).
    const paths = [pr.path, ...[...(pr.message || "").matchAll(/nominees\[\d+\]/g)].map((m) => m[0])];
    for (const path of paths) {
      const el = fieldFor(path);
      if (!el) continue;
      if (pr.severity === "error") el.setAttribute("aria-invalid", "true");
      const p = document.createElement("p");
      p.className = "field-problem " + pr.severity;
      p.id = nextId("p");
      p.textContent = pr.message + (pr.hint ? " — " + pr.hint : "");
      (el.closest(".field") || el.parentElement).append(p);
      el.setAttribute("aria-describedby", [el.getAttribute("aria-describedby"), p.id].filter(Boolean).join(" "));
    }
  }
}
export function listProblems() {
  const ul = $("problems");
  ul.replaceChildren();
  const errors = state.problems.filter((p) => p.severity === "error").length;
  $("problem-count").textContent = `(${errors} lỗi, ${state.problems.length - errors} khác)`;
  for (const pr of state.problems) {
    const li = document.createElement("li");
    li.className = pr.severity;
    const word = { error: "Lỗi", warning: "Cảnh báo", note: "Ghi chú" }[pr.severity] || pr.severity;
    li.append(button(`${word}: ${pr.place || pr.path || "hồ sơ"}: ${pr.message}`, () => {
      const el = fieldFor(pr.path);
      if (!el) return;
      for (let d = el.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
      const hidden = el.closest("[id^=nominee-detail-]");
      if (hidden) hidden.hidden = false;
      el.focus();
    }));
    ul.append(li);
  }
}

