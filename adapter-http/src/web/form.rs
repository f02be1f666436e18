//! Reading HTML forms: fields by name, numbers with a decimal comma, dates
//! from date inputs. What cannot be read becomes a problem on its field, shown
//! next to it like the core's own.

use axum::extract::{FromRequest, Request};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use stratmon_core::Problem;

use super::error::PageError;
use super::session::CSRF_FIELD;

/// The fields of a submitted form, in order, names repeated as sent.
#[derive(Debug, Clone, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The trimmed value of `name`, empty if absent.
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or("").trim().to_owned()
    }

    /// Every value of `name` (checkboxes).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The fields named `prefix.<key>`, as `(key, value)`.
    pub fn prefixed<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.0.iter().filter_map(move |(k, v)| {
            k.strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('.'))
                .map(|key| (key, v.as_str()))
        })
    }

    /// The CSRF token sent.
    pub fn csrf(&self) -> Option<&str> {
        self.get(CSRF_FIELD)
    }

    /// A whole number field, or a form error naming it.
    pub fn number<T: std::str::FromStr>(&self, name: &str) -> Result<T, PageError> {
        self.text(name)
            .parse()
            .map_err(|_| PageError::bad_form(format!("поле «{name}» должно быть числом")))
    }
}

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = PageError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Form(fields) = axum::Form::<Vec<(String, String)>>::from_request(request, state)
            .await
            .map_err(|e| PageError::bad_form(format!("форма не прочитана: {}", e.body_text())))?;
        Ok(Self(fields))
    }
}

/// A decimal typed by a person: spaces as grouping, comma or point as the
/// decimal mark; empty is `None`.
pub fn decimal(field: &str, text: &str, problems: &mut Vec<Problem>) -> Option<Decimal> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '\u{a0}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    match cleaned.parse::<Decimal>() {
        Ok(value) => Some(value),
        Err(_) => {
            problems.push(Problem::error(
                field,
                format!("«{text}» не число; пишите, например, 1234,5"),
            ));
            None
        }
    }
}

/// A date from a date input (`yyyy-mm-dd`) or typed as `dd.mm.yyyy`; empty
/// is `None`.
pub fn date(field: &str, text: &str, problems: &mut Vec<Problem>) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y"))
    {
        Ok(d) => Some(d),
        Err(_) => {
            problems.push(Problem::error(
                field,
                format!("«{text}» не дата; пишите, например, 25.10.2026"),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decimal_may_be_typed_with_a_comma_and_grouping_spaces() {
        let mut problems = Vec::new();
        assert_eq!(
            decimal("f", "1 234,5", &mut problems),
            Some(Decimal::new(12345, 1))
        );
        assert_eq!(decimal("f", "  ", &mut problems), None);
        assert!(problems.is_empty());
        assert_eq!(decimal("f", "12a", &mut problems), None);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "f");
    }

    #[test]
    fn a_date_may_come_from_a_date_input_or_be_typed_the_russian_way() {
        let mut problems = Vec::new();
        let d = NaiveDate::from_ymd_opt(2026, 10, 25);
        assert_eq!(date("d", "2026-10-25", &mut problems), d);
        assert_eq!(date("d", "25.10.2026", &mut problems), d);
        assert_eq!(date("d", "31.02.2026", &mut problems), None);
        assert_eq!(problems.len(), 1);
    }
}
