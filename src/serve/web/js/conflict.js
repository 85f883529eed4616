// A save over a file changed on disk: the two versions side by side, field by field, and the
// clerk keeps either one for each; nothing is overwritten without that choice.
import { $ } from "./dom.js";
import { api } from "./http.js";
import { steps } from "./paths.js";
import { label } from "./schema.js";
import { state } from "./state.js";

/** Every leaf of a JSON value by its path ("nominees[2].name" → value). */
function leaves(v, path = "", out = new Map()) {
  if (Array.isArray(v)) v.forEach((x, i) => leaves(x, `${path}[${i}]`, out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) leaves(x, path ? `${path}.${k}` : k, out);
  else out.set(path, v);
  return out;
}

/** A path as the clerk reads it: each step's label, list items by their number. */
function placeOf(path) {
  return steps(path).map((s) => (typeof s === "number" ? `thứ ${s + 1}` : label(s))).join(", ");
}

function shown(v) {
  return v === undefined ? "(không có)" : v === "" ? "(trống)" : String(v);
}

/** `value` written at `path` in `root` (a copy being merged); undefined removes it. */
function put(root, path, value) {
  const st = steps(path);
  let v = root;
  for (let i = 0; i < st.length - 1; i++) {
    if (v[st[i]] == null) v[st[i]] = typeof st[i + 1] === "number" ? [] : {};
    v = v[st[i]];
  }
  const last = st[st.length - 1];
  if (value === undefined) { if (Array.isArray(v)) v.splice(last, 1); else delete v[last]; } else v[last] = value;
}

/** Show the differences between the page's version and the one on disk; `onMerged(data, etag)`
 * is called with the merged dossier and the disk version's ETag when the clerk saves. */
export async function showConflict(onMerged) {
  const res = await api("GET", "/v1/dossiers/" + state.path);
  const body = $("conflict-diff").tBodies[0];
  body.replaceChildren();
  if (!res.ok) return;
  const etag = res.headers.get("ETag") || "";
  const theirs = JSON.parse(await res.text());
  const mine = leaves(state.data);
  const disk = leaves(theirs);
  const paths = [...new Set([...mine.keys(), ...disk.keys()])].filter((p) => mine.get(p) !== disk.get(p));
  const keep = new Map(paths.map((p) => [p, "mine"]));
  paths.slice(0, 200).forEach((p, k) => {
    const tr = body.insertRow();
    tr.insertCell().textContent = placeOf(p);
    for (const [side, value] of [["disk", disk.get(p)], ["mine", mine.get(p)]]) {
      const td = tr.insertCell();
      const id = `conflict-${k}-${side}`;
      const radio = document.createElement("input");
      radio.type = "radio";
      radio.name = `conflict-${k}`;
      radio.id = id;
      radio.checked = side === "mine";
      radio.addEventListener("change", () => keep.set(p, side));
      const lab = document.createElement("label");
      lab.htmlFor = id;
      lab.textContent = shown(value);
      td.append(radio, lab);
    }
  });
  $("conflict-count").textContent = `${paths.length} chỗ khác nhau`;
  $("conflict-merge").onclick = () => {
    const merged = structuredClone(state.data);
    // Removals last and from the end, so list positions stay right while merging.
    const chosen = paths.filter((p) => keep.get(p) === "disk").sort().reverse();
    for (const p of chosen) put(merged, p, disk.get(p));
    onMerged(merged, etag);
  };
}
