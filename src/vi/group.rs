//! Word groups a line must not break inside: words of two to four syllables ("đào tạo",
//! "tích cực", "chương trình"), place names ("Hồ Chí Minh", "Bà Rịa - Vũng Tàu", "xã Mù
//! Cang Chải") and the names a dossier itself gives.
//!
//! Vietnamese writes one syllable per space, so a line breaker that breaks at any space cuts
//! words and names in half ("TRƯỜNG TRUNG HỌC PHỔ / THÔNG", "NINH / BÌNH"). The words come from
//! a maintained word list (pyvi's, `src/vi/dictionary/`, 25,000 words of two or more
//! syllables) with the agency words it lacks (`COMPOUNDS`); names from capitals in mixed-case
//! text, from the place kinds before them ("tỉnh", "xã"), and, for text typed in capitals, from
//! the dossier's own names (`Binder`). Header lines go to the template as groups; titles,
//! captions and certificates as text whose groups hold their spaces as U+00A0 (`bind`), which
//! the kit's `keep-words` sets as unbreakable boxes.

use std::collections::HashSet;
use std::sync::LazyLock;

/// The word list: one word a line (`src/vi/dictionary/README.md`).
const WORD_LIST: &str = include_str!("dictionary/words.txt");

/// The longest word looked up, in syllables.
const LONGEST_WORD: usize = 4;

/// The words of two to `LONGEST_WORD` syllables, folded (`fold`), with `COMPOUNDS`.
static WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    WORD_LIST
        .lines()
        .chain(COMPOUNDS.iter().copied())
        .filter(|w| (2..=LONGEST_WORD).contains(&w.split(' ').count()))
        .map(fold)
        .collect()
});

/// A word as looked up: lower case, with the tone mark of "oa", "oe" and "uy" on the same
/// letter whichever placement was typed ("hoà" and "hòa", "uỷ" and "ủy" alike): in one pass,
/// a tone on the "a", "e" or "y" after "o" or "u" moves onto the "o" or "u".
fn fold(word: &str) -> String {
    /// (toned second vowel, its plain letter, the first vowel toned alike: o then u).
    const MOVES: [(char, char, char, char); 15] = [
        ('à', 'a', 'ò', ' '),
        ('á', 'a', 'ó', ' '),
        ('ả', 'a', 'ỏ', ' '),
        ('ã', 'a', 'õ', ' '),
        ('ạ', 'a', 'ọ', ' '),
        ('è', 'e', 'ò', ' '),
        ('é', 'e', 'ó', ' '),
        ('ẻ', 'e', 'ỏ', ' '),
        ('ẽ', 'e', 'õ', ' '),
        ('ẹ', 'e', 'ọ', ' '),
        ('ỳ', 'y', ' ', 'ù'),
        ('ý', 'y', ' ', 'ú'),
        ('ỷ', 'y', ' ', 'ủ'),
        ('ỹ', 'y', ' ', 'ũ'),
        ('ỵ', 'y', ' ', 'ụ'),
    ];
    let mut out = String::with_capacity(word.len());
    let mut prev: Option<char> = None;
    for c in word.chars().flat_map(char::to_lowercase) {
        let moved = prev.and_then(|p| {
            MOVES.iter().find(|m| m.0 == c).and_then(|&(_, plain, o, u)| match p {
                'o' if o != ' ' => Some((o, plain)),
                'u' if u != ' ' => Some((u, plain)),
                _ => None,
            })
        });
        match moved {
            Some((first, plain)) => {
                out.pop();
                out.push(first);
                out.push(plain);
                prev = Some(plain);
            }
            None => {
                out.push(c);
                prev = Some(c);
            }
        }
    }
    out
}

/// Marks around a word that do not belong to it: quotes, brackets, sentence punctuation.
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '“' | '”'
            | '"'
            | '‘'
            | '’'
            | '\''
            | '«'
            | '»'
            | '('
            | ')'
            | '['
            | ']'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | '…'
    )
}

/// Whether `words` (syllables as typed) read as one word of the list: marks before the first
/// and after the last are not part of it, marks between them part it.
fn is_word(words: &[&str]) -> bool {
    let n = words.len();
    for (k, w) in words.iter().enumerate() {
        if (k > 0 && w.starts_with(is_mark)) || (k + 1 < n && w.ends_with(is_mark)) {
            return false;
        }
    }
    let joined: Vec<&str> = words.iter().map(|w| w.trim_matches(is_mark)).collect();
    if joined.iter().any(|w| w.is_empty()) {
        return false;
    }
    WORDS.contains(&fold(&joined.join(" ")))
}

