//! A dossier's lists for the next system: `hoso export` writes them as a workbook (.xlsx, typed
//! cells) and as a Word document (.docx, the Decree 30 list tables), so another office pastes
//! them into its own documents or its software reads them without retyping.
//!
//! [`lists`] takes a dossier that checks and gives both shapes from one reading:
//!
//! - [`Sheet`]s, flat tables with typed cells ([`Cell`]: dates as dates, prize money in đồng
//!   as numbers, votes as counts) under the headers a clerk reads and `hoso import` recognises:
//!   "Danh sách" (every nominee, in the dossier's order: `hoso import` reads it back into the
//!   same nominees), "Biểu quyết" (the council's votes, one row per nominee and title), one
//!   sheet per letter upward with its list ("Tờ trình 1", …), one per decision with each
//!   awardee's prize ("Quyết định 1", …, a total row), and "Thông tin" (the unit, each letter's
//!   number, date, authority and counts: what `hoso gather` needs of a unit that sends only
//!   its workbook);
//! - [`Printed`] lists, as the PDF prints them (the same titles, groups, rows and totals, taken
//!   from the documents' views): what the .docx lays out.
//!
//! [`xlsx`] and [`docx`] write them; both are byte-identical for the same dossier.

mod docx;
mod read;
mod table;
mod xlsx;

pub use docx::docx;
pub use read::{Letter, letters};
pub use table::*;
pub use xlsx::{workbook, xlsx};

use serde_json::Value;

use crate::dossier::{Dossier, Kind, Nominee};
use crate::import::{Column, field_words};
use crate::vi::Date;

/// A header the import recognises for `c`.
fn words(c: Column) -> String {
    field_words(c).expect("a field with words").to_string()
}

/// "Tập thể", "Cá nhân" or "Hộ gia đình", as the import reads it back.
fn kind_words(k: Kind) -> String {
    crate::view::sentence_start(crate::view::kind_word(k))
}

/// How a list names an award: by its name when that names no other award of the dossier, else
/// by its id (which the import also takes).
fn award_cell(d: &Dossier, id: &str) -> String {
    let Some(a) = d.award(id) else { return id.to_string() };
    let refs: Vec<crate::import::AwardRef> = d
        .awards
        .iter()
        .map(|x| crate::import::AwardRef { id: x.id.clone(), name: x.name.clone(), collective: false })
        .collect();
    // (A name the import would split — a comma, a semicolon — goes by its id too.)
    match crate::import::awards::find(&refs, &a.name) {
        Some(found) if found.id == a.id && !a.name.contains([',', ';', '+', '\n']) => a.name.clone(),
        _ => a.id.clone(),
    }
}

/// Text, or empty.
fn text(s: Option<&str>) -> Cell {
    match s {
        Some(s) if !s.is_empty() => Cell::Text(s.to_string()),
        _ => Cell::Empty,
    }
}

/// The nominee table's headers and widths: the import's field words, the identity number when
/// any nominee has one, a gathered nominee's unit and letter.
fn nominee_columns(d: &Dossier) -> (Vec<String>, Vec<f64>) {
    let mut headers = vec!["STT".to_string()];
    let mut widths = vec![5.0];
    for (c, w) in [
        (Column::Id, 18.0),
        (Column::Kind, 9.0),
        (Column::Name, 28.0),
        (Column::Position, 18.0),
        (Column::Unit, 24.0),
        (Column::BirthDate, 11.0),
        (Column::Gender, 8.0),
        (Column::Summary, 50.0),
        (Column::Awards, 24.0),
        (Column::Note, 16.0),
    ] {
        headers.push(words(c));
        widths.push(w);
    }
    if d.nominees.iter().any(|n| n.address.is_some()) {
        headers.push(words(Column::Address));
        widths.push(28.0);
    }
    if d.nominees.iter().any(|n| n.person_id.is_some()) {
        headers.push(PERSON_ID_HEADER.into());
        widths.push(16.0);
    }
    if d.nominees.iter().any(|n| n.origin.is_some()) {
        headers.push(FROM_UNIT_HEADER.into());
        headers.push(FROM_LETTER_HEADER.into());
        widths.extend([28.0, 28.0]);
    }
    (headers, widths)
}

