//! Safe, readable ASCII file names from Vietnamese text: "Nguyễn Thị Hồng Nhung" →
//! "nguyen-thi-hong-nhung".

use unicode_normalization::UnicodeNormalization;

/// Transliterate `s` to lower-case ASCII letters and digits joined by single '-'.
pub(crate) fn slug(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// `slug` cut to at most `max` bytes, at a '-' (a word's end) when one falls in its second
/// half; a slug within `max` is kept whole.
pub(crate) fn bounded(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    let cut = &slug[..max];
    match cut.rfind('-') {
        Some(at) if at >= max / 2 => cut[..at].to_string(),
        _ => cut.trim_end_matches('-').to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_cut_at_a_word() {
        assert_eq!(bounded("nguyen-thi-hong-nhung", 80), "nguyen-thi-hong-nhung");
        assert_eq!(bounded("nguyen-thi-hong-nhung", 14), "nguyen-thi");
        assert_eq!(bounded("abcdefghijklmnop", 10), "abcdefghij");
        let long = "03-bao-cao-02-".to_string() + &"nguyen-van-an-".repeat(30);
        let b = bounded(&long, 80);
        assert!(b.len() <= 80 && !b.ends_with('-') && long.starts_with(&b), "{b}");
    }

    #[test]
    fn transliterates() {
        assert_eq!(slug("Nguyễn Thị Hồng Nhung"), "nguyen-thi-hong-nhung");
        assert_eq!(slug("Phòng Đào tạo – Hành chính – Kế toán"), "phong-dao-tao-hanh-chinh-ke-toan");
        assert_eq!(slug("  ../etc/passwd  "), "etc-passwd");
        assert_eq!(slug("ƯƠ ươ"), "uo-uo");
        assert_eq!(slug(""), "");
    }
}
