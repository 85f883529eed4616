// The editor, generated from the schema: fields, lists, the vote grid, the nominee grid (which
// takes rows pasted from Excel, read by the service as hoso import reads a sheet), uploads.
import { $, button, nextId } from "./dom.js";
import { api, errorText, say } from "./http.js";
import { getAt, index, join, setAt } from "./paths.js";
import { markProblems } from "./problems.js";
import { help, label, resolve, shape, valueLabel } from "./schema.js";
import { NOMINEE_COLUMNS, changed, state } from "./state.js";

// ── The editor, generated from the schema ───────────────────────────────────────────────
function field(path, key, sch, required) {
  const sh = shape(sch);
  const wrap = document.createElement("div");
  wrap.className = "field";
  const id = nextId("f");
  const value = getAt(path);
  const lab = document.createElement("label");
  lab.htmlFor = id;
  lab.textContent = label(key) + (required ? " *" : "");
  const desc = help(resolve(sch)) || help(sh.s);
  let input;
  const ref = reference(path, key);
  if (ref) {
    // An id that names another part of the dossier is chosen by that part's name.
    input = document.createElement("select");
    input.add(new Option("—", ""));
    for (const [id, name] of ref) input.add(new Option(name, id));
    if (value && !ref.some(([id]) => id === value)) input.add(new Option(`${value} (chưa có trong hồ sơ)`, value));
    input.value = value == null ? "" : String(value);
    input.addEventListener("change", () => { setAt(path, input.value || undefined); changed(); });
  } else if (sh.kind === "enum") {
    input = document.createElement("select");
    const none = new Option("—", "");
    input.add(none);
    for (const o of sh.options) input.add(new Option(valueLabel(o), String(o.const)));
    input.value = value == null ? "" : String(value);
    input.addEventListener("change", () => {
      const o = sh.options.find((x) => String(x.const) === input.value);
      setAt(path, o ? o.const : undefined);
      changed();
    });
  } else if (sh.kind === "bool") {
    input = document.createElement("input");
    input.type = "checkbox";
    // Left out, a yes/no field is its default ("Báo cáo thành tích" is asked for unless said).
    input.checked = value === undefined ? resolve(sch).default === true || sh.s.default === true : value === true;
    input.addEventListener("change", () => { setAt(path, input.checked); changed(); });
  } else if (sh.kind === "lines" || sh.kind === "json") {
    input = document.createElement("textarea");
    input.value = sh.kind === "lines" ? (value || []).join("\n") : value === undefined ? "" : JSON.stringify(value, null, 2);
    input.addEventListener("input", () => {
      if (sh.kind === "lines") {
        const lines = input.value.split("\n").map((l) => l.trim()).filter((l) => l);
        setAt(path, lines.length || required ? lines : undefined);
      } else {
        try { setAt(path, input.value.trim() ? JSON.parse(input.value) : undefined); input.removeAttribute("aria-invalid"); }
        catch { input.setAttribute("aria-invalid", "true"); return; }
      }
      changed();
    });
  } else {
    // A value with a line break (an agency's name broken for the header) needs a text area:
    // a one-line input would drop the break.
    const multiline = (typeof value === "string" && value.includes("\n")) || desc.includes("\\n");
    input = document.createElement(multiline ? "textarea" : "input");
    if (multiline) input.rows = 2;
    else input.type = "text";
    input.value = value == null ? "" : String(value);
    if (sh.kind === "number") input.inputMode = "numeric";
    if (sh.s && sh.s.format === "vn-date") input.placeholder = "dd/mm/yyyy";
    if (sh.s && sh.s.format === "vn-time") input.placeholder = "GG:PP";
    input.addEventListener("input", () => {
      const t = input.value;
      if (t === "" && !required) setAt(path, undefined);
      else if (sh.kind === "number" && /^-?\d+(\.\d+)?$/.test(t.trim())) setAt(path, Number(t.trim()));
      else setAt(path, t);
      changed();
    });
  }
  input.id = id;
  input.dataset.path = path;
  wrap.append(lab, input);
  if (desc) {
    const p = document.createElement("p");
    p.className = "help";
    p.id = id + "-help";
    p.textContent = desc;
    input.setAttribute("aria-describedby", p.id);
    wrap.append(p);
  }
  if (key === "evidence") wrap.append(upload(path, "minh-chung/", true));
  if (key.endsWith("_image")) wrap.append(upload(path, "chu-ky/", false));
  return wrap;
}

// The choices of a field that holds another part's id: an authority ("Cấp quyết định") by its
// title, a title or award by its name; none for other fields.
function reference(path, key) {
  if (key === "authority" && !path.startsWith("authorities")) {
    return (getAt("authorities") || []).filter((a) => a && a.id).map((a) => [a.id, a.title || a.id]);
  }
  if (key === "award" && path.startsWith("minutes.rounds")) return awardChoices();
  return null;
}

