// The signature status of the published dossier: each document of its folder, whether every
// field is signed and every signature valid, as the service's `hoso verify` finds it.
import { $ } from "./dom.js";
import { api } from "./http.js";
import { state } from "./state.js";

const WORDS = {
  valid: "Đã ký đủ, hợp lệ",
  incomplete: "Còn ô chưa ký",
  indeterminate: "Đã ký, chưa xác minh được chứng thư",
  invalid: "KHÔNG HỢP LỆ",
};

/** Show the signature status of the current dossier's published folder. */
export async function showSignatures() {
  const list = $("signatures");
  if (!list || !state.path) return;
  const res = await api("GET", "/v1/signatures?" + new URLSearchParams({ path: state.path }));
  const answer = res.ok ? await res.json() : { published: false };
  if (!answer.published) {
    list.replaceChildren(line("Chưa in hồ sơ này (chưa có thư mục " + state.path.replace(/\.json$/, "-pdf/") + ")."));
    return;
  }
  const files = answer.files;
  list.replaceChildren(...files.map((f) => {
    const li = line("");
    const name = document.createElement("span");
    name.className = "signature-file";
    name.textContent = f.file;
    const verdict = document.createElement("span");
    verdict.className = "signature-" + f.verdict;
    verdict.textContent = WORDS[f.verdict] || f.verdict;
    li.append(name, ": ", verdict);
    const signed = f.signatures.map((s) => s.signer + " (" + s.field + ")");
    if (signed.length) li.append(document.createElement("br"), "Đã ký: " + signed.join(", "));
    if (f.empty_fields.length) li.append(document.createElement("br"), "Còn trống: " + f.empty_fields.join(", "));
    return li;
  }));
}

function line(text) {
  const li = document.createElement("li");
  li.textContent = text;
  return li;
}