/// One nominee's row under `headers` (from [`nominee_columns`]), proposing `awards`.
fn nominee_row(d: &Dossier, headers: &[String], stt: usize, n: &Nominee, awards: &[String]) -> Vec<Cell> {
    let mut row = vec![
        Cell::Count(stt as u32),
        Cell::Text(n.id.clone()),
        Cell::Text(kind_words(n.kind)),
        Cell::Text(n.name.clone()),
        text(n.position.as_deref()),
        text(n.unit.as_deref()),
        n.birth_date.map_or(Cell::Empty, Cell::Date),
        match n.gender {
            Some(crate::dossier::Gender::Male) => Cell::Text("Nam".into()),
            Some(crate::dossier::Gender::Female) => Cell::Text("Nữ".into()),
            None => Cell::Empty,
        },
        Cell::Text(n.summary.clone()),
        Cell::Text(awards.iter().map(|a| award_cell(d, a)).collect::<Vec<_>>().join("; ")),
        text(n.note.as_deref()),
    ];
    if headers.iter().any(|h| *h == words(Column::Address)) {
        row.push(text(n.address.as_deref()));
    }
    if headers.iter().any(|h| h == PERSON_ID_HEADER) {
        row.push(text(n.person_id.as_deref()));
    }
    if headers.iter().any(|h| h == FROM_UNIT_HEADER) {
        row.push(text(n.origin.as_ref().map(|o| o.unit.as_str())));
        let letter = n.origin.as_ref().map(|o| o.letter());
        row.push(text(letter.as_deref().map(|l| l.strip_prefix("theo ").unwrap_or(l))));
    }
    row
}

/// A printed string as a sheet holds it: the binder's no-break spaces as plain spaces.
fn plain(s: &str) -> String {
    s.replace('\u{a0}', " ")
}

/// The view data of every document of `checked` of one kind: letters (`"list"`) or decisions
/// (`"lists"`), in filing order.
fn view_data<'a>(checked: &'a crate::Checked, key: &str) -> Vec<&'a Value> {
    checked.views.iter().map(|(_, v)| &v.data).filter(|d| d.get(key).is_some_and(|l| !l.is_null())).collect()
}

