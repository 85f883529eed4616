//! Generated dossiers: random but seeded, so a failure reproduces from its seed. Every name and
//! every sentence differs from one dossier to the next (as real units' dossiers do), drawn from
//! real Vietnamese place names and from the words of the school's 2022 plan.
//!
//! Shared by `hoso-bench` (fully varied dossiers for an honest comparison) and the layout
//! stress tests (`tests/hoso/stress.rs`, which include this file), so it depends on nothing but
//! `serde_json`.

use serde_json::{Value, json};

static PLACES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/dia-danh.txt"));
static CORPUS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/van-ban.txt"));

/// A small, fast, seeded generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }
}

/// How big a generated dossier is.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    /// Nominees (collectives and individuals).
    pub nominees: usize,
    /// Longest paragraph, in words.
    pub max_words: usize,
    /// Most earlier awards in a report.
    pub max_awards: usize,
}

impl Size {
    /// A size as real year-end dossiers come: most small, some long, a few very large.
    pub fn mixed(rng: &mut Rng) -> Size {
        let roll = rng.range(0, 99);
        let nominees = match roll {
            0..=69 => rng.range(1, 12),
            70..=92 => rng.range(13, 40),
            93..=97 => rng.range(41, 80),
            _ => rng.range(81, 200),
        };
        let max_words = if rng.chance(0.15) { rng.range(300, 1100) } else { rng.range(20, 200) };
        let max_awards = if rng.chance(0.2) { rng.range(10, 40) } else { rng.range(0, 4) };
        Size { nominees, max_words, max_awards }
    }
}

const FAMILY: [&str; 24] = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Võ",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Mấu",
    "Cao",
    "Tôn Nữ",
    "Công Tằng Tôn Nữ",
    "Bo Bo",
    "Pi Năng",
    "Ka Sô",
    "Mang",
    "Katơr",
];
const MIDDLE: [&str; 16] = [
    "Văn",
    "Thị",
    "Hữu",
    "Minh",
    "Thanh",
    "Ngọc",
    "Đức",
    "Thu",
    "Quang",
    "Xuân",
    "Hồng",
    "Ánh",
    "Bảo",
    "Thị Kim",
    "Phước",
    "Ỷ",
];
const GIVEN: [&str; 32] = [
    "An", "Ân", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Khánh", "Lan", "Long", "Mai", "Nam", "Oanh", "Phúc",
    "Tâm", "Yến", "Tuyết", "Nhung", "Hằng", "Thảo", "Quý", "Huệ", "Ửng", "Ỡn", "Ngữ", "Lộc", "Tưởng", "Đạt", "Hiếu",
    "Khuê", "Vỹ",
];

/// A Vietnamese person's name of 2 to 7 syllables.
pub fn person(rng: &mut Rng) -> String {
    let mut parts = vec![rng.pick(&FAMILY).to_string()];
    let want = rng.range(2, 7);
    while parts.join(" ").split(' ').count() + 1 < want {
        parts.push(rng.pick(&MIDDLE).to_string());
    }
    parts.push(rng.pick(&GIVEN).to_string());
    let words: Vec<&str> = parts.iter().flat_map(|p| p.split(' ')).collect();
    words[..words.len().min(7)].join(" ")
}

/// The place names of one section of `tests/data/dia-danh.txt`.
fn places(section: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in PLACES.lines() {
        if let Some(name) = line.strip_prefix("# ") {
            inside = name.trim() == section;
        } else if inside && !line.trim().is_empty() && !line.starts_with('#') {
            out.push(line.trim());
        }
    }
    out
}

/// Every multi-word place name the generator uses, for tests that check names stay whole.
#[allow(dead_code)] // used by the stress tests, which include this file
pub fn all_places() -> Vec<&'static str> {
    ["provinces-2025", "provinces-before-2025", "communes-and-places"].into_iter().flat_map(places).collect()
}

/// "tỉnh Khánh Hòa" or "Thành phố Hồ Chí Minh": a province as agency names write it.
fn province(rng: &mut Rng) -> String {
    let list = if rng.chance(0.5) { places("provinces-2025") } else { places("provinces-before-2025") };
    let p = *rng.pick(&list);
    if p.starts_with("Thành phố") { p.to_string() } else { format!("tỉnh {p}") }
}

