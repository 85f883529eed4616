//! Amounts of money in Vietnamese words: 1.500.000 → "Một triệu năm trăm nghìn đồng".
//!
//! The official variants are used: "linh" (not "lẻ"), "nghìn" (not "ngàn"), "tư" for a final
//! 4 after "mươi", "mốt" for a final 1 after "mươi", "lăm" for a final 5 after a ten.

const DIGITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

/// Words for 0–999. `full` asks for "không trăm" when the hundreds digit is 0, as every
/// group after the leading one needs (1.005.000 → "một triệu không trăm linh năm nghìn").
fn triple(n: u64, full: bool, out: &mut Vec<&'static str>) {
    let (h, t, u) = ((n / 100) as usize, ((n / 10) % 10) as usize, (n % 10) as usize);
    if h > 0 || full {
        out.extend([DIGITS[h], "trăm"]);
    }
    match t {
        0 => {
            if u > 0 {
                if h > 0 || full {
                    out.push("linh");
                }
                out.push(DIGITS[u]);
            }
        }
        1 => {
            out.push("mười");
            match u {
                0 => {}
                5 => out.push("lăm"),
                _ => out.push(DIGITS[u]),
            }
        }
        _ => {
            out.extend([DIGITS[t], "mươi"]);
            match u {
                0 => {}
                1 => out.push("mốt"),
                4 => out.push("tư"),
                5 => out.push("lăm"),
                _ => out.push(DIGITS[u]),
            }
        }
    }
}

/// Lower-case words for any non-negative integer: 21 → "hai mươi mốt".
pub(crate) fn number_in_words(n: u64) -> String {
    if n == 0 {
        return "không".into();
    }
    let mut out = Vec::new();
    push_words(n, false, &mut out);
    out.join(" ")
}

/// Groups of three digits under "tỷ" (10^9); above that the count of "tỷ" recurses.
fn push_words(n: u64, full: bool, out: &mut Vec<&'static str>) {
    const BILLION: u64 = 1_000_000_000;
    let (billions, rest) = (n / BILLION, n % BILLION);
    let mut leading = !full;
    if billions > 0 {
        push_words(billions, full, out);
        out.push("tỷ");
        leading = false;
    }
    let groups = [(rest / 1_000_000, Some("triệu")), ((rest / 1000) % 1000, Some("nghìn")), (rest % 1000, None)];
    for (value, unit) in groups {
        if value == 0 {
            continue;
        }
        triple(value, !leading, out);
        out.extend(unit);
        leading = false;
    }
}

/// An amount of money in words, first letter capitalised, ending in "đồng".
pub(crate) fn money_in_words(amount: u64) -> String {
    let words = number_in_words(amount);
    let mut chars = words.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    format!("{first}{} đồng", chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_numbers() {
        let cases = [
            (1, "một"),
            (10, "mười"),
            (11, "mười một"),
            (14, "mười bốn"),
            (15, "mười lăm"),
            (20, "hai mươi"),
            (21, "hai mươi mốt"),
            (24, "hai mươi tư"),
            (25, "hai mươi lăm"),
            (100, "một trăm"),
            (101, "một trăm linh một"),
            (104, "một trăm linh bốn"),
            (105, "một trăm linh năm"),
            (115, "một trăm mười lăm"),
            (999, "chín trăm chín mươi chín"),
        ];
        for (n, w) in cases {
            assert_eq!(number_in_words(n), w, "{n}");
        }
    }

    #[test]
    fn money_examples_from_the_spec() {
        assert_eq!(money_in_words(1_500_000), "Một triệu năm trăm nghìn đồng");
        assert_eq!(money_in_words(702_000), "Bảy trăm linh hai nghìn đồng");
        assert_eq!(money_in_words(1_005_000), "Một triệu không trăm linh năm nghìn đồng");
        assert_eq!(money_in_words(0), "Không đồng");
    }

    #[test]
    fn large_amounts() {
        assert_eq!(number_in_words(1_000_000), "một triệu");
        assert_eq!(number_in_words(1_000_005), "một triệu không trăm linh năm");
        assert_eq!(number_in_words(2_050_000_000), "hai tỷ không trăm năm mươi triệu");
        assert_eq!(number_in_words(1_000_000_000_000), "một nghìn tỷ");
        assert_eq!(number_in_words(15_000), "mười lăm nghìn");
    }
}
