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

/// Guess whether `s` is legacy-encoded text. One foreign letter ("Müller") is allowed;
/// any TCVN3 symbol, or two VNI letters, is not.
pub(crate) fn legacy_encoding(s: &str) -> Option<Legacy> {
    if s.chars().any(|c| TCVN3_MARKS.contains(&c)) {
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
}