/// A word-level Markov chain over the plan's text.
struct Corpus {
    words: Vec<&'static str>,
}

impl Corpus {
    fn new() -> Self {
        let words = CORPUS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .filter(|w| !w.chars().all(|c| c == '-' || c == '–'))
            .collect();
        Corpus { words }
    }

    /// A sentence of about `n` words, starting at a random place in the corpus and jumping
    /// elsewhere now and then, so no two sentences are the same.
    fn sentence(&self, rng: &mut Rng, n: usize) -> String {
        let mut out: Vec<String> = Vec::new();
        let mut at = rng.range(0, self.words.len() - 1);
        while out.len() < n {
            if rng.chance(0.12) {
                at = rng.range(0, self.words.len() - 1);
            }
            let w = self.words[at % self.words.len()].trim_matches(|c: char| matches!(c, '.' | ':' | ';'));
            at += 1;
            if w.is_empty() {
                continue;
            }
            out.push(w.to_lowercase());
            if rng.chance(0.03) {
                out.push(self.figure(rng));
            }
        }
        let mut s = out.join(" ");
        if let Some(first) = s.chars().next() {
            s = first.to_uppercase().chain(s.chars().skip(1)).collect();
        }
        s.trim_end_matches([',', ';']).to_string() + "."
    }

    /// A figure as reports write them: amounts, shares, counts, symbols.
    fn figure(&self, rng: &mut Rng) -> String {
        match rng.range(0, 12) {
            0 => format!("{}.{:03}.000 đồng", rng.range(1, 999), rng.range(0, 999)),
            1 => format!("{},{}%", rng.range(1, 99), rng.range(1, 9)),
            2 => format!("{} hộ nghèo", rng.range(2, 400)),
            3 => format!("“{}”", ["Vì người nghèo", "Ngày vì người nghèo", "Tháng cao điểm"][rng.range(0, 2)]),
            4 => format!("({} học viên)", rng.range(5, 300)),
            5 => format!("{} × {} m²", rng.range(2, 40), rng.range(2, 40)),
            6 => format!("đạt ½ kế hoạch, ≥ {}%", rng.range(50, 99)),
            7 => format!("§ {} – {}‰", rng.range(1, 12), rng.range(1, 30)),
            8 => format!(
                "Kế hoạch số {}/KH-UBND ngày {:02}/{:02}/20{}",
                rng.range(1, 300),
                rng.range(1, 28),
                rng.range(1, 12),
                rng.range(19, 25)
            ),
            9 => format!("{} °C", rng.range(15, 40)),
            10 => "— tức là ‘vượt chỉ tiêu’ —".to_string(),
            11 => format!("[{}] «tiêu biểu»…", rng.range(1, 9)),
            _ => "(đạt: 100%; không đạt: 0%)!".to_string(),
        }
    }

    /// A sentence of `lo` to `hi` words.
    fn phrase(&self, rng: &mut Rng, lo: usize, hi: usize) -> String {
        let n = rng.range(lo, hi);
        self.sentence(rng, n)
    }

    /// A nominee's summary for the list: usually short, now and then long, rarely pages of it
    /// (a clerk pastes the report's paragraph into the list's cell).
    fn summary(&self, rng: &mut Rng) -> String {
        let max = if rng.chance(0.03) {
            1500
        } else if rng.chance(0.1) {
            120
        } else {
            40
        };
        self.paragraph(rng, max)
    }

    /// A paragraph of up to `max_words` words.
    fn paragraph(&self, rng: &mut Rng, max_words: usize) -> String {
        let target = rng.range(12.min(max_words), max_words.max(12));
        let mut out = Vec::new();
        let mut count = 0;
        while count < target {
            let n = rng.range(8, 30).min(target - count).max(6);
            out.push(self.sentence(rng, n));
            count += n;
        }
        out.join(" ")
    }
}

/// An abbreviation of initials, "TCNDTNT"-like.
fn initials(name: &str) -> String {
    let s: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic())
        .map(|c| {
            let c = c.to_uppercase().next().unwrap_or(c);
            match c {
                'Đ' => 'Đ',
                c if c.is_ascii() => c,
                _ => 'X',
            }
        })
        .take(10)
        .collect();
    if s.is_empty() { "DV".into() } else { s }
}

