// Calls to the service, with the session's token; the status line.
import { $ } from "./dom.js";

// ── HTTP ────────────────────────────────────────────────────────────────────────────────
export async function api(method, url, body, headers = {}) {
  // The page speaks Vietnamese, whatever language the browser asks for.
  url += (url.includes("?") ? "&" : "?") + "lang=vi";
  const token = sessionStorage.getItem("hoso-token");
  if (token) headers.Authorization = "Bearer " + token;
  const res = await fetch(url, { method, body, headers });
  if (res.status === 401) {
    const t = prompt("Máy chủ cần mã truy cập (token):");
    if (t) { sessionStorage.setItem("hoso-token", t); return api(method, url, body, headers); }
  }
  return res;
}
export async function errorText(res) {
  try { const j = await res.json(); return j.error || res.statusText; } catch { return res.statusText; }
}
export function say(text, bad = false) {
  const s = $("status");
  s.textContent = text;
  s.className = bad ? "error" : "";
}

