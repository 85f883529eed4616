// hoso workbench: compose a dossier of the workspace with a live preview of the PDF.
// Plain JavaScript, no build step. Every edit goes to a local draft (it survives a reload),
// to the undo stack, and after a pause to /v1/preview, whose problems are shown at their
// fields. Saving names the version it replaces (If-Match), so a file changed on disk is
// never overwritten silently.
"use strict";

const PREVIEW_PAUSE_MS = 120;
const $ = (id) => document.getElementById(id);

// Vietnamese names of the format's fields, as the forms print them.
const LABELS = {
  format: "Định dạng", agency: "Cơ quan", name: "Tên", abbreviation: "Tên viết tắt", parent: "Cơ quan chủ quản",
  place: "Địa danh", seal_image: "Ảnh con dấu", movement: "Phong trào thi đua", period: "Giai đoạn",
  plan: "Kế hoạch phát động", authorities: "Cấp quyết định", id: "Mã", title: "Chức danh", own: "Thủ trưởng đơn vị",
  awards: "Danh hiệu, hình thức", kind: "Loại", for: "Người nhận", authority: "Cấp quyết định",
  commendation: "Loại khen thưởng", report: "Báo cáo thành tích", vote: "Tỷ lệ biểu quyết", prize: "Tiền thưởng",
  threshold_percent: "Tỷ lệ cần đạt (%)", voting: "Hình thức biểu quyết", individual: "Hệ số cá nhân",
  collective: "Hệ số tập thể", source: "Căn cứ hệ số", proposals: "Tờ trình", number: "Số", date: "Ngày",
  addressees: "Kính gửi", legal_bases: "Căn cứ", body: "Nội dung", signer: "Người ký", recipients: "Nơi nhận",
  archive_unit: "Đơn vị lưu", deadline: "Hạn nộp", prefix: "Quyền hạn ký", on_behalf_of: "Ký thay cho",
  position: "Chức vụ", signature_image: "Ảnh chữ ký", decisions: "Quyết định", proposed_by: "Theo đề nghị của",
  executors: "Người thi hành", fund: "Nguồn tiền thưởng", electronic: "Bản ký số", awardees: "Người được khen",
  certificates: "Giấy khen", print: "Cách in", golden_book_start: "Số sổ vàng đầu tiên", emblem_image: "Ảnh biểu tượng",
  blank: "Phôi", offset_mm: "Cân chỉnh máy in (mm)", nominees: "Người được đề nghị", unit: "Đơn vị công tác",
  birth_date: "Ngày sinh", gender: "Giới tính", summary: "Tóm tắt thành tích", note: "Ghi chú", evidence: "Minh chứng",
  profile: "Thông tin chung", achievements: "Thành tích", contributions: "Đóng góp", certifier: "Người xác nhận",
  head: "Thủ trưởng tập thể", address: "Địa chỉ", phone: "Điện thoại", email: "Thư điện tử", structure: "Cơ cấu tổ chức",
  staff: "Cán bộ, viên chức", functions: "Chức năng, nhiệm vụ", home_town: "Quê quán", residence: "Nơi thường trú",
  ethnicity: "Dân tộc", education: "Trình độ", paragraphs: "Các đoạn", amount: "Số tiền (đồng)", year: "Năm",
  decision: "Quyết định", minutes: "Biên bản họp Hội đồng", start: "Giờ bắt đầu", end: "Giờ kết thúc",
  members: "Thành viên", rounds: "Vòng bỏ phiếu", proceedings: "Diễn biến", sealed: "Đóng dấu",
  total_members: "Tổng số thành viên", role: "Vai trò", present: "Có mặt", absence_reason: "Lý do vắng",
  written_opinion: "Ý kiến bằng văn bản", votes: "Phiếu", nominee: "Người được đề nghị", in_favour: "Số phiếu đồng ý",
  wording: "Lời văn", labels: "Nhãn", forms: "Mẫu biểu", $schema: "Lược đồ",
};
const NOMINEE_COLUMNS = ["name", "kind", "position", "unit", "birth_date", "gender", "awards", "summary"];
// Vietnamese words for the format's values, in the choices offered.
const VALUE_LABELS = {
  individual: "Cá nhân", collective: "Tập thể", male: "Nam", female: "Nữ", title: "Danh hiệu thi đua",
  award: "Hình thức khen thưởng", both: "Cả hai", show_of_hands: "Biểu quyết giơ tay", secret_ballot: "Bỏ phiếu kín",
  chair: "Chủ tịch Hội đồng", secretary: "Thư ký", member: "Ủy viên", plain: "Giấy trắng A4", blank: "Phôi in sẵn",
  chuyen_de: "Khen thưởng theo chuyên đề", cong_trang: "Khen thưởng công trạng", dot_xuat: "Khen thưởng đột xuất",
  cong_hien: "Khen thưởng quá trình cống hiến", nien_han: "Khen thưởng theo niên hạn", doi_ngoai: "Khen thưởng đối ngoại",
};
const valueLabel = (o) => VALUE_LABELS[o.const] || (o.description ? `${o.const} — ${o.description.split(/[:.]/)[0]}` : String(o.const));
const VIETNAMESE_VALUES = { "cá nhân": "individual", "tập thể": "collective", "nam": "male", "nữ": "female", "nu": "female" };