/// A unit's name and its parent, for one of the kinds of units that file dossiers.
fn unit(rng: &mut Rng) -> (String, Option<String>, String) {
    let prov = province(rng);
    let communes = places("communes-and-places");
    let commune = rng.pick(&communes).to_string();
    let person = person(rng);
    let (name, parent) = match rng.range(0, 7) {
        0 => (format!("Trường Trung học phổ thông {person}"), Some(format!("Sở Giáo dục và Đào tạo {prov}"))),
        1 => (format!("Trường Trung cấp nghề Dân tộc nội trú {commune}"), Some(format!("Sở Nội vụ {prov}"))),
        2 => (format!("Bệnh viện Đa khoa {prov}"), Some(format!("Sở Y tế {prov}"))),
        3 => (format!("Ủy ban nhân dân xã {commune}"), None),
        4 => (format!("Trường Tiểu học và Trung học cơ sở {commune}"), Some(format!("Ủy ban nhân dân xã {commune}"))),
        5 => ("Đại học Quốc gia Thành phố Hồ Chí Minh".to_string(), Some("Bộ Giáo dục và Đào tạo".to_string())),
        6 => (
            format!("Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp {prov}"),
            Some(format!("Ủy ban nhân dân {prov}")),
        ),
        _ => (format!("Sở Nông nghiệp và Phát triển nông thôn {prov}"), Some(format!("Ủy ban nhân dân {prov}"))),
    };
    let place = if rng.chance(0.3) { prov.trim_start_matches("tỉnh ").to_string() } else { commune };
    (name, parent, place)
}

/// A signer with a position that may be long.
fn signer(rng: &mut Rng, position: &str) -> Value {
    let mut s = json!({"position": position, "name": person(rng)});
    if rng.chance(0.25) {
        s["prefix"] = json!("KT.");
        s["on_behalf_of"] = json!(position);
        s["position"] = json!(format!("Phó {}", position.to_lowercase()));
    }
    s
}

const EARLIER: [&str; 4] = [
    "Giấy khen của Hiệu trưởng",
    "Lao động tiên tiến",
    "Chiến sĩ thi đua cơ sở",
    "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
];

const ETHNIC: [&str; 5] = ["Kinh", "Ra Glai", "Ê Đê", "Tày", "Khơ Mú"];

const POSITIONS: [&str; 8] = [
    "Giáo viên",
    "Trưởng phòng",
    "Phó Trưởng khoa phụ trách chuyên môn và công tác học sinh, sinh viên",
    "Chuyên viên",
    "Bác sĩ",
    "Kế toán trưởng",
    "Nhân viên",
    "Phó Giám đốc Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên",
];

const COLLECTIVES: [&str; 8] = [
    "Phòng Đào tạo - Hành chính - Kế toán",
    "Khoa Nông - Lâm nghiệp",
    "Tổ Chuyên môn Khoa học tự nhiên",
    "Khoa Hồi sức tích cực - Chống độc",
    "Trung tâm Tư vấn tuyển sinh, giới thiệu việc làm và quan hệ doanh nghiệp",
    "Phòng Tổ chức - Hành chính",
    "Ban Chỉ đạo công tác giảm nghèo bền vững",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
];

