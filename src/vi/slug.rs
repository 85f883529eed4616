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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterates() {
        assert_eq!(slug("Nguyễn Thị Hồng Nhung"), "nguyen-thi-hong-nhung");
        assert_eq!(slug("Phòng Đào tạo – Hành chính – Kế toán"), "phong-dao-tao-hanh-chinh-ke-toan");
        assert_eq!(slug("  ../etc/passwd  "), "etc-passwd");
        assert_eq!(slug("ƯƠ ươ"), "uo-uo");
        assert_eq!(slug(""), "");
    }
}
