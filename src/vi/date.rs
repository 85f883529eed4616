//! Calendar dates as the dossier writes them (`05/12/2023`) and as documents print them.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// A calendar date; parsed from `dd/mm/yyyy` (or ISO `yyyy-mm-dd`), printed the Vietnamese way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub(crate) NaiveDate);

impl Date {
    /// Build a date from its parts; `None` when the day does not exist (31/02).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }

    /// The date an Excel serial day number stands for (1900 system: 1 is 01/01/1900, the
    /// fraction is the time of day); `None` outside Excel's range.
    pub fn from_excel_serial(serial: f64) -> Option<Self> {
        if !(1.0..=2_958_465.0).contains(&serial) {
            return None;
        }
        let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
        base.checked_add_days(chrono::Days::new(serial.floor() as u64)).map(Date)
    }

    /// Parse `dd/mm/yyyy` (also `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`) or ISO `yyyy-mm-dd`.
    ///
    /// The error says why, for the validation message: "is not a date" or the expected shape.
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let s = s.trim();
        let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
        if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(DateError::Shape);
        }
        let (y, m, d) = if parts[0].len() == 4 {
            (parts[0], parts[1], parts[2])
        } else if parts[2].len() == 4 {
            (parts[2], parts[1], parts[0])
        } else {
            return Err(DateError::Shape);
        };
        if m.len() > 2 || d.len() > 2 {
            return Err(DateError::Shape);
        }
        let (y, m, d) = (
            y.parse().map_err(|_| DateError::Shape)?,
            m.parse().map_err(|_| DateError::Shape)?,
            d.parse().map_err(|_| DateError::Shape)?,
        );
        Date::from_ymd(y, m, d).ok_or(DateError::NoSuchDay)
    }

    /// Year, e.g. 2023.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// Month, 1–12.
    pub fn month(self) -> u32 {
        self.0.month()
    }

    /// Day of the month, 1–31.
    pub fn day(self) -> u32 {
        self.0.day()
    }

    /// The header form: "ngày 05 tháng 02 năm 2023" — a leading zero for days below 10 and
    /// for months 1 and 2 only ("tháng 3", "tháng 12"), as Decree 30 requires.
    pub fn long(self) -> String {
        let month = if self.month() <= 2 { format!("{:02}", self.month()) } else { self.month().to_string() };
        format!("ngày {:02} tháng {} năm {}", self.day(), month, self.year())
    }

    /// The table form: "05/12/2023".
    pub fn short(self) -> String {
        format!("{:02}/{:02}/{}", self.day(), self.month(), self.year())
    }

    /// ISO 8601: "2023-12-05".
    pub fn iso(self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.short())
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not shaped like `dd/mm/yyyy`.
    Shape,
    /// Shaped right, but the day does not exist (31/02, 29/02 in a common year, month 13).
    NoSuchDay,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn long_form_leading_zero_rule() {
        assert_eq!(d("05/02/2023").long(), "ngày 05 tháng 02 năm 2023");
        assert_eq!(d("5/1/2023").long(), "ngày 05 tháng 01 năm 2023");
        assert_eq!(d("15/12/2023").long(), "ngày 15 tháng 12 năm 2023");
        assert_eq!(d("01/03/2024").long(), "ngày 01 tháng 3 năm 2024");
        assert_eq!(d("30/9/2022").long(), "ngày 30 tháng 9 năm 2022");
    }

    #[test]
    fn short_and_iso() {
        assert_eq!(d("5/12/2023").short(), "05/12/2023");
        assert_eq!(d("2023-12-05").short(), "05/12/2023");
        assert_eq!(d("05/12/2023").iso(), "2023-12-05");
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert_eq!(Date::parse("31/02/1985"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("29/02/2023"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("01/13/2023"), Err(DateError::NoSuchDay));
        assert!(Date::parse("29/02/2024").is_ok());
    }

    #[test]
    fn wrong_shapes_are_refused() {
        for s in ["", "2023", "05/12", "ngày 5", "05/12/23", "1/2/3/4", "005/12/2023", "a/b/cccc"] {
            assert_eq!(Date::parse(s), Err(DateError::Shape), "{s}");
        }
    }
}
