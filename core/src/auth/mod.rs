//! Authentication: logins generated from names, the password policy and
//! argon2id hashes, sessions, and throttling of failed logins.

mod login;
mod password;
mod session;

pub use login::{login_stem, transliterate, unique_login};
pub use password::{
    Credential, HashCost, MAX_PASSWORD_LEN, MIN_PASSWORD_LEN, PASSWORD_HISTORY, PasswordHashString,
    check_policy, one_time_password, random_token,
};
pub use session::{AuthPolicy, Session, SessionEnd, SessionToken, Throttle};
