//! Passwords: the policy, argon2id hashing, and the credential record. Hashes
//! never leave this module in `Debug` output, errors or the audit log.

use std::fmt;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Result};
use crate::model::UserId;

/// Shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 12;
/// Longest password accepted (argon2 hashes anything, but a bound keeps a
/// request from making the server hash megabytes).
pub const MAX_PASSWORD_LEN: usize = 256;
/// How many of the latest passwords, the current one included, may not be
/// chosen again.
pub const PASSWORD_HISTORY: usize = 5;

/// The cost of hashing a new password. Verification reads the cost from the
/// stored hash, so raising it later keeps old hashes valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashCost {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over memory.
    pub iterations: u32,
}

impl Default for HashCost {
    /// OWASP's recommended argon2id setting: 19 MiB, 2 passes, 1 lane.
    fn default() -> Self {
        Self {
            memory_kib: 19 * 1024,
            iterations: 2,
        }
    }
}

impl HashCost {
    /// The cheapest setting argon2 allows. Only for tests and simulations that
    /// create many users; never for real passwords.
    pub const MINIMAL: HashCost = HashCost {
        memory_kib: 8,
        iterations: 1,
    };

    fn hasher(self) -> Result<Argon2<'static>> {
        let params = Params::new(self.memory_kib, self.iterations, 1, None)
            .map_err(|e| Error::storage("password", format!("bad hashing cost: {e}")))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

/// A PHC-format argon2id hash. Its `Debug` never shows the hash.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct PasswordHashString(String);

impl fmt::Debug for PasswordHashString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHashString(<redacted>)")
    }
}

impl PasswordHashString {
    /// Hashes `password` with argon2id and a fresh random salt. Slow by design;
    /// call it off the async executor.
    pub fn hash(password: &str, cost: HashCost) -> Result<Self> {
        let salt = SaltString::generate(&mut OsRng);
        cost.hasher()?
            .hash_password(password.as_bytes(), &salt)
            .map(|h| Self(h.to_string()))
            .map_err(|e| Error::storage("password", format!("cannot hash: {e}")))
    }

    /// Whether `password` matches. A malformed stored hash never matches.
    pub fn verify(&self, password: &str) -> bool {
        PasswordHash::new(&self.0).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    }
}

/// The secret half of a user, kept apart from [`crate::model::User`] so that
/// user records can be shown and logged freely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Credential {
    /// Whose.
    pub login: UserId,
    /// The current password's hash.
    pub hash: PasswordHashString,
    /// Hashes of the previous passwords, newest first; with the current one
    /// they make the last [`PASSWORD_HISTORY`].
    #[serde(default)]
    pub history: Vec<PasswordHashString>,
    /// A one-time password was issued: it must be changed at the next login.
    pub must_change: bool,
    /// When the password was last set.
    pub changed_at: DateTime<Utc>,
    /// Storage version.
    #[serde(default)]
    pub version: u64,
}

impl Credential {
    /// Whether `password` is the current one or one of the remembered ones.
    pub fn was_used(&self, password: &str) -> bool {
        self.hash.verify(password) || self.history.iter().any(|h| h.verify(password))
    }

    /// Replaces the password, remembering the old hash.
    pub fn replace(&mut self, hash: PasswordHashString, must_change: bool, at: DateTime<Utc>) {
        let old = std::mem::replace(&mut self.hash, hash);
        self.history.insert(0, old);
        self.history.truncate(PASSWORD_HISTORY - 1);
        self.must_change = must_change;
        self.changed_at = at;
    }
}

/// Checks `password` against the policy for a user with `login` and
/// `full_name`: at least [`MIN_PASSWORD_LEN`] characters, not the login, and
/// not containing the login or any part of the name. Reuse is checked against
/// the stored hashes separately. Never echoes the password.
pub fn check_policy(password: &str, login: &UserId, full_name: &str) -> Result<()> {
    let mut problems = Vec::new();
    let len = password.chars().count();
    if len < MIN_PASSWORD_LEN {
        problems.push(Problem::error(
            "password",
            format!("must be at least {MIN_PASSWORD_LEN} characters long"),
        ));
    }
    if len > MAX_PASSWORD_LEN {
        problems.push(Problem::error(
            "password",
            format!("must be at most {MAX_PASSWORD_LEN} characters long"),
        ));
    }
    let lower = password.to_lowercase();
    let login_lower = login.as_str().to_lowercase();
    let surname_latin = login_lower.split('.').next().unwrap_or_default();
    if lower.contains(&login_lower) || (surname_latin.len() >= 3 && lower.contains(surname_latin)) {
        problems.push(Problem::error("password", "must not contain the login"));
    }
    let name_parts = full_name
        .split_whitespace()
        .map(str::to_lowercase)
        .filter(|p| p.chars().count() >= 3);
    for part in name_parts {
        if lower.contains(&part) || lower.contains(&super::login::transliterate(&part)) {
            problems.push(Problem::error(
                "password",
                "must not contain the user's name",
            ));
            break;
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Validation { problems })
    }
}

/// A random password for one-time use: 16 characters from an alphabet without
/// look-alikes, so it can be read out over the phone.
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// A random session token (256 bits, hex).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}