/// The lists of a dossier that checks.
pub fn lists(engine: &crate::Engine, checked: &crate::Checked) -> Lists {
    let d = checked.dossier();
    let r = checked.roster();
    let mut sheets = Vec::new();

    // Every nominee, in the dossier's order, with every title and award proposed.
    let (headers, widths) = nominee_columns(d);
    let rows: Vec<Vec<Cell>> =
        d.nominees.iter().enumerate().map(|(k, n)| nominee_row(d, &headers, k + 1, n, &n.awards)).collect();
    sheets.push(Sheet {
        name: NOMINEES_SHEET.into(),
        title: vec![plain(&crate::text::one_line(&d.agency.name))],
        headers: headers.clone(),
        widths: widths.clone(),
        rows,
        sum: None,
    });

    // The council's votes: a row per nominee and title that has a round.
    if let Some(m) = &d.minutes
        && !m.rounds.is_empty()
    {
        let mut rows = Vec::new();
        for (i, n) in d.nominees.iter().enumerate() {
            for a in &n.awards {
                let Some(round) = m.rounds.iter().find(|x| &x.award == a) else { continue };
                let votes = round.votes.iter().find(|v| v.nominee == n.id).map(|v| v.in_favour);
                rows.push(vec![
                    Cell::Count(rows.len() as u32 + 1),
                    Cell::Text(n.id.clone()),
                    Cell::Text(n.name.clone()),
                    Cell::Text(award_cell(d, a)),
                    votes.map_or(Cell::Empty, Cell::Count),
                    Cell::Text(if r.passed(i, a) { "Đạt" } else { "Không đạt" }.into()),
                ]);
            }
        }
        sheets.push(Sheet {
            name: VOTES_SHEET.into(),
            title: vec![plain(&crate::text::one_line(&d.agency.name))],
            headers: ["STT", "Mã", "Họ và tên", "Danh hiệu", "Số phiếu đồng ý", "Kết quả"].map(String::from).to_vec(),
            widths: vec![5.0, 18.0, 28.0, 28.0, 10.0, 10.0],
            rows,
            sum: None,
        });
    }

    // Each letter upward: who goes to its authority, with only its titles and awards.
    let letters = view_data(checked, "list");
    let mut info = Vec::new();
    let mut going = 0;
    for p in &d.proposals {
        let mut rows = Vec::new();
        let mut counted = [0u32; 3];
        for &i in r.order() {
            let n = &d.nominees[i];
            let awards: Vec<String> = r
                .passed_awards(d, i)
                .into_iter()
                .filter(|a| a.authority == p.authority)
                .map(|a| a.id.clone())
                .collect();
            if awards.is_empty() {
                continue;
            }
            counted[Kind::ALL.iter().position(|&k| k == n.kind).expect("every kind")] += 1;
            rows.push(nominee_row(d, &headers, rows.len() + 1, n, &awards));
        }
        if rows.is_empty() {
            continue;
        }
        let view = letters.get(going);
        going += 1;
        let name = format!("Tờ trình {going}");
        let title = view
            .map(|v| ["title", "subtitle"].iter().filter_map(|k| v["list"][k].as_str()).map(plain).collect::<Vec<_>>())
            .unwrap_or_default();
        let number = letter_of(checked, &p.authority).and_then(|(n, _)| n);
        let authority = d.authority(&p.authority).map(|a| a.title.clone()).unwrap_or_default();
        info.push(vec![
            Cell::Text(crate::text::one_line(&d.agency.name)),
            Cell::Text(d.agency.abbreviation.clone()),
            Cell::Text(p.authority.clone()),
            Cell::Text(authority),
            text(number.as_deref()),
            Cell::Date(p.date),
            Cell::Count(counted[0]),
            Cell::Count(counted[1]),
            Cell::Text(name.clone()),
            // (Households, a column of their own after the list sheet, only when there are any.)
            Cell::Count(counted[2]),
        ]);
        sheets.push(Sheet { name, title, headers: headers.clone(), widths: widths.clone(), rows, sum: None });
    }

    // Each decision: every awardee with the award and the prize, in the printed order.
    let decisions = view_data(checked, "lists");
    let table = engine.catalog().salary();
    for (k, dec) in d.decisions.iter().enumerate() {
        let groups = crate::view::decision::by_award(d, r, dec);
        if groups.is_empty() {
            continue;
        }
        let unpaid = crate::view::decision::unpaid(d, &groups, table, dec);
        let gathered = d.nominees.iter().any(|n| n.origin.is_some());
        let mut headers: Vec<String> =
            ["STT", "Mã", "Loại", "Họ và tên", "Chức vụ, đơn vị công tác"].map(String::from).to_vec();
        let mut widths = vec![5.0, 18.0, 9.0, 28.0, 40.0];
        if gathered {
            headers.push(FROM_UNIT_HEADER.into());
            widths.push(28.0);
        }
        headers.extend(["Danh hiệu, hình thức".to_string(), "Số tiền thưởng (đồng)".to_string()]);
        widths.extend([24.0, 16.0]);
        let mut rows = Vec::new();
        for (a, ns) in &groups {
            for &i in ns {
                let n = &d.nominees[i];
                let amount = if unpaid.contains(&(a.id.clone(), i)) {
                    None
                } else {
                    a.prize.as_ref().and_then(|p| crate::prize::amount(p, n.kind, table, dec.date))
                };
                let detail = crate::view::detail(d, n);
                let mut row = vec![
                    Cell::Count(rows.len() as u32 + 1),
                    Cell::Text(n.id.clone()),
                    Cell::Text(kind_words(n.kind)),
                    Cell::Text(n.name.clone()),
                    Cell::Text(detail),
                ];
                if gathered {
                    row.push(text(n.origin.as_ref().map(|o| o.unit.as_str())));
                }
                row.push(Cell::Text(a.display_name()));
                row.push(amount.map_or(Cell::Empty, |p| Cell::Money(p.dong)));
                rows.push(row);
            }
        }
        let title = decisions
            .get(k)
            .and_then(|v| v["lists"][0]["subtitle"].as_str())
            .map(|s| vec![plain(s.trim_start_matches('(').trim_end_matches(')'))])
            .unwrap_or_default();
        let sum = Some(headers.len() - 1);
        sheets.push(Sheet { name: format!("Quyết định {}", k + 1), title, headers, widths, rows, sum });
    }

    if !info.is_empty() {
        let mut headers = INFO_HEADERS.map(String::from).to_vec();
        let mut widths = vec![36.0, 12.0, 16.0, 40.0, 16.0, 11.0, 10.0, 10.0, 14.0];
        if info.iter().any(|r| r.last() != Some(&Cell::Count(0))) {
            headers.push(HOUSEHOLDS_HEADER.into());
            widths.push(10.0);
        } else {
            info.iter_mut().for_each(|r| drop(r.pop()));
        }
        sheets.push(Sheet { name: INFO_SHEET.into(), title: Vec::new(), headers, widths, rows: info, sum: None });
    }

    let mut printed: Vec<Printed> = letters.iter().map(|v| letter_list(v)).collect();
    for v in &decisions {
        printed.extend(v["lists"].as_array().into_iter().flatten().map(|l| decision_list(l, &v["labels"])));
    }
    if printed.is_empty() {
        printed.push(nominee_list(&sheets[0]));
    }
    let results = results(d, r, engine.catalog().salary(), &decisions);
    let date = d
        .proposals
        .iter()
        .map(|p| p.date)
        .chain(d.decisions.iter().map(|x| x.date))
        .chain(d.minutes.iter().map(|m| m.date))
        .max()
        .unwrap_or(Date::from_ymd(2000, 1, 1).expect("a date"));
    Lists { sheets, printed, results, date }
}

