//! Identifiers. Natural keys (event codes, indicator codes, logins) are the
//! identifiers users already speak in, so they double as storage keys.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Longest identifier accepted: codes in the plan are short (`1.2.3`).
pub const MAX_ID_LEN: usize = 64;

/// The rule of [`check_id`] as a regular expression, for schemas and
/// clients: latin letters, digits, `.`, `-`, `_`.
pub const ID_PATTERN: &str = "^[A-Za-z0-9._-]+$";

fn check_id(field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.chars().count() > MAX_ID_LEN {
        return Err(Error::invalid(
            field,
            format!("must be at most {MAX_ID_LEN} characters"),
        ));
    }
    if let Some(bad) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
    {
        return Err(Error::invalid(
            field,
            format!("`{value}` contains `{bad}`; use latin letters, digits, `.`, `-`, `_`"),
        ));
    }
    Ok(())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        // Deserialising checks the syntax too, so an identifier from a
        // request body or query is as valid as one built with `new`.
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String")]
        pub struct $name(String);

        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(value: String) -> Result<Self> {
                Self::new(value)
            }
        }

        // The schema states the rule of `check_id`, so that API clients
        // (and schema-driven testers) know which strings are identifiers.
        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_ID_LEN,
                    "pattern": ID_PATTERN,
                })
            }
        }

        impl $name {
            /// Checks the identifier's syntax: non-empty, short, ASCII letters,
            /// digits, `.`, `-`, `_` (safe in URLs and file names).
            pub fn new(value: impl Into<String>) -> Result<Self> {
                let value = value.into();
                check_id($field, &value)?;
                Ok(Self(value))
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                Self::new(s)
            }
        }
    };
}

id_type!(
    /// A participant of information interaction (ministry, municipality, organisation).
    ParticipantId, "participant"
);
id_type!(
    /// A user's login; never reissued to someone else.
    UserId, "user"
);
id_type!(
    /// A plan event's code, e.g. `1.2.3`.
    EventId, "event"
);
id_type!(
    /// A target indicator's code.
    IndicatorId, "indicator"
);
id_type!(
    /// A node (goal or direction) of the strategy tree.
    StrategyNodeId, "strategy_node"
);
id_type!(
    /// A control point within its event, e.g. `KT1`.
    ControlPointId, "control_point"
);
