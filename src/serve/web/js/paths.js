// A place in the dossier as a path ("nominees[3].name"), read and written.
import { state } from "./state.js";

// ── Paths ───────────────────────────────────────────────────────────────────────────────
export const join = (p, k) => (p ? p + "." + k : k);
export const index = (p, i) => `${p}[${i}]`;
export function steps(path) {
  const out = [];
  for (const part of path.split(".")) {
    const m = part.match(/^([^[]*)((?:\[\d+\])*)$/);
    if (!m) { out.push(part); continue; }
    if (m[1]) out.push(m[1]);
    for (const i of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(i[1]));
  }
  return out;
}
export function getAt(path) {
  let v = state.data;
  for (const s of steps(path)) { if (v == null) return undefined; v = v[s]; }
  return v;
}
export function setAt(path, value) {
  const st = steps(path);
  let v = state.data;
  for (let i = 0; i < st.length - 1; i++) {
    if (v[st[i]] == null) v[st[i]] = typeof st[i + 1] === "number" ? [] : {};
    v = v[st[i]];
  }
  const last = st[st.length - 1];
  if (value === undefined) { if (Array.isArray(v)) v[last] = ""; else delete v[last]; } else v[last] = value;
}