/// The header of the result column of a unit's summary.
pub const RESULT_HEADERS: [&str; 10] = [
    "STT",
    "Mã",
    "Loại",
    "Họ và tên",
    "Danh hiệu, hình thức đề nghị",
    "Kết quả",
    "Quyết định",
    "Số tiền thưởng (đồng)",
    "Số sổ vàng",
    "Ghi chú",
];

/// What a decision gave a nominee for one award: the decision's number and date, the prize in
/// đồng, the golden-book number.
type Given = (String, Option<u64>, Option<u64>);

/// What the office sends back to each unit of a gathered dossier (see [`Lists::results`]).
fn results(
    d: &Dossier,
    r: &crate::dossier::Roster,
    table: &crate::prize::SalaryTable,
    views: &[&Value],
) -> Vec<(String, Sheet)> {
    // Each decision's awardees: (nominee, award) → (decision's number and date, prize, golden book).
    let mut given: std::collections::HashMap<(usize, String), Given> = std::collections::HashMap::new();
    for (k, dec) in d.decisions.iter().enumerate() {
        let number = views
            .get(k)
            .map(|v| format!("{}{}", s(&v["header"]["number"]), s(&v["header"]["symbol"])))
            .unwrap_or_default();
        let reference = format!("{number} ngày {}", dec.date.short());
        let groups = crate::view::decision::by_award(d, r, dec);
        let unpaid = crate::view::decision::unpaid(d, &groups, table, dec);
        for (n, (i, a)) in crate::view::certificate::in_order(d, r, dec).into_iter().enumerate() {
            let amount = if unpaid.contains(&(a.id.clone(), i)) {
                None
            } else {
                a.prize
                    .as_ref()
                    .and_then(|p| crate::prize::amount(p, d.nominees[i].kind, table, dec.date))
                    .map(|p| p.dong)
            };
            given.insert((i, a.id.clone()), (reference.clone(), amount, crate::view::certificate::golden_book(dec, n)));
        }
    }
    let mut out: Vec<(String, Sheet)> = Vec::new();
    for (i, n) in d.nominees.iter().enumerate() {
        let Some(o) = &n.origin else { continue };
        let stem = crate::vi::slug(&o.abbreviation);
        let at = match out.iter().position(|(a, _)| a == &stem) {
            Some(k) => k,
            None => {
                out.push((
                    stem,
                    Sheet {
                        name: "Kết quả".into(),
                        title: vec![plain(&crate::text::one_line(&d.agency.name)), o.unit.clone(), o.letter()],
                        headers: RESULT_HEADERS.map(String::from).to_vec(),
                        widths: vec![5.0, 18.0, 9.0, 28.0, 28.0, 16.0, 26.0, 14.0, 10.0, 20.0],
                        rows: Vec::new(),
                        sum: None,
                    },
                ));
                out.len() - 1
            }
        };
        // The unit's own id, as its dossier gave it.
        let prefix = format!("{}-", crate::vi::slug(&o.abbreviation));
        let own = n.id.strip_prefix(&prefix).unwrap_or(&n.id).to_string();
        for a in &n.awards {
            let sheet = &mut out[at].1;
            let row = match given.get(&(i, a.clone())) {
                Some((reference, amount, golden)) => vec![
                    Cell::Text("Được khen thưởng".into()),
                    Cell::Text(reference.clone()),
                    amount.map_or(Cell::Empty, Cell::Money),
                    golden.map_or(Cell::Empty, |g| Cell::Count(g as u32)),
                ],
                None => vec![Cell::Text("Không được khen thưởng".into()), Cell::Empty, Cell::Empty, Cell::Empty],
            };
            let mut cells = vec![
                Cell::Count(sheet.rows.len() as u32 + 1),
                Cell::Text(own.clone()),
                Cell::Text(kind_words(n.kind)),
                Cell::Text(n.name.clone()),
                Cell::Text(d.award(a).map_or_else(|| a.clone(), |x| x.display_name())),
            ];
            cells.extend(row);
            cells.push(text(n.note.as_deref()));
            sheet.rows.push(cells);
        }
    }
    out
}

