//! The format's small values: document numbers, dates, times, each with its JSON shape.

use std::borrow::Cow;

pub use crate::vi::Date;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A registration number: a positive integer (or its digits as text), or nothing yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocNumber(pub Option<u32>);

impl DocNumber {
    /// Parse the JSON value: a positive integer, a digit string ("05"), or null.
    pub fn from_json(v: &serde_json::Value) -> Result<Self, crate::messages::Text> {
        use crate::t;
        let n = match v {
            serde_json::Value::Null => return Ok(DocNumber(None)),
            serde_json::Value::Number(n) => {
                n.as_u64().ok_or_else(|| t!("number.not-positive", value = n.to_string()))?
            }
            serde_json::Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                s.parse::<u64>().map_err(|_| t!("number.not-document", value = format!("\"{s}\"")))?
            }
            serde_json::Value::String(s) => {
                return Err(t!("number.not-document", value = format!("\"{s}\"")));
            }
            other => return Err(t!("number.not-document", value = other.to_string())),
        };
        if n == 0 || n > 99_999 {
            return Err(t!("number.out-of-range", value = n));
        }
        Ok(DocNumber(Some(n as u32)))
    }
}

impl Serialize for DocNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for DocNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        DocNumber::from_json(&v).map_err(|t| serde::de::Error::custom(t.to_string()))
    }
}

impl JsonSchema for DocNumber {
    fn schema_name() -> Cow<'static, str> {
        "DocNumber".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Registration number: a positive integer, its digits as text (\"05\"), or null while unregistered. The leading zero below 10 is added when printed.",
            "type": ["integer", "string", "null"],
            "format": "doc-number",
            "minimum": 1,
            "pattern": "^\\s*0*[1-9][0-9]*\\s*$"
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.short())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(|_| serde::de::Error::custom(format!("{s} is not a date")))
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar date written dd/mm/yyyy (ISO yyyy-mm-dd is accepted too).",
            "type": "string",
            "format": "vn-date",
            "pattern": "^\\s*(((0?[1-9]|1[0-9]|2[0-9])[/.-](0?[1-9]|1[0-2])|30[/.-](0?[13-9]|1[0-2])|31[/.-](0?[13578]|1[02]))[/.-][0-9]{4}|[0-9]{4}[/.-]((0?[1-9]|1[0-2])[/.-](0?[1-9]|1[0-9]|2[0-9])|(0?[13-9]|1[0-2])[/.-]30|(0?[13578]|1[02])[/.-]31))\\s*$",
            "examples": ["05/12/2023"]
        })
    }
}

/// A time of day, "HH:MM" (24 hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Time {
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
}

impl Time {
    /// Parse "14:00", "14h00" or "14 giờ 00".
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let (h, m) = s.split_once(':').or_else(|| s.split_once('h')).or_else(|| s.split_once(" giờ "))?;
        let (h, m) = (h.trim(), m.trim().trim_end_matches(" phút"));
        if h.is_empty() || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (hour, minute) = (h.parse().ok()?, m.parse().ok()?);
        (hour < 24 && minute < 60).then_some(Time { hour, minute })
    }
}

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:02}:{:02}", self.hour, self.minute))
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Time::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("{s} is not a time")))
    }
}

impl JsonSchema for Time {
    fn schema_name() -> Cow<'static, str> {
        "Time".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A time of day, HH:MM on the 24-hour clock.",
            "type": "string",
            "format": "vn-time",
            "pattern": "^\\s*([01]?[0-9]|2[0-3])(\\s*[:h]\\s*| giờ )[0-5][0-9]( phút)?\\s*$",
            "examples": ["14:00"]
        })
    }
}

pub(super) fn yes() -> bool {
    true
}
