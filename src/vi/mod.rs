//! How Vietnamese official documents write dates, numbers, money, capitals and sorted names.
//!
//! Each rule comes from `../shared/spec/dossier.md` and Decree 30/2020; each helper is a pure
//! function with its own unit tests, so templates receive text that is already right.

pub(crate) mod case;
pub(crate) mod collate;
pub(crate) mod date;
pub(crate) mod group;
pub(crate) mod number;
pub(crate) mod slug;
pub(crate) mod words;

pub(crate) use case::upper;
pub(crate) use collate::name_key;
pub use date::Date;
pub(crate) use number::{pad2, percent, thousands};
pub(crate) use slug::slug;
pub(crate) use words::money_in_words;

/// The format's English value a clerk means by a Vietnamese word ("Nữ" → "female", "Tập thể"
/// → "collective", with or without diacritics, any case); the English values themselves are
/// returned as they are. `None` for any other word.
pub(crate) fn format_value(word: &str) -> Option<&'static str> {
    use unicode_normalization::UnicodeNormalization;
    let w: String = word.nfc().collect::<String>().trim().to_lowercase();
    Some(match w.as_str() {
        "nam" | "male" => "male",
        "nữ" | "nu" | "female" => "female",
        "cá nhân" | "ca nhan" | "individual" => "individual",
        "tập thể" | "tap the" | "collective" => "collective",
        "hộ gia đình" | "ho gia dinh" | "hộ" | "household" => "household",
        "danh hiệu" | "danh hieu" | "danh hiệu thi đua" | "title" => "title",
        "hình thức" | "khen thưởng" | "hình thức khen thưởng" | "award" => "award",
        _ => return None,
    })
}

/// Items as a Vietnamese series: "A", "A và B", "A, B và C".
pub(crate) fn series<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let head: Vec<&str> = rest.iter().map(|s| s.as_ref()).collect();
            format!("{} và {}", head.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod series_tests {
    #[test]
    fn a_series_ends_with_va() {
        assert_eq!(super::series(&["A"]), "A");
        assert_eq!(super::series(&["A", "B"]), "A và B");
        assert_eq!(super::series(&["A", "B", "C"]), "A, B và C");
    }
}