/// A unit's letter to `authority`, as the list cites it: number and symbol from the checked
/// outline's bookmark ("Tờ trình số 27/TTr-THKT"), date from the dossier.
pub(crate) fn letter_of(checked: &crate::Checked, authority: &str) -> Option<(Option<String>, Date)> {
    let d = checked.dossier();
    let p = d.proposal_to(authority)?;
    let letters: Vec<_> = checked.outline().into_iter().filter(|e| e.title.starts_with("Tờ trình")).collect();
    let entry = if d.proposals.len() == 1 {
        letters.first().cloned()
    } else {
        let slug = crate::vi::slug(authority);
        letters.iter().find(|e| e.file.contains(&slug)).cloned()
    };
    let number = p.number.0.and(entry).and_then(|e| e.title.split_once(" số ").map(|(_, n)| n.trim().to_string()));
    Some((number, p.date))
}

/// A string of the view.
fn s(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// A letter's list as its template prints it (forms/to-trinh).
fn letter_list(v: &Value) -> Printed {
    let l = &v["labels"];
    let list = &v["list"];
    let mut parts = Vec::new();
    for g in list["groups"].as_array().into_iter().flatten() {
        let mut above = g["heading"].as_str().map(str::to_string);
        let n = parts.len();
        for (key, name_col, detail_col) in [
            ("collectives", "col_collective", None),
            ("individuals", "col_individual", Some("col_position_unit")),
            ("households", "col_household", Some("col_address")),
        ] {
            let detail = detail_col.is_some();
            let part = &g[key];
            let rows: Vec<Vec<String>> = part["rows"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| {
                    let mut row = vec![s(&r["stt"]), s(&r["name"])];
                    if detail {
                        row.push(s(&r["position_unit"]));
                    }
                    row.extend([s(&r["award"]), s(&r["summary"]), s(&r["note"])]);
                    row
                })
                .collect();
            if rows.is_empty() {
                continue;
            }
            let mut headers = vec![s(&l["col_stt"]), s(&l[name_col])];
            // The template's column widths (mm; "1fr" as what is left of 252 mm).
            let widths = if let Some(col) = detail_col {
                headers.push(s(&l[col]));
                vec![13, 48, 58, 34, 75, 24]
            } else {
                vec![13, 70, 38, 103, 28]
            };
            headers.extend([s(&l["col_award"]), s(&l["col_summary"]), s(&l["col_note"])]);
            parts.push(Part {
                above: above.take(),
                heading: s(&part["heading"]),
                headers,
                widths,
                rows,
                subtotal: None,
            });
        }
        if parts.len() > n
            && let Some(sub) = g["subtotal"].as_str()
        {
            parts.last_mut().expect("a part").subtotal = Some(sub.to_string());
        }
    }
    Printed { title: s(&list["title"]), subtitle: s(&list["subtitle"]), parts, total: s(&list["total"]) }
}

/// One of a decision's lists as its template prints it (forms/quyet-dinh).
fn decision_list(list: &Value, l: &Value) -> Printed {
    let prize = list["prize_column"].as_bool().unwrap_or(false);
    let parts = list["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|g| {
            let (name, detail) = match g["kind"].as_str() {
                Some("collective") => ("col_collective", "col_detail_collective"),
                Some("household") => ("col_household", "col_address"),
                _ => ("col_individual", "col_position_unit"),
            };
            let mut headers = vec![s(&l["col_stt"]), s(&l[name]), s(&l[detail])];
            let mut widths = vec![13, 100, 100];
            if prize {
                headers.push(s(&l["col_amount"]));
                widths.push(36);
            }
            let rows = g["rows"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| {
                    let mut row = vec![s(&r["stt"]), s(&r["name"]), s(&r["detail"])];
                    if prize {
                        row.push(s(&r["amount"]));
                    }
                    row
                })
                .collect();
            Part {
                above: g["unit"].as_str().map(str::to_string),
                heading: s(&g["heading"]),
                headers,
                widths,
                rows,
                subtotal: g["subtotal"].as_str().map(str::to_string),
            }
        })
        .collect();
    Printed { title: s(&list["title"]), subtitle: s(&list["subtitle"]), parts, total: s(&list["total"]) }
}

/// The nominee sheet as a printed table, for a dossier with neither letters nor decisions.
fn nominee_list(sheet: &Sheet) -> Printed {
    Printed {
        title: sheet.title.first().cloned().unwrap_or_default(),
        subtitle: String::new(),
        parts: vec![Part {
            above: None,
            heading: String::new(),
            headers: sheet.headers.clone(),
            widths: sheet.widths.iter().map(|w| *w as u32).collect(),
            rows: sheet.rows.iter().map(|r| r.iter().map(Cell::text).collect()).collect(),
            subtotal: None,
        }],
        total: String::new(),
    }
}