// The dossier's titles and awards as the clerk names them: "Giấy khen", and whose when two
// share a name.
export function awardChoices() {
  const awards = (getAt("awards") || []).filter((a) => a && a.id);
  const authorities = getAt("authorities") || [];
  return awards.map((a) => {
    const same = awards.filter((b) => b.name === a.name).length > 1;
    const by = authorities.find((x) => x.id === a.authority);
    return [a.id, (a.name || a.id) + (same && by ? ` của ${by.title || by.id}` : "")];
  });
}

function objectFields(container, path, sch) {
  const s = shape(sch).s;
  const required = new Set(s.required || []);
  for (const [key, ps] of Object.entries(s.properties || {})) {
    if (key === "$schema" || key === "format") continue;
    const p = join(path, key);
    const sh = shape(ps);
    if (path === "" && key === "nominees") container.append(section(label(key), (c) => nomineeGrid(c)));
    else if (sh.kind === "object") {
      if (getAt(p) === undefined && !required.has(key)) {
        const b = button(`Thêm ${label(key).toLowerCase()}`, () => { setAt(p, {}); changed(true); });
        const f = document.createElement("div"); f.className = "field"; f.append(b);
        container.append(path === "" ? section(label(key), (c) => c.append(b)) : f);
        continue;
      }
      if (path === "") container.append(section(label(key), (c) => objectFields(c, p, ps)));
      else {
        const fs = document.createElement("fieldset");
        const lg = document.createElement("legend");
        lg.textContent = label(key);
        fs.append(lg);
        objectFields(fs, p, ps);
        container.append(fs);
      }
    } else if (sh.kind === "list") {
      const build = (c) => listField(c, p, key, sh.items);
      if (path === "") container.append(section(label(key), build));
      else {
        const fs = document.createElement("fieldset");
        const lg = document.createElement("legend");
        lg.textContent = label(key);
        fs.append(lg);
        build(fs);
        container.append(fs);
      }
    } else container.append(path === "" ? section(label(key), (c) => c.append(field(p, key, ps, required.has(key)))) : field(p, key, ps, required.has(key)));
  }
}

function section(title, build) {
  const d = document.createElement("details");
  d.className = "section";
  d.open = true;
  const s = document.createElement("summary");
  s.textContent = title;
  d.append(s);
  build(d);
  return d;
}

function move(list, i, j) {
  if (j < 0 || j >= list.length) return;
  const [x] = list.splice(i, 1);
  list.splice(j, 0, x);
}

// An editable table: its caption for screen readers, its column heads, an empty body.
function grid(caption, columns) {
  const wrap = document.createElement("div");
  wrap.className = "grid-wrap";
  const table = document.createElement("table");
  table.className = "grid";
  const cap = document.createElement("caption");
  cap.className = "sr-only";
  cap.textContent = caption;
  table.append(cap);
  const head = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = c;
    head.append(th);
  }
  const body = table.createTBody();
  wrap.append(table);
  return { wrap, table, body };
}

// A round's votes as a grid: one row per nominee voted on, their votes in favour.
function voteGrid(container, path) {
  const list = getAt(path) || [];
  const nominees = getAt("nominees") || [];
  const { wrap, body } = grid("Bảng phiếu của vòng bỏ phiếu", ["#", label("nominee"), label("in_favour"), "Thao tác"]);
  list.forEach((v, j) => {
    const row = body.insertRow();
    row.insertCell().textContent = String(j + 1);
    const who = document.createElement("select");
    who.add(new Option("—", ""));
    for (const n of nominees) who.add(new Option(n.name || `(chưa có tên, dòng ${nominees.indexOf(n) + 1})`, n.id));
    if (v.nominee && !nominees.some((n) => n.id === v.nominee)) who.add(new Option(v.nominee, v.nominee));
    who.value = v.nominee || "";
    who.dataset.path = `${path}[${j}].nominee`;
    who.setAttribute("aria-label", `${label("nominee")}, dòng ${j + 1}`);
    who.addEventListener("change", () => { v.nominee = who.value; changed(); });
    row.insertCell().append(who);
    const count = document.createElement("input");
    count.type = "text";
    count.inputMode = "numeric";
    count.value = v.in_favour == null ? "" : String(v.in_favour);
    count.dataset.path = `${path}[${j}].in_favour`;
    count.setAttribute("aria-label", `${label("in_favour")}, dòng ${j + 1}`);
    count.addEventListener("input", () => {
      const t = count.value.trim();
      v.in_favour = /^\d+$/.test(t) ? Number(t) : t;
      changed();
    });
    row.insertCell().append(count);
    row.insertCell().append(button("Xóa", () => { list.splice(j, 1); changed(true); }, `Xóa dòng phiếu ${j + 1}`));
  });
  container.append(wrap, button("Thêm dòng phiếu", () => {
    if (!getAt(path)) setAt(path, []);
    getAt(path).push({ nominee: "", in_favour: 0 });
    changed(true);
  }));
}

