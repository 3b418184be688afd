//! How long a sign-in lasts: the rule, apart from where sessions are kept
//! (`identity::session`) and where the numbers are set (the server's
//! configuration).

/// How long sign-ins last (set by the server's configuration): each ends
/// after `hours` at most, or sooner after `idle_minutes` without a request.
/// A member of the public who ticks "keep me signed in" stays signed in
/// while they come back within `remember_days`, for up to
/// [`REMEMBERED_MAX_DAYS`]; accounts that can see more than the public can
/// (any global role or partner membership) never are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lifetimes {
    pub hours: i64,
    pub idle_minutes: i64,
    pub remember_days: i64,
}

/// The longest a remembered sign-in lasts in all.
pub const REMEMBERED_MAX_DAYS: i64 = 30;

impl Default for Lifetimes {
    fn default() -> Self {
        Lifetimes {
            hours: 12,
            idle_minutes: 120,
            remember_days: 14,
        }
    }
}

/// One sign-in's limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lifetime {
    pub ends_at: i64,
    pub idle_ms: i64,
}

impl Lifetimes {
    /// A sign-in begun now: remembered only when asked for, allowed, and
    /// the account can see no more than the public.
    pub fn sign_in(&self, now: i64, privileged: bool, remember: bool) -> Lifetime {
        const DAY_MS: i64 = 24 * 3600 * 1000;
        if remember && !privileged && self.remember_days > 0 {
            Lifetime {
                ends_at: now + REMEMBERED_MAX_DAYS * DAY_MS,
                idle_ms: self.remember_days * DAY_MS,
            }
        } else {
            Lifetime {
                ends_at: now + self.hours * 3600 * 1000,
                idle_ms: self.idle_minutes * 60 * 1000,
            }
        }
    }

    /// A single sign-on sign-in, which also ends at `ends_at` (the
    /// provider's maximum age), whichever comes first.
    pub fn single_sign_on(&self, now: i64, ends_at: i64) -> Lifetime {
        let usual = self.sign_in(now, true, false);
        Lifetime {
            ends_at: usual.ends_at.min(ends_at),
            ..usual
        }
    }
}

/// Whether a sign-in is still on at `now`. A session without its limits
/// (begun before they existed) is over.
pub fn is_live(now: i64, ends_at: Option<i64>, idle_ms: Option<i64>, seen_at: Option<i64>) -> bool {
    match (ends_at, idle_ms, seen_at) {
        (Some(ends_at), Some(idle_ms), Some(seen_at)) => now < ends_at && now - seen_at < idle_ms,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3600 * 1000;

    #[test]
    fn a_sign_in_ends_at_its_limit_or_when_left_idle() {
        let life = Lifetimes::default().sign_in(0, false, false);
        assert_eq!(
            life,
            Lifetime {
                ends_at: 12 * HOUR,
                idle_ms: 2 * HOUR
            }
        );
        let live = |now, seen| is_live(now, Some(life.ends_at), Some(life.idle_ms), Some(seen));
        assert!(live(HOUR, 0));
        assert!(!live(2 * HOUR, 0), "two hours idle");
        assert!(live(11 * HOUR, 10 * HOUR));
        assert!(
            !live(12 * HOUR, 12 * HOUR - 1),
            "twelve hours in all, however busy"
        );
        assert!(
            !is_live(HOUR, None, None, None),
            "a session without limits is over"
        );
    }

    #[test]
    fn only_public_accounts_are_remembered() {
        let lifetimes = Lifetimes::default();
        let remembered = lifetimes.sign_in(0, false, true);
        assert_eq!(remembered.idle_ms, 14 * 24 * HOUR);
        assert_eq!(remembered.ends_at, 30 * 24 * HOUR);
        assert_eq!(
            lifetimes.sign_in(0, true, true),
            lifetimes.sign_in(0, true, false)
        );
        let off = Lifetimes {
            remember_days: 0,
            ..lifetimes
        };
        assert_eq!(off.sign_in(0, false, true), off.sign_in(0, false, false));
    }

    #[test]
    fn single_sign_on_ends_with_the_providers_age_if_sooner() {
        let lifetimes = Lifetimes::default();
        assert_eq!(lifetimes.single_sign_on(0, 8 * HOUR).ends_at, 8 * HOUR);
        assert_eq!(lifetimes.single_sign_on(0, 48 * HOUR).ends_at, 12 * HOUR);
        assert_eq!(lifetimes.single_sign_on(0, 8 * HOUR).idle_ms, 2 * HOUR);
    }
}
