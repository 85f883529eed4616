//! Upper-casing that keeps every Vietnamese diacritic (Khánh Hòa → KHÁNH HÒA, đ → Đ).

/// Upper-case `s` letter by letter, keeping tone marks and letter modifiers.
///
/// Rust's Unicode case mapping is correct for every Vietnamese letter; this wrapper exists so
/// every caller goes through one place and the behaviour is pinned by tests.
pub(crate) fn upper(s: &str) -> String {
    s.chars().flat_map(char::to_uppercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_diacritics() {
        assert_eq!(upper("Khánh Hòa"), "KHÁNH HÒA");
        assert_eq!(upper("đổi mới"), "ĐỔI MỚI");
        assert_eq!(
            upper("Trường Trung cấp nghề Dân tộc nội trú Khánh Vĩnh"),
            "TRƯỜNG TRUNG CẤP NGHỀ DÂN TỘC NỘI TRÚ KHÁNH VĨNH"
        );
        assert_eq!(upper("ơ ư ă â ê ô ỹ ỵ"), "Ơ Ư Ă Â Ê Ô Ỹ Ỵ");
    }
}