/// One dossier (format hoso/2) of `size`, seeded by `seed`: valid, with every nominee passing
/// the vote, every name and sentence its own; some give a title as well, decided by the unit's
/// own head in a decision with prize money and certificates (plain or on blanks).
pub fn dossier(seed: u64, size: Size) -> Value {
    let mut rng = Rng::new(seed);
    let corpus = Corpus::new();
    let (agency, parent, place) = unit(&mut rng);
    let abbreviation = initials(&agency);
    let year = rng.range(2019, 2026);
    let letter = (rng.range(1, 9), rng.range(1, 11));
    let date = |d: usize, m: usize| format!("{d:02}/{m:02}/{year}");
    let movement = corpus.phrase(&mut rng, 3, 14).trim_end_matches('.').to_string();
    let movement = if rng.chance(0.2) { format!("“{movement}”") } else { movement };
    let mut nominees = Vec::new();
    let mut votes = Vec::new();
    let mut title_votes = Vec::new();
    let with_title = rng.chance(0.3);
    let members = rng.range(3, 15);
    for k in 0..size.nominees {
        let collective = rng.chance(0.3);
        let name = if collective {
            format!("{} {}", rng.pick(&COLLECTIVES), if rng.chance(0.5) { person(&mut rng) } else { String::new() })
                .trim()
                .to_string()
        } else {
            person(&mut rng)
        };
        let sections: Vec<Value> = (0..rng.range(1, 4))
            .map(|_| {
                json!({
                    "title": corpus.phrase(&mut rng, 3, 18).trim_end_matches('.').to_string(),
                    "paragraphs": (0..rng.range(1, 3)).map(|_| corpus.paragraph(&mut rng, size.max_words)).collect::<Vec<_>>(),
                })
            })
            .collect();
        let awards: Vec<Value> = (0..rng.range(0, size.max_awards))
            .map(|a| {
                json!({
                    "year": (year - 1 - (a % 10)).to_string(),
                    "title": *rng.pick(&EARLIER),
                    "decision": if rng.chance(0.05) {
                        // A cell a clerk filled with a paragraph.
                        corpus.paragraph(&mut rng, 140).chars().take(990).collect::<String>()
                    } else {
                        format!("Quyết định số {}/QĐ-{} ngày {:02}/{:02}/{} của {}", rng.range(1, 999), abbreviation, rng.range(1, 28), rng.range(1, 12), year - 1, agency)
                    },
                })
            })
            .collect();
        let mut report = json!({
            "date": date(letter.0, letter.1),
            "achievements": sections,
            "certifier": signer(&mut rng, "Hiệu trưởng"),
        });
        if !awards.is_empty() {
            report["awards"] = json!(awards);
        }
        if rng.chance(0.5) {
            let items: Vec<Value> = (0..rng.range(1, 4))
                .map(|_| {
                    let description = if rng.chance(0.05) { corpus.paragraph(&mut rng, 140).chars().take(990).collect::<String>() } else { corpus.phrase(&mut rng, 4, 16) };
                    json!({"description": description.trim_end_matches('.').to_string(), "amount": rng.range(1, 50_000) as u64 * 1000})
                })
                .collect();
            report["contributions"] = json!(items);
        }
        let id = format!("n{k}-{}", rng.next() % 100_000);
        let mut n = json!({
            "id": id,
            "kind": if collective { "collective" } else { "individual" },
            "name": name,
            "summary": corpus.summary(&mut rng),
            "report": report,
        });
        if collective {
            n["report"]["head"] = signer(&mut rng, "Trưởng phòng");
            n["report"]["profile"] = json!({
                "address": format!("Số {} đường {}, {}", rng.range(1, 400), person(&mut rng), province(&mut rng)),
                "staff": format!("{} người ({:02} nữ)", rng.range(5, 90), rng.range(1, 40)),
                "functions": corpus.phrase(&mut rng, 8, 60),
            });
        } else {
            n["position"] = json!(rng.pick(&POSITIONS));
            n["unit"] = json!(rng.pick(&COLLECTIVES));
            n["gender"] = json!(if rng.chance(0.5) { "female" } else { "male" });
            n["birth_date"] =
                json!(format!("{:02}/{:02}/{}", rng.range(1, 28), rng.range(1, 12), rng.range(1960, 2000)));
            n["report"]["profile"] = json!({
                "ethnicity": *rng.pick(&ETHNIC),
                "home_town": format!("{}, {}", rng.pick(&places("communes-and-places")).to_string(), province(&mut rng)),
                "education": "Cử nhân",
            });
        }
        votes.push(json!({"nominee": id, "in_favour": members}));
        let mut awards = vec![json!("gk")];
        if with_title && !collective && rng.chance(0.5) {
            awards.push(json!("ldtt"));
            title_votes.push(json!({"nominee": id, "in_favour": members}));
        }
        n["awards"] = json!(awards);
        nominees.push(n);
    }
    let member_list: Vec<Value> = (0..members)
        .map(|m| {
            json!({
                "name": person(&mut rng),
                "position": rng.pick(&POSITIONS),
                "role": match m { 0 => "chair", 1 => "secretary", _ => "member" },
            })
        })
        .collect();
    let mut agency_json = json!({"name": agency, "abbreviation": abbreviation, "place": place});
    if let Some(p) = parent {
        agency_json["parent"] = json!(p);
    }
    let grantor = format!("Giám đốc Sở Giáo dục và Đào tạo {}", province(&mut rng));
    let mut awards = vec![json!({"id": "gk", "kind": "award", "name": "Giấy khen", "authority": "cap-tren"})];
    let mut rounds = vec![json!({"award": "gk", "voting": "show_of_hands", "votes": votes})];
    if !title_votes.is_empty() {
        awards.push(json!({"id": "ldtt", "kind": "title", "name": "Lao động tiên tiến", "for": "individual", "authority": "thu-truong", "report": false}));
        rounds.push(json!({"award": "ldtt", "voting": "show_of_hands", "votes": title_votes}));
    }
    let mut d = json!({
        "format": "hoso/2",
        "agency": agency_json,
        "movement": {"name": movement, "period": format!("{} - {}", year - 2, year + 2)},
        "authorities": [{"id": "cap-tren", "title": grantor}],
        "awards": awards,
        "proposals": [{
            "authority": "cap-tren",
            "number": rng.range(1, 999),
            "date": date(letter.0 + 2, letter.1),
            "addressees": [grantor],
            "legal_bases": (0..rng.range(1, 5)).map(|_| corpus.phrase(&mut rng, 10, 45).trim_end_matches('.').to_string()).collect::<Vec<_>>(),
            "body": (0..rng.range(0, 3)).map(|_| corpus.paragraph(&mut rng, size.max_words)).collect::<Vec<_>>(),
            "signer": signer(&mut rng, "Hiệu trưởng"),
            "recipients": ["Như trên", corpus.phrase(&mut rng, 2, 8).trim_end_matches('.').to_string()],
            "archive_unit": abbreviation,
        }],
        "nominees": nominees,
        "minutes": {
            "number": rng.range(1000, 1999),
            "date": date(letter.0 + 1, letter.1),
            "start": "14:00",
            "end": "16:30",
            "place": format!("Phòng họp {agency}"),
            "members": member_list,
            "rounds": rounds,
            "proceedings": (0..rng.range(0, 2)).map(|_| corpus.paragraph(&mut rng, size.max_words)).collect::<Vec<_>>(),
            "recipients": [corpus.phrase(&mut rng, 2, 8).trim_end_matches('.').to_string()],
        },
    });
    // The title is the head's own: a decision with prize money and certificates.
    if !title_votes.is_empty() {
        let head = format!("Hiệu trưởng {}", agency.replace('\n', " "));
        d["authorities"].as_array_mut().unwrap().insert(0, json!({"id": "thu-truong", "title": head, "own": true}));
        d["awards"][1]["prize"] = json!({"individual": format!("0,{}", rng.range(1, 9)), "source": corpus.phrase(&mut rng, 4, 12).trim_end_matches('.').to_string()});
        let blank = rng.chance(0.5);
        let mut certificates = json!({"print": if blank { "blank" } else { "plain" }});
        if rng.chance(0.7) {
            certificates["golden_book_start"] = json!(rng.range(1, 99_999));
        }
        if blank {
            certificates["offset_mm"] =
                json!([rng.range(0, 40) as f64 / 10.0 - 2.0, rng.range(0, 40) as f64 / 10.0 - 2.0]);
        }
        d["decisions"] = json!([{
            "authority": "thu-truong",
            "number": rng.range(2000, 2999),
            "date": date(letter.0 + 3, letter.1),
            "legal_bases": (0..rng.range(1, 4)).map(|_| corpus.phrase(&mut rng, 10, 45).trim_end_matches('.').to_string()).collect::<Vec<_>>(),
            "proposed_by": corpus.phrase(&mut rng, 3, 14).trim_end_matches('.').to_string(),
            "executors": corpus.phrase(&mut rng, 3, 20).trim_end_matches('.').to_string(),
            "fund": corpus.phrase(&mut rng, 3, 10).trim_end_matches('.').to_string(),
            "signer": signer(&mut rng, "Hiệu trưởng"),
            "recipients": [corpus.phrase(&mut rng, 2, 8).trim_end_matches('.').to_string()],
            "archive_unit": abbreviation,
            "electronic": rng.chance(0.3),
            "certificates": certificates,
        }]);
    }
    d
}

