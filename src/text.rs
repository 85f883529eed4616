//! Text hygiene for strings that arrive from Word, Excel and old systems: Unicode NFC,
//! trimmed, and refused when they are really TCVN3/VNI bytes shown as Latin-1 mojibake.

use unicode_normalization::UnicodeNormalization;

/// NFC-normalise and trim `s`; line ends become `\n` and invisible zero-width marks go.
pub(crate) fn normalize(s: &str) -> String {
    let cleaned: String = s
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| !matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{200C}' | '\u{200D}'))
        .map(|c| if c == '\r' { '\n' } else { c })
        .nfc()
        .collect();
    cleaned.trim().to_string()
}

/// Which legacy 8-bit encoding a string seems to have been typed in, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Legacy {
    /// TCVN3 (ABC): "Tr­êng" for "Trường" (the soft hyphen stands for ư).
    Tcvn3,
    /// VNI Windows: "Tröôøng" for "Trường".
    Vni,
}

impl Legacy {
    /// The encoding's usual name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC)",
            Legacy::Vni => "VNI Windows",
        }
    }
}

/// Symbols that TCVN3 uses for Vietnamese letters and proper Unicode Vietnamese never has.
const TCVN3_MARKS: &[char] = &[
    '\u{AD}', '¸', 'µ', '¶', '¹', '¨', '¾', '¼', '½', '¬', 'ª', '¦', '®', '§', 'Æ', 'Ç', 'Ë', 'Î', 'Ï', 'Ð', 'Ñ', '×',
    'Þ', 'ß',
];

/// Latin-1 letters that are not Vietnamese letters; VNI text is full of them.
const VNI_MARKS: &[char] =
    &['ä', 'å', 'æ', 'ç', 'ë', 'î', 'ï', 'ñ', 'ö', 'ø', 'û', 'ü', 'ÿ', 'Ä', 'Å', 'Ö', 'Ø', 'Û', 'Ü'];

/// Guess whether `s` is legacy-encoded text.
///
/// TCVN3 writes a toned vowel as a Latin-1 symbol right after the consonant before it
/// ("Tr­êng", "Kh¸nh", "vµ"), so a symbol counts only when a letter precedes it: the signs an
/// office types between numbers and spaces ("3 × 4 m²", "½ ngày", "§ 3", "5 µm", "≥ 80%",
/// "25 °C") never do. Two such symbols make TCVN3, or one in text without a single Unicode
/// Vietnamese letter (mojibake holds none). VNI: two Latin-1 letters that Vietnamese does not
/// use; one foreign letter ("Müller") is allowed.
pub(crate) fn legacy_encoding(s: &str) -> Option<Legacy> {
    let chars: Vec<char> = s.chars().collect();
    let after_letter =
        (1..chars.len()).filter(|&i| TCVN3_MARKS.contains(&chars[i]) && chars[i - 1].is_alphabetic()).count();
    let vietnamese = chars.iter().any(|c| ('\u{0100}'..='\u{1EFF}').contains(c));
    if after_letter >= 2 || (after_letter == 1 && !vietnamese) {
        return Some(Legacy::Tcvn3);
    }
    if s.chars().filter(|c| VNI_MARKS.contains(c)).count() >= 2 {
        return Some(Legacy::Vni);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_becomes_nfc_and_is_trimmed() {
        let nfd = "  Hoa\u{300} Kha\u{301}nh\u{A0}\r\n";
        assert_eq!(normalize(nfd), "Hoà Khánh");
        assert_eq!(normalize("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(normalize("\u{FEFF}Số"), "Số");
    }

    #[test]
    fn legacy_encodings_are_recognised() {
        assert_eq!(legacy_encoding("Tr\u{AD}êng Trung cÊp nghÒ"), Some(Legacy::Tcvn3));
        assert_eq!(legacy_encoding("Tröôøng Trung caáp ngheà"), Some(Legacy::Vni));
        assert_eq!(legacy_encoding("Trường Trung cấp nghề Dân tộc nội trú Khánh Vĩnh"), None);
        assert_eq!(legacy_encoding("Ông Müller"), None);
        assert_eq!(legacy_encoding("Đoàn Thị Thúy Hằng, Hòa, Huế, Quý, Tuấn, ĐỨC"), None);
    }

    /// Guards correct Vietnamese with the symbols an office types (×, ½, §, µ, ±, ≥, ‰, ², °)
    /// against being refused as TCVN3; real TCVN3 and VNI text is still recognised.
    #[test]
    fn ordinary_symbols_are_not_taken_for_tcvn3() {
        for ok in [
            "Diện tích phòng học 8 × 9 m², đạt ½ kế hoạch năm",
            "theo § 3 Điều 5 của Quy chế; sai số ± 2%",
            "tỷ lệ đồng ý ≥ 80%, tỷ lệ hộ nghèo 5‰",
            "kích thước hạt 5 µm ở nhiệt độ 25 °C",
            "x² + y² ≤ 1; 3×4",
            "Phòng thí nghiệm µ-sóng",
            "½",
        ] {
            assert_eq!(legacy_encoding(ok), None, "{ok}");
        }
        for (bad, enc) in [
            ("Tr\u{AD}êng Trung cÊp nghÒ D©n téc néi tró Kh¸nh VÜnh", Legacy::Tcvn3),
            ("Phßng §µo t\u{AD}¹o", Legacy::Tcvn3),
            ("Lª V¨n An", Legacy::Tcvn3),
            ("vµ", Legacy::Tcvn3),
            ("Kh¸nh Hßa", Legacy::Tcvn3),
            ("Tröôøng Trung caáp ngheà", Legacy::Vni),
        ] {
            assert_eq!(legacy_encoding(bad), Some(enc), "{bad}");
        }
    }
}
