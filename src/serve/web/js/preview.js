// The preview: the PDF itself, rasterised by the service, after each pause in typing.
import { $ } from "./dom.js";
import { api, errorText } from "./http.js";
import { listProblems, markProblems } from "./problems.js";
import { PREVIEW_PAUSE_MS, state } from "./state.js";

// ── Preview: the PDF itself, rasterised, after each pause in typing ─────────────────────
export function schedulePreview() {
  clearTimeout(state.previewTimer);
  state.previewTimer = setTimeout(preview, PREVIEW_PAUSE_MS);
}
export async function preview() {
  if (!state.data) return;
  const seq = ++state.previewSeq;
  $("preview-status").textContent = "Đang cập nhật…";
  // The clerk's date stands in for the dates a draft does not have yet.
  const now = new Date();
  const today = [now.getDate(), now.getMonth() + 1].map((n) => String(n).padStart(2, "0")).join("/") + "/" + now.getFullYear();
  const q = new URLSearchParams({ path: state.path || "", today });
  if (state.document) q.set("document", state.document);
  const res = await api("POST", "/v1/preview?" + q, JSON.stringify(state.data), { "Content-Type": "application/json" });
  if (seq !== state.previewSeq) return;
  if (!res.ok) { $("preview-status").textContent = "Không xem trước được: " + (await errorText(res)); return; }
  const answer = await res.json();
  state.problems = answer.problems || [];
  listProblems();
  markProblems();
  $("pages").classList.toggle("stale", !answer.valid && !answer.draft);
  $("pages").classList.toggle("draft", Boolean(answer.draft));
  if (!answer.valid && !answer.draft) { $("preview-status").textContent = "Hồ sơ chưa đọc được: sửa các lỗi để xem bản in (bản xem trước dưới đây là của lần trước)."; return; }
  const sel = $("document-select");
  const current = answer.document ? answer.document.file : state.document;
  sel.replaceChildren(...answer.outline.map((d) => new Option(d.title, d.file)));
  if (current) sel.value = current;
  const pages = (answer.document && answer.document.pages) || [];
  const thumbs = $("thumbs"), holder = $("pages");
  thumbs.replaceChildren();
  holder.replaceChildren();
  pages.forEach((pg, i) => {
    const fig = document.createElement("figure");
    fig.id = "page-" + (i + 1);
    // A page past the preview's budget of pixels comes as text only.
    const img = pg.png ? new Image() : document.createElement("p");
    if (pg.png) {
      img.src = pg.png;
      img.alt = `Trang ${i + 1}: ${pg.text}`;
    } else {
      img.className = "page-as-text";
      img.textContent = `Trang ${i + 1} (không vẽ ảnh xem trước cho trang này; văn bản in vẫn đủ): ${pg.text}`;
    }
    const cap = document.createElement("figcaption");
    cap.className = "sr-only page-text";
    cap.textContent = pg.text;
    fig.append(img, cap);
    holder.append(fig);
    const t = document.createElement("button");
    t.type = "button";
    t.setAttribute("aria-label", `Đến trang ${i + 1}`);
    if (pg.png) {
      const ti = new Image();
      ti.src = pg.png;
      ti.alt = "";
      t.append(ti);
    } else {
      t.textContent = String(i + 1);
    }
    t.addEventListener("click", () => fig.scrollIntoView());
    thumbs.append(t);
  });
  const errors = answer.problems.filter((p) => p.severity === "error").length;
  $("preview-status").textContent = `${answer.document ? answer.document.title : ""} — ${pages.length} trang` +
    (answer.draft ? ` — BẢN NHÁP: hồ sơ còn ${errors} lỗi; chỉ in, ký được khi hết lỗi` : "");
  document.body.dataset.draft = String(Boolean(answer.draft));
  document.body.dataset.previewed = String(seq);
  document.body.dataset.previewPath = state.path;
}