/// The year-end sample with `n` more individuals proposed for its first award, passed by the
/// council's first round (so in its decision with a certificate each); each name, birth date
/// and unit different.
pub fn with_awardees(sample: &Value, n: usize) -> Value {
    let mut d = sample.clone();
    let award = d["minutes"]["rounds"][0]["award"].clone();
    let in_favour = d["minutes"]["rounds"][0]["votes"][0]["in_favour"].clone();
    let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô"];
    let middles = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu"];
    let given = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Khánh", "Lan", "Long", "Mai", "Nam"];
    for i in 0..n {
        let id = format!("nv-{i}");
        let name = format!(
            "{} {} {} {}",
            families[i % families.len()],
            middles[(i / 10) % middles.len()],
            given[(i / 80) % given.len()],
            i
        );
        d["nominees"].as_array_mut().expect("nominees").push(json!({
            "id": id, "kind": "individual", "name": name,
            "gender": if i % 2 == 0 { "male" } else { "female" },
            "birth_date": format!("{:02}/{:02}/{}", 1 + i % 28, 1 + i % 12, 1970 + i % 30),
            "position": "Giáo viên", "unit": format!("Tổ khối {}", 1 + i % 5),
            "summary": "Hoàn thành tốt nhiệm vụ; tham gia bồi dưỡng học sinh đọc thông, viết thạo.",
            "awards": [award.clone()],
        }));
        d["minutes"]["rounds"][0]["votes"]
            .as_array_mut()
            .expect("votes")
            .push(json!({"nominee": id, "in_favour": in_favour.clone()}));
    }
    d
}