function listField(container, path, key, items) {
  if (key === "votes") return voteGrid(container, path);
  const list = getAt(path) || [];
  list.forEach((item, i) => {
    const p = index(path, i);
    const box = document.createElement("div");
    box.className = "item";
    const name = item && (item.name || item.title || item.id || item.nominee || item.award);
    const head = document.createElement("p");
    head.className = "item-tools";
    const what = `${label(key)} ${i + 1}${name ? " (" + name + ")" : ""}`;
    const strong = document.createElement("strong");
    strong.textContent = what;
    head.append(strong,
      button("Lên", () => { move(list, i, i - 1); changed(true); }, `Chuyển ${what} lên`),
      button("Xuống", () => { move(list, i, i + 1); changed(true); }, `Chuyển ${what} xuống`),
      button("Xóa", () => { list.splice(i, 1); changed(true); }, `Xóa ${what}`));
    box.append(head);
    objectFields(box, p, items);
    container.append(box);
  });
  container.append(button(`Thêm ${label(key).toLowerCase()}`, () => {
    if (!getAt(path)) setAt(path, []);
    getAt(path).push({});
    changed(true);
  }));
}

// ── The nominees as a grid: type or paste rows copied from Excel ────────────────────────
function nomineeGrid(container) {
  const ns = getAt("nominees") || [];
  const props = resolve(state.schema.$defs.Nominee).properties;
  const { wrap, table, body } = grid(
    "Danh sách người được đề nghị; dán các dòng sao chép từ Excel vào một ô để điền nhiều dòng",
    ["#", ...NOMINEE_COLUMNS.map(label), "Thao tác"]);
  table.id = "nominee-grid";
  ns.forEach((n, i) => {
    const row = body.insertRow();
    row.insertCell().textContent = String(i + 1);
    NOMINEE_COLUMNS.forEach((col, k) => {
      const cell = row.insertCell();
      const p = `nominees[${i}].${col}`;
      const sh = shape(props[col]);
      let input;
      if (sh.kind === "enum") {
        input = document.createElement("select");
        input.add(new Option("—", ""));
        for (const o of sh.options) input.add(new Option(valueLabel(o), String(o.const)));
        input.value = n[col] == null ? "" : String(n[col]);
        input.addEventListener("change", () => { setAt(p, input.value || undefined); changed(); });
      } else {
        input = document.createElement("input");
        input.type = "text";
        input.value = col === "awards" ? awardNames(n.awards || []) : n[col] == null ? "" : String(n[col]);
        input.addEventListener("input", () => {
          if (col === "awards") setAt(p, awardIds(input.value));
          else setAt(p, input.value === "" ? undefined : input.value);
          if (col === "name" && !n.id) n.id = idFor(input.value, i);
          changed();
        });
      }
      input.dataset.path = col === "awards" ? `nominees[${i}].awards` : p;
      input.setAttribute("aria-label", `${label(col)}, dòng ${i + 1}`);
      input.addEventListener("paste", (e) => pasteRows(e, i, k));
      cell.append(input);
    });
    const tools = row.insertCell();
    tools.className = "row-tools";
    const who = n.name || `dòng ${i + 1}`;
    tools.append(
      button("↑", () => { move(ns, i, i - 1); changed(true); }, `Chuyển ${who} lên`),
      button("↓", () => { move(ns, i, i + 1); changed(true); }, `Chuyển ${who} xuống`),
      button("Chi tiết", () => { const d = $("nominee-detail-" + i); d.hidden = !d.hidden; if (!d.hidden) d.querySelector("input,select,textarea")?.focus(); }, `Chi tiết của ${who}`),
      button("Xóa", () => { ns.splice(i, 1); changed(true); }, `Xóa ${who}`));
  });
  container.append(wrap);
  container.append(button("Thêm người được đề nghị", () => {
    if (!getAt("nominees")) setAt("nominees", []);
    const list = getAt("nominees");
    list.push({ id: idFor("", list.length), kind: "individual", name: "", awards: [] });
    changed(true);
  }));
  ns.forEach((n, i) => {
    const d = document.createElement("div");
    d.id = "nominee-detail-" + i;
    d.className = "item";
    d.hidden = true;
    const h = document.createElement("h3");
    h.textContent = `Chi tiết: ${n.name || "dòng " + (i + 1)}`;
    d.append(h);
    objectFields(d, `nominees[${i}]`, state.schema.$defs.Nominee);
    container.append(d);
  });
}