const state = {
  schema: null, path: null, etag: null, data: null, saved: null, undo: [], document: null,
  previewTimer: null, previewSeq: 0, problems: [],
};

// ── HTTP ────────────────────────────────────────────────────────────────────────────────
async function api(method, url, body, headers = {}) {
  // The page speaks Vietnamese, whatever language the browser asks for.
  url += (url.includes("?") ? "&" : "?") + "lang=vi";
  const token = sessionStorage.getItem("hoso-token");
  if (token) headers.Authorization = "Bearer " + token;
  let res = await fetch(url, { method, body, headers });
  if (res.status === 401) {
    const t = prompt("Máy chủ cần mã truy cập (token):");
    if (t) { sessionStorage.setItem("hoso-token", t); return api(method, url, body, headers); }
  }
  return res;
}
async function errorText(res) {
  try { const j = await res.json(); return j.error || res.statusText; } catch { return res.statusText; }
}
function say(text, bad = false) {
  const s = $("status");
  s.textContent = text;
  s.className = bad ? "error" : "";
}

// ── Schema ──────────────────────────────────────────────────────────────────────────────
function resolve(s) {
  for (let i = 0; s && s.$ref && i < 16; i++) s = state.schema.$defs[s.$ref.replace("#/$defs/", "")];
  return s || {};
}
// A property's schema without the null branch: its shape and whether it may be left out.
function shape(s) {
  s = resolve(s);
  const branches = s.anyOf || s.oneOf;
  if (branches) {
    const real = branches.map(resolve).filter((b) => b.type !== "null");
    if (real.length && real.every((b) => b.const !== undefined)) return { kind: "enum", options: real, s };
    if (real.length === 1) return { ...shape(real[0]), description: s.description || real[0].description };
    return { kind: "text", s };
  }
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== "null") : s.type;
  if (s.enum) return { kind: "enum", options: s.enum.map((v) => ({ const: v })), s };
  if (t === "object" && s.properties) return { kind: "object", s };
  if (t === "object") return { kind: "json", s };
  if (t === "array") {
    const items = resolve(s.items);
    const it = shape(items);
    return { kind: it.kind === "object" ? "list" : it.kind === "enum" || it.kind === "text" || it.kind === "number" ? "lines" : "json", s, items };
  }
  if (t === "boolean") return { kind: "bool", s };
  if (t === "integer" || t === "number") return { kind: "number", s };
  return { kind: "text", s };
}
function help(s) {
  const d = (s && s.description) || "";
  return d.split("\n").join(" ");
}
const label = (key) => LABELS[key] || key;

