//! Vietnamese name order for lists: by given name (the last word), then the rest of the name,
//! in Vietnamese letter order (a ă â b c d đ e ê …) with tones after the base letter.

use unicode_normalization::UnicodeNormalization;

/// Letters in Vietnamese order; f, j, w, z (loan words) sit where Latin puts them.
const ALPHABET: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

/// Tone marks in dictionary order after the level tone: huyền, hỏi, ngã, sắc, nặng.
const TONES: [char; 5] = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];

/// A sort key for one text: letter ranks first, tones only to break ties.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct TextKey {
    letters: Vec<u16>,
    tones: Vec<u8>,
}

/// The apostrophes of minority names (Ksor H'Bin, K'Đim, K' Brơi): straight, typographic or the
/// modifier letter, which sort as if absent.
const APOSTROPHES: [char; 3] = ['\'', '\u{2019}', '\u{2BC}'];

fn text_key(s: &str) -> TextKey {
    let mut letters = Vec::new();
    let mut tones = Vec::new();
    for c in s.to_lowercase().nfc().filter(|c| !APOSTROPHES.contains(c)) {
        let mut base = None;
        let mut modifier = None;
        let mut tone = 0u8;
        for d in std::iter::once(c).nfd() {
            match d {
                '\u{306}' | '\u{302}' | '\u{31B}' => modifier = Some(d),
                t if TONES.contains(&t) => tone = TONES.iter().position(|&x| x == t).unwrap() as u8 + 1,
                other => base = base.or(Some(other)),
            }
        }
        let Some(base) = base else { continue };
        let letter = match (base, modifier) {
            ('a', Some('\u{306}')) => 'ă',
            ('a', Some('\u{302}')) => 'â',
            ('e', Some('\u{302}')) => 'ê',
            ('o', Some('\u{302}')) => 'ô',
            ('o', Some('\u{31B}')) => 'ơ',
            ('u', Some('\u{31B}')) => 'ư',
            (b, _) => b,
        };
        let rank = match ALPHABET.chars().position(|a| a == letter) {
            Some(i) => 100 + i as u16,
            None if letter.is_whitespace() => 1,
            None if letter.is_ascii_digit() => 10 + letter as u16 - '0' as u16,
            None => 200 + (letter as u32).min(60_000) as u16,
        };
        letters.push(rank);
        tones.push(tone);
    }
    TextKey { letters, tones }
}

/// Sort key of a person's name: the given name (letters, then tones), then the family and
/// middle names, so everyone called "An" stands together before everyone called "Ân".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct NameKey {
    given: TextKey,
    rest: TextKey,
}

/// The key that sorts `full_name` the way Vietnamese lists are sorted.
/// A word that ends in an apostrophe ("K' Brơi") belongs to the word after it.
pub(crate) fn name_key(full_name: &str) -> NameKey {
    let mut words: Vec<String> = Vec::new();
    for w in full_name.split_whitespace() {
        match words.last_mut() {
            Some(last) if last.ends_with(APOSTROPHES) => last.push_str(w),
            _ => words.push(w.to_string()),
        }
    }
    let (given, rest) = match words.split_last() {
        Some((given, rest)) => (given.clone(), rest.join(" ")),
        None => (String::new(), String::new()),
    };
    NameKey { given: text_key(&given), rest: text_key(&rest) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by_key(|n| name_key(n));
        v
    }

    #[test]
    fn given_name_first() {
        assert_eq!(
            sorted(&["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An"]),
            ["Lê Văn An", "Nguyễn Thị An", "Trần Văn Bình"]
        );
    }

    #[test]
    fn vietnamese_letter_order() {
        // a < ă < â, d < đ, o < ô < ơ, u < ư
        assert_eq!(sorted(&["X Đức", "X Dũng", "X Ân", "X Ăn", "X An"]), ["X An", "X Ăn", "X Ân", "X Dũng", "X Đức"]);
        assert_eq!(
            sorted(&["X Ưng", "X Uyên", "X Ơn", "X Ôn", "X Oanh"]),
            ["X Oanh", "X Ôn", "X Ơn", "X Uyên", "X Ưng"]
        );
    }

    #[test]
    fn tones_only_break_ties() {
        assert_eq!(
            sorted(&["X Bác", "X Bạ", "X Bá", "X Bã", "X Bả", "X Bà", "X Ba"]),
            ["X Ba", "X Bà", "X Bả", "X Bã", "X Bá", "X Bạ", "X Bác"]
        );
    }

    #[test]
    fn apostrophes_in_minority_names_sort_as_if_absent() {
        // H'Bin is read hbin: after Hà, before Hùng; K' Brơi is one given name, kbrơi.
        assert_eq!(
            sorted(&[
                "Ksor H'Bin",
                "Nguyễn Văn Hùng",
                "Lê Thị Hà",
                "K' Brơi",
                "Trần Văn Bảo",
                "K\u{2019}Đim",
                "Y Khoa"
            ]),
            ["Trần Văn Bảo", "Lê Thị Hà", "Ksor H'Bin", "Nguyễn Văn Hùng", "K' Brơi", "K\u{2019}Đim", "Y Khoa"]
        );
    }

    #[test]
    fn case_and_decomposition_do_not_matter() {
        assert_eq!(name_key("nguyễn thị hoà"), name_key("Nguyễn Thị Hoà"));
        assert_eq!(name_key("Nguye\u{302}\u{303}n Thi\u{323} Hoa\u{300}"), name_key("Nguyễn Thị Hoà"));
    }
}
