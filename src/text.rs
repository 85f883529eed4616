//! Text hygiene for strings that arrive from Word, Excel and old systems: Unicode NFC,
//! trimmed, and refused when they are really TCVN3/VNI bytes shown as Latin-1 mojibake.

use unicode_normalization::UnicodeNormalization;

use crate::messages::Text;
use crate::t;

/// A dossier file's bytes as text, in the encodings a Vietnamese office produces: UTF-8 with or
/// without a byte-order mark; UTF-16 in either byte order (Notepad's "Unicode"), by its mark or,
/// without one, by its zero bytes; otherwise Windows-1258 (Vietnamese Windows). Returns the text
/// and, when it was not UTF-8, a note saying how it was read. TCVN3 and VNI files also read as
/// Windows-1258, as the mojibake the check then refuses field by field.
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, Option<Text>), Text> {
    use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1258};
    let utf16 = |enc: &'static encoding_rs::Encoding, body: &[u8]| {
        let (text, malformed) = enc.decode_without_bom_handling(body);
        if malformed {
            return Err(t!("file.bad-utf16"));
        }
        Ok((text.into_owned(), Some(t!("file.read-as-utf16"))))
    };
    if let Some(body) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(body).map(|t| (t.to_string(), None)).map_err(|e| not_utf8(body, &e));
    }
    if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(UTF_16LE, body);
    }
    if let Some(body) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(UTF_16BE, body);
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok((t.to_string(), None)),
        Err(e) => {
            // JSON is mostly ASCII: in UTF-16 without a mark, every other byte is zero.
            let zeros = |start: usize| bytes.iter().skip(start).step_by(2).filter(|&&b| b == 0).count();
            let half = bytes.len() / 2;
            if half > 0 && zeros(1) * 10 >= half * 8 {
                return utf16(UTF_16LE, bytes);
            }
            if half > 0 && zeros(0) * 10 >= half * 8 {
                return utf16(UTF_16BE, bytes);
            }
            if bytes.contains(&0) {
                return Err(not_utf8(bytes, &e));
            }
            let (text, _) = WINDOWS_1258.decode_without_bom_handling(bytes);
            let (line, column) = where_in(bytes, e.valid_up_to());
            Ok((text.into_owned(), Some(t!("file.read-as-1258", line = line, column = column))))
        }
    }
}

/// Why `bytes` are not UTF-8, with where.
fn not_utf8(bytes: &[u8], e: &std::str::Utf8Error) -> Text {
    let (line, column) = where_in(bytes, e.valid_up_to());
    t!("file.not-utf8", line = line, column = column)
}

/// Byte `at` of `bytes` as a person finds it: line and column (counted in characters).
fn where_in(bytes: &[u8], at: usize) -> (usize, usize) {
    line_column(&String::from_utf8_lossy(&bytes[..at]))
}

/// The line and column (from 1, columns in characters) just after `before`, the text of a
/// file up to a place in it.
pub(crate) fn line_column(before: &str) -> (usize, usize) {
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// `s` on one line: every run of spaces and line breaks one space, none at the ends.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

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
    fn files_decode_as_offices_save_them() {
        let text = "{\"tên\": \"Trường\"}";
        assert_eq!(decode(text.as_bytes()).unwrap(), (text.to_string(), None));
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap().0, text);
        for (mark, le) in [(&b"\xFF\xFE"[..], true), (&b"\xFE\xFF"[..], false), (&b""[..], true)] {
            let mut bytes = mark.to_vec();
            for u in text.encode_utf16() {
                bytes.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let (t, note) = decode(&bytes).unwrap();
            assert_eq!(t, text);
            assert!(note.unwrap().to_string().contains("UTF-16"));
        }
        // "Trường" in Windows-1258: T r ư (0xFD) ơ (0xF5) combining grave (0xCC) n g.
        let (t, note) = decode(b"{\"a\": \"Tr\xFD\xF5\xCCng\"}").unwrap();
        assert_eq!(normalize(&t), "{\"a\": \"Trường\"}");
        assert!(note.unwrap().to_string().contains("Windows-1258"), "line 1");
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
