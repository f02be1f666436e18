//! Sessions in use, kept between requests.
//!
//! Authenticating a request needs its session, the session's user and
//! whether the user's password must be changed: three reads of the store on
//! every request, the most frequent reads there are. The service keeps what
//! it read per session (dropped as the parent module says: a sign-out, a
//! password change or a revocation drops it, reports and logins do not).
//!
//! What is kept is only what was read; whether a session is live (idle and
//! absolute expiry against the clock) is decided afresh every time.

use super::Depends;
use crate::auth::{Credential, Session};
use crate::error::Result;
use crate::model::User;
use crate::service::Service;
use crate::store::StoreExt;

/// What authenticating with one session reads from the store.
#[derive(Debug, Clone)]
pub(in crate::service) struct SignIn {
    /// The session as stored.
    pub(in crate::service) session: Session,
    /// Its user as stored, whatever the status.
    pub(in crate::service) user: Option<User>,
    /// The user's one-time password still has to be changed.
    pub(in crate::service) must_change: bool,
}

impl Service {
    /// The session `id`, its user and whether the user must change the
    /// password, as stored now: kept from an earlier request unless the log
    /// shows a change since; `None` for an unknown session.
    ///
    /// Follows the audit log first: authenticating begins a request.
    pub(in crate::service) async fn sign_in(&self, id: &str) -> Result<Option<SignIn>> {
        self.follow_log().await?;
        let read = async {
            let Some(session) = self.store.load::<Session>(id).await? else {
                return Ok(None);
            };
            let login = session.login.as_str();
            let user = self.store.load::<User>(login).await?;
            let must_change = self
                .store
                .load::<Credential>(login)
                .await?
                .is_some_and(|c| c.must_change);
            Ok(Some(SignIn {
                session,
                user,
                must_change,
            }))
        };
        self.kept_or_read(
            Depends::Records,
            |kept| kept.sign_ins.get(id).cloned(),
            read,
            |kept, read| kept.sign_ins.put(id, read),
        )
        .await
    }
}