/// Agency and company words the word list lacks, lower-case (a test holds that it lacks each).
const COMPOUNDS: &[&str] =
    &["cựu chiến", "dạy nghề", "liên cấp", "một thành viên", "trách nhiệm hữu hạn", "giấy khen", "bằng khen"];

/// Words that introduce a place name: the name after them stays with them.
const PLACE_KINDS: &[&str] = &["tỉnh", "thành phố", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường", "đặc khu"];

/// The longest group, in words (a dash counts as one): a longer run is broken anyway rather
/// than overflow a column.
const MAX_GROUP: usize = 8;

fn capitalised(word: &str) -> bool {
    word.trim_start_matches(is_mark).chars().next().is_some_and(char::is_uppercase)
}

fn is_dash(word: &str) -> bool {
    matches!(word, "-" | "–")
}

/// `line` cut into the groups it may break between, in order; joined with spaces they give the
/// line back.
#[cfg(test)]
pub(crate) fn groups(line: &str) -> Vec<String> {
    Binder::default().groups(line)
}

/// `line` with the spaces inside each group (`groups`) made U+00A0: a layout that breaks only at
/// U+0020 breaks between words. The kit's `keep-words` sets such text.
pub(crate) fn bind(line: &str) -> String {
    Binder::default().bind(line)
}

/// `line` with the syllables of each word joined by U+00A0 but the words of a name left apart:
/// for a person's name, which may wrap between its words in a narrow column.
pub(crate) fn bind_words(line: &str) -> String {
    Binder::default().groups(line).join(" ")
}

/// Grouping that also knows a dossier's own names: text typed in capitals ("ỦY BAN NHÂN DÂN XÃ
/// TÂN CHI") keeps together what the dossier writes as a name in mixed case ("xã Tân Chi").
#[derive(Default)]
pub(crate) struct Binder {
    /// Pairs of neighbouring words (folded) that a name of the dossier holds together.
    pairs: HashSet<String>,
}

impl Binder {
    /// A binder that knows the names in `names` (agency, parent, authorities, places), as they
    /// are typed, in mixed case.
    pub(crate) fn knowing<'a>(names: impl IntoIterator<Item = &'a str>) -> Binder {
        let mut pairs = HashSet::new();
        let plain = Binder::default();
        for name in names {
            for line in name.lines() {
                if !line.chars().any(char::is_lowercase) {
                    continue;
                }
                for g in plain.groups(line) {
                    let words: Vec<&str> = g.split(' ').collect();
                    for w in words.windows(2) {
                        if capitalised(w[0]) || capitalised(w[1]) {
                            pairs.insert(fold(&format!(
                                "{} {}",
                                w[0].trim_matches(is_mark),
                                w[1].trim_matches(is_mark)
                            )));
                        }
                    }
                }
            }
        }
        Binder { pairs }
    }

    /// `line` with its groups' inner spaces made U+00A0 (see `bind`).
    pub(crate) fn bind(&self, line: &str) -> String {
        line.split('\n')
            .map(|l| self.groups(l).iter().map(|g| g.replace(' ', "\u{a0}")).collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// `line` cut into the groups it may break between (see `groups`). Inside a group the
    /// syllables of one word are joined by U+00A0 and the words of one name by a space, so a
    /// group too long for its column can still be broken, between its words.
    pub(crate) fn groups(&self, line: &str) -> Vec<String> {
        let words: Vec<&str> = line.split([' ', '\u{a0}']).filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            return Vec::new();
        }
        // Spaces already bound stay bound. (glue[i]: words i and i + 1 stay together; word[i]:
        // as syllables of one word.)
        let mut glue = vec![false; words.len()];
        let mut word = vec![false; words.len()];
        {
            let mut k = 0;
            for part in line.split(' ').filter(|w| !w.is_empty()) {
                let n = part.split('\u{a0}').filter(|w| !w.is_empty()).count();
                for j in k..(k + n).saturating_sub(1) {
                    glue[j] = true;
                    word[j] = true;
                }
                k += n;
            }
        }
        // A line typed all in capitals tells nothing about names: the word list and the
        // dossier's names apply.
        let cased = words.iter().any(|w| w.chars().any(char::is_lowercase));
        let lower: Vec<String> = words.iter().map(|w| fold(w.trim_matches(is_mark))).collect();
        // The longest word of the list at each place (glue[i]: words i and i + 1 stay together).
        let mut i = 0;
        while i < words.len() {
            let longest = (2..=LONGEST_WORD.min(words.len() - i)).rev().find(|&n| is_word(&words[i..i + n]));
            match longest {
                Some(n) => {
                    for j in i..i + n - 1 {
                        glue[j] = true;
                        word[j] = true;
                    }
                    i += n - 1;
                }
                None => i += 1,
            }
        }
        for i in 0..words.len() - 1 {
            if cased && capitalised(words[i]) && capitalised(words[i + 1]) && !words[i].ends_with(is_mark) {
                glue[i] = true;
            }
            if self.pairs.contains(&format!("{} {}", lower[i], lower[i + 1])) && !words[i].ends_with(is_mark) {
                glue[i] = true;
            }
            // A dash between parts of a name neither starts nor ends a line ("Lao động -
            // Thương binh", "Bà Rịa - Vũng Tàu").
            if is_dash(words[i]) {
                glue[i] = true;
                if i > 0 {
                    glue[i - 1] = true;
                }
            }
        }
        // A place kind ("tỉnh", "thành phố") holds the capitalised name after it.
        let mut i = 0;
        while i < words.len() {
            let kind = PLACE_KINDS.iter().find(|k| {
                let n = k.split(' ').count();
                i + n < words.len() && lower[i..i + n].join(" ") == **k
            });
            if let Some(kind) = kind {
                let n = kind.split(' ').count();
                let named = if cased {
                    capitalised(words[i + n])
                } else {
                    self.pairs.contains(&format!("{} {}", lower[i + n - 1], lower[i + n]))
                };
                if named {
                    // The place starts a group of its own ("… Lê Hồng Phong | Thành phố Hồ Chí
                    // Minh") and holds its name.
                    if i > 0 && !is_dash(words[i - 1]) {
                        glue[i - 1] = false;
                    }
                    for g in glue.iter_mut().skip(i).take(n) {
                        *g = true;
                    }
                }
                i += n;
            } else {
                i += 1;
            }
        }
        let mut out: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut len = 0;
        for (i, w) in words.iter().enumerate() {
            current.push_str(w);
            len += 1;
            // (A group cut at its bound is cut between words, not inside one.)
            let bound = len >= MAX_GROUP && (!word[i] || len >= MAX_GROUP + LONGEST_WORD);
            if !glue[i] || bound || i + 1 == words.len() {
                out.push(std::mem::take(&mut current));
                len = 0;
            } else {
                current.push(if word[i] { '\u{a0}' } else { ' ' });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The groups with every space plain, to compare.
    fn groups(line: &str) -> Vec<String> {
        super::groups(line).iter().map(|g| g.replace('\u{a0}', " ")).collect()
    }

    #[test]
    fn place_names_stay_whole() {
        assert_eq!(groups("Đại học Quốc gia Thành phố Hồ Chí Minh"), ["Đại học", "Quốc gia", "Thành phố Hồ Chí Minh"]);
        assert_eq!(groups("Ủy ban nhân dân xã Mù Cang Chải"), ["Ủy ban nhân dân", "xã Mù Cang Chải"]);
        assert_eq!(
            groups("Bệnh viện Đa khoa tỉnh Bà Rịa - Vũng Tàu"),
            ["Bệnh viện", "Đa khoa", "tỉnh Bà Rịa - Vũng Tàu"]
        );
        assert_eq!(groups("Sở Y tế tỉnh Ninh Bình"), ["Sở Y tế", "tỉnh Ninh Bình"]);
        assert_eq!(
            groups("Trường Trung học phổ thông Chuyên Lê Hồng Phong Thành phố Hồ Chí Minh"),
            ["Trường Trung học phổ thông", "Chuyên Lê Hồng Phong", "Thành phố Hồ Chí Minh"]
        );
    }

    #[test]
    fn words_of_the_word_list_stay_whole() {
        assert_eq!(groups("Trường Trung học phổ thông Nguyễn Trãi"), ["Trường Trung học phổ thông", "Nguyễn Trãi"]);
        // A dash neither starts nor ends a line.
        assert_eq!(groups("Sở Lao động - Thương binh và Xã hội"), ["Sở Lao động - Thương binh", "và", "Xã hội"]);
        // The words the issue found split, from the word list.
        for (line, word) in [
            ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "ĐÀO TẠO"),
            ("KHOA HỒI SỨC TÍCH CỰC - CHỐNG ĐỘC", "TÍCH CỰC"),
            ("BAN QUẢN LÝ CHƯƠNG TRÌNH KHU VỰC", "CHƯƠNG TRÌNH"),
            ("BAN QUẢN LÝ CHƯƠNG TRÌNH KHU VỰC", "KHU VỰC"),
            ("đã có thành tích trong điều trị bệnh nhân", "điều trị"),
            ("xét tặng danh hiệu thi đua", "thi đua"),
            ("DANH HIỆU “LAO ĐỘNG TIÊN TIẾN”", "“LAO ĐỘNG"),
            ("DANH HIỆU “CHIẾN SĨ THI ĐUA CƠ SỞ”", "“CHIẾN SĨ"),
            ("DANH HIỆU “TẬP THỂ LAO ĐỘNG TIÊN TIẾN”", "“TẬP THỂ"),
            ("CÔNG TY TNHH MỘT THÀNH VIÊN XỔ SỐ KIẾN THIẾT", "MỘT THÀNH VIÊN"),
        ] {
            let gs = groups(line);
            assert!(gs.iter().any(|g| g.contains(word)), "{line}: {gs:?}");
        }
        // Either tone placement.
        assert_eq!(groups("Ủy ban"), ["Ủy ban"]);
        assert_eq!(groups("Uỷ ban"), ["Uỷ ban"]);
        // Punctuation parts words: "động, giai" is no word.
        assert_eq!(groups("vận động, giai đoạn"), ["vận động,", "giai đoạn"]);
    }

    #[test]
    fn compounds_are_only_what_the_word_list_lacks() {
        let list: HashSet<String> = WORD_LIST.lines().map(fold).collect();
        for c in COMPOUNDS {
            assert!(!list.contains(&fold(c)), "{c:?} is in the word list already");
        }
    }

    #[test]
    fn either_tone_placement_folds_alike() {
        for (old, new) in [("hoà", "hòa"), ("Uỷ ban", "ủy ban"), ("khoẻ", "khỏe"), ("thuý", "thúy"), ("quý", "qúy")]
        {
            assert_eq!(fold(old), fold(new), "{old} / {new}");
        }
        assert_eq!(fold("Khánh Hòa"), "khánh hòa");
        assert_eq!(fold("ĐÀO TẠO"), "đào tạo");
    }

    #[test]
    fn capitals_and_long_runs() {
        // Typed in capitals: the word list still holds words together.
        assert_eq!(groups("TRƯỜNG TRUNG HỌC PHỔ THÔNG"), ["TRƯỜNG", "TRUNG HỌC PHỔ THÔNG"]);
        // No group grows past its bound.
        assert!(
            groups("Công Tằng Tôn Nữ Thị Kim Ửng Hoa Phương Thảo").iter().all(|g| g.split(' ').count() <= MAX_GROUP)
        );
        assert_eq!(groups(""), Vec::<String>::new());
        assert_eq!(groups("a  b").join(" "), "a b");
    }

    #[test]
    fn a_dossiers_names_hold_in_capitals() {
        let b = Binder::knowing(["Trường Mầm non Tân Chi", "Ủy ban nhân dân xã Tân Chi"]);
        assert_eq!(b.groups("ỦY BAN NHÂN DÂN XÃ TÂN CHI"), ["ỦY\u{a0}BAN\u{a0}NHÂN\u{a0}DÂN", "XÃ TÂN CHI"]);
        assert_eq!(groups("ỦY BAN NHÂN DÂN XÃ TÂN CHI"), ["ỦY BAN NHÂN DÂN", "XÃ", "TÂN", "CHI"]);
    }

    #[test]
    fn a_group_holds_its_words_apart_from_its_syllables() {
        // "Trường" and "Trung học phổ thông" are one name, two words: too wide for a column,
        // the group breaks between them, never inside "phổ thông".
        assert_eq!(
            super::groups("Trường Trung học phổ thông Nguyễn Trãi")[0],
            "Trường Trung\u{a0}học\u{a0}phổ\u{a0}thông"
        );
    }

    #[test]
    fn bound_text_keeps_its_words_and_lines() {
        assert_eq!(bind("Sở Giáo dục và Đào tạo"), "Sở\u{a0}Giáo\u{a0}dục và Đào\u{a0}tạo");
        assert_eq!(bind("Công ty\nTNHH"), "Công\u{a0}ty\nTNHH");
        // Binding twice changes nothing.
        assert_eq!(bind(&bind("Sở Giáo dục và Đào tạo tỉnh Khánh Hòa")), bind("Sở Giáo dục và Đào tạo tỉnh Khánh Hòa"));
        assert_eq!(bind("a b").replace('\u{a0}', " "), "a b");
    }
}