// A nominee's titles and awards by their names, "; " between.
function awardNames(ids) {
  const names = new Map(awardChoices());
  return ids.map((id) => names.get(id) || id).join("; ");
}

// The ids of the titles and awards typed by name (or id, or as a list writes them short).
function awardIds(text) {
  const fold = (s) => s.normalize("NFC").toLowerCase().replace(/[“”"]/g, "").replace(/^danh hiệu\s+/, "").trim();
  const choices = awardChoices();
  return text.split(/[;,]/).map((x) => x.trim()).filter((x) => x).map((part) => {
    const f = fold(part);
    const hit = choices.find(([id, name]) => fold(name) === f || id === part) ||
      choices.find(([, name]) => fold(name).startsWith(f + " của") || fold(name) === f);
    return hit ? hit[0] : part;
  });
}

function idFor(name, i) {
  const base = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d")
    .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "nguoi-" + (i + 1);
  const taken = new Set((getAt("nominees") || []).map((n) => n.id));
  let id = base, k = 2;
  while (taken.has(id)) id = `${base}-${k++}`;
  return id;
}

// Rows copied from Excel arrive as lines of tab-separated cells: fill from the cell pasted in.
// The service reads them as hoso import reads a sheet (Vietnamese words for the kind and the
// gender, dates as typed, awards by name or id); a cell it refuses is said, its row kept.
async function pasteRows(e, row, col) {
  const text = (e.clipboardData || window.clipboardData).getData("text");
  if (!text.includes("\t") && !text.includes("\n")) return;
  e.preventDefault();
  const lines = text.replace(/\r/g, "").split("\n").filter((l) => l.trim() !== "").map((l) => l.split("\t"));
  const columns = NOMINEE_COLUMNS.slice(col);
  const rows = lines.map((cells) => columns.map((_, c) => (cells[c] || "").trim()));
  const res = await api("POST", "/v1/paste", JSON.stringify({ columns, rows, dossier: state.data }), { "Content-Type": "application/json" });
  if (!res.ok) { say("Không dán được: " + (await errorText(res)), true); return; }
  const answer = await res.json();
  const list = getAt("nominees") || [];
  if (!getAt("nominees")) setAt("nominees", list);
  const refused = [];
  for (const r of answer.rows) {
    const i = row + r.row;
    if (!list[i]) list[i] = { kind: "individual", awards: [] };
    for (const key of columns) if (!(key in r.fields) && rows[r.row][columns.indexOf(key)] === "") delete list[i][key];
    Object.assign(list[i], r.fields);
    if (!list[i].id) list[i].id = idFor(list[i].name || "", i);
    refused.push(...r.refused);
  }
  say(`Đã dán ${lines.length} dòng vào danh sách.` + (refused.length ? ` Chưa nhận ${refused.length} ô: ${refused.join("; ")}` : ""), refused.length > 0);
  changed(true);
}

// A file uploaded into the dossier's folder (evidence into minh-chung/, signature and seal
// images into chu-ky/), its path added to the list or set as the field's value.
function upload(path, subfolder, many) {
  const wrap = document.createElement("span");
  const id = nextId("u");
  const lab = document.createElement("label");
  lab.htmlFor = id;
  lab.textContent = many ? "Tải tệp minh chứng (PNG, JPEG, PDF)" : "Tải ảnh (PNG nền trong suốt)";
  const input = document.createElement("input");
  input.type = "file";
  input.id = id;
  input.accept = many ? ".png,.jpg,.jpeg,.pdf" : ".png";
  input.addEventListener("change", async () => {
    const f = input.files[0];
    if (!f) return;
    const folder = state.path.includes("/") ? state.path.slice(0, state.path.lastIndexOf("/") + 1) : "";
    const rel = subfolder + f.name.replace(/[^\w.-]+/g, "-");
    const res = await api("PUT", "/v1/dossiers/" + folder + rel, f, { "If-None-Match": "*" });
    if (!res.ok && res.status !== 412) { say("Không tải được tệp: " + (await errorText(res)), true); return; }
    if (many) {
      const list = getAt(path) || [];
      if (!list.includes(rel)) list.push(rel);
      setAt(path, list);
    } else setAt(path, rel);
    changed(true);
  });
  wrap.append(lab, input);
  return wrap;
}

export function renderEditor() {
  const ed = $("editor");
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.path : null;
  const openDetails = [...ed.querySelectorAll("[id^=nominee-detail-]")].filter((d) => !d.hidden).map((d) => d.id);
  ed.replaceChildren();
  if (!state.data) return;
  objectFields(ed, "", state.schema);
  for (const id of openDetails) if ($(id)) $(id).hidden = false;
  if (focused) ed.querySelector(`[data-path="${CSS.escape(focused)}"]`)?.focus();
  markProblems();
}

