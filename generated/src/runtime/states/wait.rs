//! The Wait state.

use serde_json::{Map, Value};

use super::common::{
    Common, RenderContext, head, impl_assign, impl_base, impl_io, put_field, put_path, put_tail_io,
    put_transition,
};
use crate::runtime::Field;

/// How long a Wait state waits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum WaitFor {
    /// `Seconds`, `SecondsPath` or a JSONata `Seconds`.
    Seconds(Field<i64>),
    /// `Timestamp`, `TimestampPath` or a JSONata `Timestamp`.
    Timestamp(Field<String>),
}

/// A Wait state: pauses for a number of seconds or until a timestamp.
///
/// Each constructor takes a literal, a [`JsonPath`](crate::JsonPath)
/// (rendered as `SecondsPath`/`TimestampPath`) or a
/// [`Jsonata`](crate::Jsonata) expression.
///
/// ```
/// use sfn_tasks::runtime::{StateMachine, Wait};
/// use sfn_tasks::JsonPath;
///
/// let wait = Wait::seconds("Cool down", JsonPath::new("$.waitSeconds").unwrap());
/// let asl = StateMachine::new(wait).unwrap().to_asl_json();
/// assert_eq!(asl["States"]["Cool down"]["SecondsPath"], "$.waitSeconds");
///
/// let until = Wait::until("Until launch", "2030-01-01T00:00:00Z");
/// assert_eq!(StateMachine::new(until).unwrap().to_asl_json()["States"]["Until launch"]["Timestamp"],
///            "2030-01-01T00:00:00Z");
/// ```
#[derive(Debug, Clone)]
pub struct Wait {
    pub(crate) common: Common,
    pub(crate) wait: WaitFor,
}

impl_base!(Wait);
impl_io!(Wait);
impl_assign!(Wait);

impl Wait {
    /// Waits a number of seconds (`Seconds`, `SecondsPath`, or JSONata).
    pub fn seconds(name: impl Into<String>, seconds: impl Into<Field<i64>>) -> Self {
        Wait {
            common: Common::named(name),
            wait: WaitFor::Seconds(seconds.into()),
        }
    }

    /// Waits until a timestamp (`Timestamp`, `TimestampPath`, or JSONata).
    pub fn until(name: impl Into<String>, timestamp: impl Into<Field<String>>) -> Self {
        Wait {
            common: Common::named(name),
            wait: WaitFor::Timestamp(timestamp.into()),
        }
    }

    pub(crate) fn to_asl(&self, ctx: &RenderContext<'_>) -> Map<String, Value> {
        let mut m = head("Wait", &self.common, ctx);
        match &self.wait {
            WaitFor::Seconds(s) => put_field(&mut m, "Seconds", &Some(s.clone())),
            WaitFor::Timestamp(t) => put_field(&mut m, "Timestamp", &Some(t.clone())),
        }
        put_path(&mut m, "InputPath", &self.common.input_path);
        put_path(&mut m, "OutputPath", &self.common.output_path);
        put_tail_io(&mut m, &self.common);
        put_transition(&mut m, &self.common);
        m
    }
}

/// RFC 3339 as Step Functions reads a timestamp (the ISO 8601 profile of
/// the States Language, `2016-03-14T01:59:00Z`): `YYYY-MM-DDThh:mm:ss`,
/// optional fractional seconds, then `Z` or `±hh:mm`, with uppercase `T` and
/// `Z` and every field in range (day of the month included; second 60 for
/// a leap second).
pub(crate) fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let number = |r: std::ops::Range<usize>| -> Option<u32> {
        let digits = b.get(r)?;
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if b.len() < 20 || separators.iter().any(|&(i, c)| b[i] != c) {
        return false;
    }
    let fields = (
        number(0..4),
        number(5..7),
        number(8..10),
        number(11..13),
        number(14..16),
        number(17..19),
    );
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = fields
    else {
        return false;
    };
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return false;
    }
    let mut i = 19;
    if b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z'] => true,
        [b'+' | b'-', _, _, b':', _, _] => {
            let offset = |r| number(r);
            matches!((offset(i + 1..i + 3), offset(i + 4..i + 6)), (Some(h), Some(m)) if h <= 23 && m <= 59)
        }
        _ => false,
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::is_timestamp;

    #[test]
    fn timestamps() {
        for good in [
            "2016-03-14T01:59:00Z",
            "2024-01-31T12:00:00.123+01:00",
            "2024-02-29T23:59:60Z",
            "2000-02-29T00:00:00-12:30",
        ] {
            assert!(is_timestamp(good), "{good}");
        }
        for bad in [
            "2024-01-31 12:00:00Z",
            "2024-01-31T12:00:00",
            "2024-01-31T12:00:00.Z",
            "2016-03-14t01:59:00z",
            "2016-13-14T01:59:00Z",
            "2016-02-30T01:59:00Z",
            "2023-02-29T01:59:00Z",
            "1900-02-29T01:59:00Z",
            "2016-03-14T24:00:00Z",
            "2016-03-14T01:60:00Z",
            "2016-03-14T01:59:00+25:00",
            "2016-03-14T01:59:00+0100",
            "2016-03-00T01:59:00Z",
            "yesterday",
            "",
        ] {
            assert!(!is_timestamp(bad), "{bad}");
        }
    }
}