/// Unit `k` of a receiving office's year end, for `--gather`: the sample office's unit
/// `base` renamed (its own name and abbreviation, so no two units are one) with `n` more
/// teachers its council passed for the office's "Giấy khen".
pub fn unit_for_office(base: &Value, k: usize, n: usize) -> Value {
    // The school's name wherever the sample gives it (its head's title, its letter's symbol).
    let text = serde_json::to_string(base)
        .expect("JSON")
        .replace("Khánh Thượng", &format!("số {}", k + 1))
        .replace("THKT", &format!("TH{}", k + 1));
    let mut d: Value = serde_json::from_str(&text).expect("JSON");
    // The sample's own teachers born on the unit's day, so no two units propose one person.
    for x in d["nominees"].as_array_mut().expect("nominees") {
        if x["birth_date"].is_string() {
            x["birth_date"] = json!(format!("{:02}/01/{}", 1 + k % 28, 1960 + (k / 28) % 40));
        }
        if let Some(o) = x.as_object_mut() {
            o.remove("person_id");
        }
    }
    let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô"];
    let given = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Khánh", "Lan", "Long", "Mai", "Nam"];
    // The office's Giấy khen asks for a report: each teacher's is the sample's teacher's.
    let report = d["nominees"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|x| x["awards"].as_array().is_some_and(|a| a.iter().any(|v| v == "giay-khen")) && x["report"].is_object())
        .map(|x| x["report"].clone());
    let rounds = d["minutes"]["rounds"].as_array_mut().expect("rounds");
    let round = rounds.iter_mut().find(|r| r["award"] == "giay-khen").expect("a round for the office's Giấy khen");
    let in_favour = round["votes"][0]["in_favour"].clone();
    let mut added = Vec::new();
    for i in 0..n {
        let id = format!("gk-{i}");
        round["votes"].as_array_mut().expect("votes").push(json!({"nominee": id, "in_favour": in_favour.clone()}));
        added.push(json!({
            "id": id, "kind": "individual",
            "name": format!("{} Thị {} {}", families[i % families.len()], given[(i / 10) % given.len()], k * 1000 + i),
            "gender": "female",
            "birth_date": format!("{:02}/{:02}/{}", 1 + k % 28, 1 + i % 12, 1970 + (k + i) % 30),
            "position": "Giáo viên", "unit": format!("Tổ khối {}", 1 + i % 5),
            "summary": "Hoàn thành xuất sắc nhiệm vụ năm học; có học sinh đạt giải cấp huyện.",
            "awards": ["giay-khen"],
        }));
        if let Some(r) = &report {
            added.last_mut().expect("just pushed")["report"] = r.clone();
        }
    }
    d["nominees"].as_array_mut().expect("nominees").extend(added);
    d
}
