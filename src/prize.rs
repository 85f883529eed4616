//! Prize money: a coefficient of the statutory base salary (mức lương cơ sở) at the decision's
//! date, rounded as the rule says. The base salary is a dated table kept in data
//! (`forms/_common/luong-co-so.toml`), so a new decree is a new row, not code; every sum is
//! checked arithmetic.

use serde::Deserialize;

use crate::dossier::{Coefficient, Date, Kind, Prize};

/// File of the base-salary table, relative to the forms folder.
pub(crate) const TABLE_FILE: &str = "_common/luong-co-so.toml";

/// One row of the table: the base salary from a day on.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Rate {
    /// The first day it applies.
    pub from: Date,
    /// In đồng per month.
    pub amount: u64,
    /// The decree that sets it.
    pub source: String,
}

/// The base-salary table and the rounding rule of prize money.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct SalaryTable {
    /// Prize money is rounded up to a multiple of this many đồng.
    pub rounding: u64,
    /// The rounding rule as the decision states it.
    pub rounding_rule: String,
    #[serde(rename = "rate")]
    rates: Vec<Rate>,
}

impl SalaryTable {
    /// Read the table from its TOML text.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let mut t: SalaryTable = toml::from_str(text).map_err(|e| e.to_string())?;
        t.rates.sort_by_key(|r| r.from);
        if t.rates.is_empty() || t.rounding == 0 {
            return Err("the table needs at least one rate and a rounding above 0".into());
        }
        Ok(t)
    }

    /// The rate in force on `date` (the earliest one for dates before the table).
    pub(crate) fn rate_on(&self, date: Date) -> &Rate {
        self.rates.iter().rev().find(|r| r.from <= date).unwrap_or(&self.rates[0])
    }
}

/// One prize: the coefficient used, the base it multiplies, and the amount paid.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Amount {
    /// The coefficient.
    pub coefficient: Coefficient,
    /// The amount in đồng, after rounding.
    pub dong: u64,
}

/// The prize of one awardee of `kind`: the coefficient for that kind × the base salary,
/// rounded up per the table's rule. `None` when the award has no coefficient for that kind.
pub(crate) fn amount(prize: &Prize, kind: Kind, table: &SalaryTable, date: Date) -> Option<Amount> {
    let coefficient = prize.for_kind(kind)?;
    let exact = coefficient.of(table.rate_on(date).amount)?;
    let dong = exact.div_ceil(table.rounding).checked_mul(table.rounding)?;
    Some(Amount { coefficient, dong })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> SalaryTable {
        SalaryTable::parse(include_str!("../forms/_common/luong-co-so.toml")).unwrap()
    }

    fn prize(i: &str, c: &str) -> Prize {
        Prize {
            individual: Coefficient::parse(&serde_json::json!(i)),
            collective: Coefficient::parse(&serde_json::json!(c)),
            household: None,
            source: "x".into(),
        }
    }

    #[test]
    fn the_base_salary_is_the_one_in_force_on_the_decision_date() {
        let t = table();
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(t.rate_on(d("30/06/2024")).amount, 1_800_000);
        assert_eq!(t.rate_on(d("01/07/2024")).amount, 2_340_000);
        assert_eq!(t.rate_on(d("30/06/2026")).amount, 2_340_000);
        assert_eq!(t.rate_on(d("01/07/2026")).amount, 2_530_000);
    }

    #[test]
    fn prizes_are_coefficients_rounded_up_to_ten_thousand() {
        let t = table();
        let p = prize("0,3", "0,6");
        let d = Date::parse("10/12/2025").unwrap();
        // 0,3 × 2.340.000 = 702.000 → 710.000; 0,6 × 2.340.000 = 1.404.000 → 1.410.000.
        assert_eq!(amount(&p, Kind::Individual, &t, d).unwrap().dong, 710_000);
        assert_eq!(amount(&p, Kind::Collective, &t, d).unwrap().dong, 1_410_000);
        let d = Date::parse("01/07/2026").unwrap();
        // 0,3 × 2.530.000 = 759.000 → 760.000; 0,6 × 2.530.000 = 1.518.000 → 1.520.000.
        assert_eq!(amount(&p, Kind::Individual, &t, d).unwrap().dong, 760_000);
        assert_eq!(amount(&p, Kind::Collective, &t, d).unwrap().dong, 1_520_000);
        assert!(amount(&prize("", "0,6"), Kind::Individual, &t, d).is_none());
    }

    #[test]
    fn coefficients_read_as_vietnamese_writes_them() {
        let c = |v: serde_json::Value| Coefficient::parse(&v).map(|c| c.text());
        assert_eq!(c(serde_json::json!("0,6")).as_deref(), Some("0,6"));
        assert_eq!(c(serde_json::json!(0.3)).as_deref(), Some("0,3"));
        assert_eq!(c(serde_json::json!("1,25")).as_deref(), Some("1,25"));
        assert_eq!(c(serde_json::json!(2)).as_deref(), Some("2"));
        assert_eq!(c(serde_json::json!("0,125")), None);
        assert_eq!(c(serde_json::json!("-1")), None);
        assert_eq!(c(serde_json::json!("101")), None);
    }
}
