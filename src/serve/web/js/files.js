// The workspace's files: list, open (with the draft kept in the browser), save with the
// version it replaces, publish, create, import a spreadsheet.
import { showConflict } from "./conflict.js";
import { $ } from "./dom.js";
import { api, errorText, say } from "./http.js";
import { renderEditor } from "./editor.js";
import { preview } from "./preview.js";
import { showSignatures } from "./signatures.js";
import { changed, resetHistory, snapshot, state } from "./state.js";

// ── Files of the workspace ──────────────────────────────────────────────────────────────
export async function listDossiers(select) {
  const res = await api("GET", "/v1/dossiers");
  if (!res.ok) { say("Không đọc được thư mục làm việc: " + (await errorText(res)), true); return []; }
  const { dossiers } = await res.json();
  for (const s of [$("dossier-select"), $("new-from")]) {
    s.replaceChildren(...dossiers.map((d) => new Option(d.path, d.path)));
  }
  if (select) $("dossier-select").value = select;
  return dossiers;
}

export async function open(path) {
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
  resetHistory();
  $("undo-button").disabled = true;
  $("dossier-select").value = path;
  history.replaceState(null, "", "#" + encodeURIComponent(path));
  renderEditor();
  preview();
  showSignatures();
}

export async function save(overwriteTag) {
  if (!state.data) return false;
  const text = JSON.stringify(state.data, null, 2) + "\n";
  const res = await api("PUT", "/v1/dossiers/" + state.path, text, { "Content-Type": "application/json", "If-Match": overwriteTag || state.etag });
  if (res.status === 412) {
    $("conflict-text").textContent = "Tệp " + state.path + " đã bị thay đổi trên đĩa (có thể ở nơi khác) sau khi bạn mở. Bản sửa của bạn vẫn còn trên trang này.";
    $("conflict").hidden = false;
    $("conflict").dataset.etag = res.headers.get("ETag") || "";
    await showConflict((merged, etag) => { state.data = merged; changed(true); save(etag); });
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

export async function publish() {
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
  showSignatures();
}

/** Fill the kinds of unit a new dossier can start from, as the server's law data lists them. */
export async function listKinds() {
  const res = await api("GET", "/v1/starter");
  if (!res.ok) return;
  const kinds = await res.json();
  const select = $("new-kind");
  const chosen = select.value;
  select.replaceChildren(...kinds.map((k) => {
    const o = document.createElement("option");
    o.value = k.kind;
    o.textContent = k.name.charAt(0).toUpperCase() + k.name.slice(1);
    return o;
  }));
  if (kinds.some((k) => k.kind === chosen)) select.value = chosen;
}

export async function createDossier() {
  const path = $("new-path").value.trim();
  const source = document.querySelector("input[name=source]:checked").value;
  if (!/\.json$/.test(path)) { $("new-error").textContent = "Tên tệp phải kết thúc bằng .json"; return false; }
  let res;
  if (source === "kind") res = await api("GET", "/v1/starter?" + new URLSearchParams({ kind: $("new-kind").value }));
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

/** The fields a column can fill, by the names the clerk reads (the import reads them too). */
const IMPORT_FIELDS = [
  ["", "— không nhập —"], ["Họ và tên", "Họ và tên / Tên tập thể / Hộ gia đình"], ["Loại", "Cá nhân / Tập thể / Hộ gia đình"],
  ["Chức vụ", "Chức vụ"], ["Đơn vị", "Đơn vị công tác"], ["Địa chỉ", "Địa chỉ (hộ gia đình)"], ["Ngày sinh", "Ngày sinh"],
  ["Giới tính", "Giới tính"], ["Tóm tắt thành tích", "Tóm tắt thành tích"], ["Ghi chú", "Ghi chú"],
  ["Danh hiệu", "Danh hiệu, hình thức đề nghị"], ["Số phiếu", "Số phiếu đồng ý"],
  ["Số định danh cá nhân", "Số định danh cá nhân (không in)"],
];
/** What each field the service names is called on the page. */
const FIELD_WORDS = {
  name: "Họ và tên", kind: "Loại", position: "Chức vụ", unit: "Đơn vị", address: "Địa chỉ", birth_date: "Ngày sinh",
  gender: "Giới tính", summary: "Tóm tắt thành tích", note: "Ghi chú", awards: "Danh hiệu", votes: "Số phiếu", id: "Mã",
  person_id: "Số định danh cá nhân",
};

function listItem(text) { const li = document.createElement("li"); li.textContent = text; return li; }

/** One row of the columns table: its letter, header, and a chooser of the field it fills. */
function columnRow(c, mapping) {
  const tr = document.createElement("tr");
  const letter = document.createElement("td"); letter.textContent = c.letter;
  const header = document.createElement("td"); header.textContent = c.header || "(trống)";
  const cell = document.createElement("td");
  const pick = document.createElement("select");
  pick.setAttribute("aria-label", `Cột ${c.letter} nhập vào`);
  const current = c.how === "award" ? "mark" : (FIELD_WORDS[c.fills] || "");
  for (const [value, label] of IMPORT_FIELDS) {
    const o = document.createElement("option"); o.value = value; o.textContent = label; pick.append(o);
  }
  if (c.how === "award") {
    const o = document.createElement("option"); o.value = "mark"; o.textContent = "Đánh dấu: đề nghị danh hiệu của cột"; pick.append(o);
  }
  pick.value = mapping[c.header] ?? current;
  pick.onchange = () => {
    if (pick.value === "mark") delete mapping[c.header];
    else mapping[c.header] = pick.value || "bỏ qua";
  };
  cell.append(pick);
  if (c.how === "words") { const q = document.createElement("span"); q.textContent = " (đoán theo tiêu đề)"; cell.append(q); }
  tr.append(letter, header, cell);
  return tr;
}

export async function importSheet(file, mapping = {}, addAwards = false) {
  const form = new FormData();
  form.append("sheet", file, file.name);
  form.append("dossier", new Blob([JSON.stringify(state.data)], { type: "application/json" }), "dossier.json");
  form.append("columns", new Blob([JSON.stringify(mapping)], { type: "application/json" }), "columns.json");
  if (addAwards) form.append("add_awards", "1");
  const res = await api("POST", "/v1/import", form);
  if (!res.ok) { say("Không nhập được: " + (await errorText(res)), true); return; }
  const r = await res.json();
  $("import-summary").textContent = `Tiêu đề ở dòng ${r.header_row}. ${r.rows} dòng: nhập ${r.imported} (mới ${r.added}, cập nhật ${r.updated}, ${r.votes} số phiếu)` +
    (r.refused.length ? `; ${r.refused.length} ô cần sửa (dòng vẫn được nhập, thiếu ô đó).` : ".");
  $("import-columns").tBodies[0].replaceChildren(...r.columns.map((c) => columnRow(c, mapping)));
  const notes = [];
  if (r.left_out) notes.push(`${r.left_out} dòng không có họ tên nên không nhập.`);
  for (const c of r.collectives) notes.push(`Dòng ${c.row}: “${c.name}” được nhập là tập thể (theo tên hoặc danh hiệu).`);
  for (const a of r.added_awards) notes.push(`Đã thêm “${a.name}” vào hồ sơ: kiểm tra cấp quyết định và vòng bỏ phiếu.`);
  if (r.to_add.length) notes.push(`Hồ sơ chưa có: ${r.to_add.join("; ")}.`);
  $("import-notes").textContent = notes.join(" ");
  $("import-refused").replaceChildren(...r.refused.map(listItem));
  const dlg = $("import-dialog");
  $("import-again").onclick = () => importSheet(file, mapping, addAwards);
  const add = $("import-add-awards");
  add.hidden = r.to_add.length === 0;
  add.onclick = () => importSheet(file, mapping, true);
  $("import-apply").onclick = () => { state.data = r.dossier; dlg.close(); changed(true); say("Đã nhập từ " + file.name + "."); };
  if (!dlg.open) dlg.showModal();
}

