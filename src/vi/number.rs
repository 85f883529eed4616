//! Numbers the Vietnamese way: zero-padded counts, "." between thousands, "," before decimals.

/// A count or document number with a leading zero below 10: 2 → "02", 12 → "12".
pub(crate) fn pad2(n: u64) -> String {
    format!("{n:02}")
}

/// An amount with "." between thousands: 1500000 → "1.500.000".
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `part` out of `whole` as a percentage with at most two decimals and a decimal comma:
/// 6/7 → "85,71%", 7/7 → "100%", 1/2 → "50%". `whole == 0` gives "0%".
pub(crate) fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".into();
    }
    // Round half up on hundredths of a percent, in integers so 2/3 never prints 66,66.
    let hundredths = (part as u128 * 10_000 * 2 + whole as u128) / (whole as u128 * 2);
    let (int, frac) = (hundredths / 100, hundredths % 100);
    let mut s = thousands(int as u64);
    if frac != 0 {
        let f = format!("{frac:02}");
        s.push(',');
        s.push_str(f.trim_end_matches('0'));
    }
    s.push('%');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_counts() {
        assert_eq!(pad2(0), "00");
        assert_eq!(pad2(2), "02");
        assert_eq!(pad2(10), "10");
        assert_eq!(pad2(300), "300");
    }

    #[test]
    fn thousands_separator_is_a_dot() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1.000");
        assert_eq!(thousands(702_000), "702.000");
        assert_eq!(thousands(1_500_000), "1.500.000");
        assert_eq!(thousands(1_234_567_890), "1.234.567.890");
    }

    #[test]
    fn percentages_use_a_decimal_comma() {
        assert_eq!(percent(7, 7), "100%");
        assert_eq!(percent(6, 7), "85,71%");
        assert_eq!(percent(2, 3), "66,67%");
        assert_eq!(percent(1, 2), "50%");
        assert_eq!(percent(3, 5), "60%");
        assert_eq!(percent(1, 8), "12,5%");
        assert_eq!(percent(0, 0), "0%");
    }
}