// ── Paths ───────────────────────────────────────────────────────────────────────────────
const join = (p, k) => (p ? p + "." + k : k);
const index = (p, i) => `${p}[${i}]`;
function steps(path) {
  const out = [];
  for (const part of path.split(".")) {
    const m = part.match(/^([^\[]*)((?:\[\d+\])*)$/);
    if (!m) { out.push(part); continue; }
    if (m[1]) out.push(m[1]);
    for (const i of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(i[1]));
  }
  return out;
}
function getAt(path) {
  let v = state.data;
  for (const s of steps(path)) { if (v == null) return undefined; v = v[s]; }
  return v;
}
function setAt(path, value) {
  const st = steps(path);
  let v = state.data;
  for (let i = 0; i < st.length - 1; i++) {
    if (v[st[i]] == null) v[st[i]] = typeof st[i + 1] === "number" ? [] : {};
    v = v[st[i]];
  }
  const last = st[st.length - 1];
  if (value === undefined) { if (Array.isArray(v)) v[last] = ""; else delete v[last]; } else v[last] = value;
}

// ── Editing, undo, drafts ───────────────────────────────────────────────────────────────
function snapshot() { return JSON.stringify(state.data); }
let lastSnap = null;
function changed(rerender = false) {
  const now = snapshot();
  if (lastSnap !== null && now !== lastSnap) {
    state.undo.push(lastSnap);
    if (state.undo.length > 200) state.undo.shift();
  }
  lastSnap = now;
  $("undo-button").disabled = state.undo.length === 0;
  localStorage.setItem("hoso-draft:" + state.path, JSON.stringify({ base: state.etag, text: now }));
  say(now === state.saved ? "" : "Có thay đổi chưa lưu (bản nháp được giữ trong trình duyệt).");
  if (rerender) renderEditor();
  schedulePreview();
}
function undo() {
  if (!state.undo.length) return;
  const prev = state.undo.pop();
  state.data = JSON.parse(prev);
  lastSnap = prev;
  $("undo-button").disabled = state.undo.length === 0;
  localStorage.setItem("hoso-draft:" + state.path, JSON.stringify({ base: state.etag, text: prev }));
  renderEditor();
  schedulePreview();
  say("Đã hoàn tác.");
}

// ── The editor, generated from the schema ───────────────────────────────────────────────
let uid = 0;
function field(path, key, sch, required) {
  const sh = shape(sch);
  const wrap = document.createElement("div");
  wrap.className = "field";
  const id = "f" + ++uid;
  const value = getAt(path);
  const lab = document.createElement("label");
  lab.htmlFor = id;
  lab.textContent = label(key) + (required ? " *" : "");
  const desc = help(resolve(sch)) || help(sh.s);
  let input;
  if (sh.kind === "enum") {
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
    input.checked = value === true;
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

function button(text, action, aria) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  if (aria) b.setAttribute("aria-label", aria);
  b.addEventListener("click", action);
  return b;
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
  const { wrap, table, body } = grid("Bảng phiếu của vòng bỏ phiếu", ["#", label("nominee"), label("in_favour"), "Thao tác"]);
  list.forEach((v, j) => {
    const row = body.insertRow();
    row.insertCell().textContent = String(j + 1);
    const who = document.createElement("select");
    who.add(new Option("—", ""));
    for (const n of nominees) who.add(new Option(`${n.name || n.id} (${n.id})`, n.id));
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
        input.value = col === "awards" ? (n.awards || []).join(", ") : n[col] == null ? "" : String(n[col]);
        input.addEventListener("input", () => {
          if (col === "awards") setAt(p, input.value.split(/[,;]/).map((x) => x.trim()).filter((x) => x));
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

function idFor(name, i) {
  const base = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d")
    .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "nguoi-" + (i + 1);
  const taken = new Set((getAt("nominees") || []).map((n) => n.id));
  let id = base, k = 2;
  while (taken.has(id)) id = `${base}-${k++}`;
  return id;
}

// Rows copied from Excel arrive as lines of tab-separated cells: fill from the cell pasted in.
function pasteRows(e, row, col) {
  const text = (e.clipboardData || window.clipboardData).getData("text");
  if (!text.includes("\t") && !text.includes("\n")) return;
  e.preventDefault();
  const rows = text.replace(/\r/g, "").split("\n").filter((l) => l.trim() !== "").map((l) => l.split("\t"));
  const list = getAt("nominees") || [];
  if (!getAt("nominees")) setAt("nominees", list);
  rows.forEach((cells, r) => {
    const i = row + r;
    if (!list[i]) list[i] = { kind: "individual", awards: [] };
    cells.forEach((raw, c) => {
      const key = NOMINEE_COLUMNS[col + c];
      if (!key) return;
      let v = raw.trim();
      if (key === "kind" || key === "gender") v = VIETNAMESE_VALUES[v.toLowerCase()] || v;
      if (key === "awards") list[i].awards = v.split(/[,;]/).map((x) => x.trim()).filter((x) => x);
      else if (v === "") delete list[i][key];
      else list[i][key] = v;
    });
    if (!list[i].id) list[i].id = idFor(list[i].name || "", i);
  });
  say(`Đã dán ${rows.length} dòng vào danh sách.`);
  changed(true);
}

// A file uploaded into the dossier's folder (evidence into minh-chung/, signature and seal
// images into chu-ky/), its path added to the list or set as the field's value.
function upload(path, subfolder, many) {
  const wrap = document.createElement("span");
  const id = "u" + ++uid;
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
    const rel = subfolder + f.name.replace(/[^\w.\-]+/g, "-");
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

function renderEditor() {
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

// ── Problems at their fields ────────────────────────────────────────────────────────────
function fieldFor(path) {
  const ed = $("editor");
  for (let p = path; p; p = p.replace(/(\.[^.\[]+|\[\d+\])$/, "")) {
    const el = ed.querySelector(`[data-path="${CSS.escape(p)}"]`);
    if (el) return el;
    if (!/(\.[^.\[]+|\[\d+\])$/.test(p)) break;
  }
  return null;
}
function markProblems() {
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
      p.id = "p" + ++uid;
      p.textContent = pr.message + (pr.hint ? " — " + pr.hint : "");
      (el.closest(".field") || el.parentElement).append(p);
      el.setAttribute("aria-describedby", [el.getAttribute("aria-describedby"), p.id].filter(Boolean).join(" "));
    }
  }
}
function listProblems() {
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

// ── Preview: the PDF itself, rasterised, after each pause in typing ─────────────────────
function schedulePreview() {
  clearTimeout(state.previewTimer);
  state.previewTimer = setTimeout(preview, PREVIEW_PAUSE_MS);
}
async function preview() {
  if (!state.data) return;
  const seq = ++state.previewSeq;
  $("preview-status").textContent = "Đang cập nhật…";
  const q = new URLSearchParams({ path: state.path || "" });
  if (state.document) q.set("document", state.document);
  const res = await api("POST", "/v1/preview?" + q, JSON.stringify(state.data), { "Content-Type": "application/json" });
  if (seq !== state.previewSeq) return;
  if (!res.ok) { $("preview-status").textContent = "Không xem trước được: " + (await errorText(res)); return; }
  const answer = await res.json();
  state.problems = answer.problems || [];
  listProblems();
  markProblems();
  $("pages").classList.toggle("stale", !answer.valid);
  if (!answer.valid) { $("preview-status").textContent = "Hồ sơ còn lỗi: sửa các lỗi để xem bản in (bản xem trước dưới đây là của lần trước)."; return; }
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
  $("preview-status").textContent = `${answer.document ? answer.document.title : ""} — ${pages.length} trang`;
  document.body.dataset.previewed = String(seq);
  document.body.dataset.previewPath = state.path;
}

// ── Files of the workspace ──────────────────────────────────────────────────────────────
async function listDossiers(select) {
  const res = await api("GET", "/v1/dossiers");
  if (!res.ok) { say("Không đọc được thư mục làm việc: " + (await errorText(res)), true); return []; }
  const { dossiers } = await res.json();
  for (const s of [$("dossier-select"), $("new-from")]) {
    s.replaceChildren(...dossiers.map((d) => new Option(d.path, d.path)));
  }
  if (select) $("dossier-select").value = select;
  return dossiers;
}

async function open(path) {
  const res = await api("GET", "/v1/dossiers/" + path);
  if (!res.ok) { say("Không mở được " + path + ": " + (await errorText(res)), true); return; }
  state.path = path;
  state.etag = res.headers.get("ETag");
  const text = await res.text();
  state.saved = JSON.stringify(JSON.parse(text));
  state.data = JSON.parse(text);
  state.undo = [];
  state.document = null;
  const draft = JSON.parse(localStorage.getItem("hoso-draft:" + path) || "null");
  if (draft && draft.text !== state.saved) {
    state.data = JSON.parse(draft.text);
    say(draft.base === state.etag
      ? "Đã khôi phục bản sửa chưa lưu từ lần trước."
      : "Đã khôi phục bản sửa chưa lưu; tệp trên đĩa đã thay đổi từ đó — khi lưu sẽ được hỏi.");
  } else say("Đã mở " + path + ".");
  lastSnap = snapshot();
  $("undo-button").disabled = true;
  $("dossier-select").value = path;
  history.replaceState(null, "", "#" + encodeURIComponent(path));
  renderEditor();
  preview();
}

async function save(overwriteTag) {
  if (!state.data) return false;
  const text = JSON.stringify(state.data, null, 2) + "\n";
  const res = await api("PUT", "/v1/dossiers/" + state.path, text, { "Content-Type": "application/json", "If-Match": overwriteTag || state.etag });
  if (res.status === 412) {
    $("conflict-text").textContent = "Tệp " + state.path + " đã bị thay đổi trên đĩa (có thể ở nơi khác) sau khi bạn mở. Bản sửa của bạn vẫn còn trên trang này.";
    $("conflict").hidden = false;
    $("conflict").dataset.etag = res.headers.get("ETag") || "";
    say("Chưa lưu: tệp đã thay đổi trên đĩa.", true);
    return false;
  }
  if (!res.ok) { say("Chưa lưu (bản sửa vẫn còn trên trang): " + (await errorText(res)), true); return false; }
  state.etag = res.headers.get("ETag");
  state.saved = JSON.stringify(state.data);
  localStorage.removeItem("hoso-draft:" + state.path);
  $("conflict").hidden = true;
  say("Đã lưu " + state.path + ".");
  return true;
}

async function publish() {
  if (snapshot() !== state.saved && !(await save())) return;
  say("Đang in hồ sơ…");
  const res = await api("POST", "/v1/publish?" + new URLSearchParams({ path: state.path }));
  if (!res.ok) { say("Không in được: " + (await errorText(res)), true); return; }
  const blob = await res.blob();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = state.path.replace(/\.json$/, "").replace(/.*\//, "") + ".zip";
  document.body.append(a);
  a.click();
  a.remove();
  say("Đã in vào thư mục " + state.path.replace(/\.json$/, "-pdf/") + " và tải tệp ZIP.");
}

async function createDossier() {
  const path = $("new-path").value.trim();
  const source = document.querySelector("input[name=source]:checked").value;
  if (!/\.json$/.test(path)) { $("new-error").textContent = "Tên tệp phải kết thúc bằng .json"; return false; }
  let res;
  if (source === "kind") res = await api("GET", "/v1/starter?kind=" + $("new-kind").value);
  else {
    const from = await api("GET", "/v1/dossiers/" + $("new-from").value);
    if (!from.ok) { $("new-error").textContent = await errorText(from); return false; }
    const text = await from.text();
    res = source === "carry" ? await api("POST", "/v1/carry-over", text, { "Content-Type": "application/json" }) : new Response(text);
  }
  if (!res.ok) { $("new-error").textContent = await errorText(res); return false; }
  const data = await res.json();
  const put = await api("PUT", "/v1/dossiers/" + path, JSON.stringify(data, null, 2) + "\n", { "Content-Type": "application/json", "If-None-Match": "*" });
  if (!put.ok) { $("new-error").textContent = put.status === 412 ? "Tệp này đã có." : await errorText(put); return false; }
  await listDossiers(path);
  await open(path);
  return true;
}

async function importSheet(file) {
  const form = new FormData();
  form.append("sheet", file, file.name);
  form.append("dossier", new Blob([JSON.stringify(state.data)], { type: "application/json" }), "dossier.json");
  const res = await api("POST", "/v1/import", form);
  if (!res.ok) { say("Không nhập được: " + (await errorText(res)), true); return; }
  const r = await res.json();
  $("import-summary").textContent = `${r.rows} dòng: nhập ${r.imported} (mới ${r.added}, cập nhật ${r.updated}, ${r.votes} số phiếu); từ chối ${r.refused.length} ô.`;
  $("import-refused").replaceChildren(...r.refused.map((t) => { const li = document.createElement("li"); li.textContent = t; return li; }));
  const dlg = $("import-dialog");
  $("import-apply").onclick = () => { state.data = r.dossier; dlg.close(); changed(true); say("Đã nhập từ " + file.name + "."); };
  dlg.showModal();
}

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
  const dossiers = await listDossiers();
  const wanted = decodeURIComponent(location.hash.slice(1));
  const first = dossiers.find((d) => d.path === wanted) || dossiers[0];
  if (first) await open(first.path);
  document.body.dataset.ready = "true";
}
start();
