//! Live updates of an open draft, as server-sent events
//! (`GET /drafts/{id}/events?after={revision}`):
//! - `viewers`: who else has the draft open now (sent first, then on change);
//! - `change`: the revisions saved since the page's (oldest first).
//!
//! A stream waits to hear that its draft changed: a saved revision is
//! announced (`app::drafts::live::announce`) through PostgreSQL's `NOTIFY`,
//! which this server's one listener connection ([`listen`]) passes on to its
//! streams, so a save on any app server reaches pages open on every other;
//! on SQLite (one server) the announcement stays in the process. Every ten
//! seconds a stream also refreshes its viewer's presence, checks for a
//! revision it was not told of (a notification lost while reconnecting),
//! and checks again that the viewer may still read the draft (and is still
//! signed in, as the session store says now). Presence and revisions are in
//! the database, so this works the same behind a load balancer. A stream
//! lasts at most half an hour; the browser's EventSource then reconnects,
//! which authorises it afresh. Streams are capped per server and per account.

use crate::operations::Stopping;
use crate::sessions::Store;
use app::db::Db;
use app::domain::drafts::Visibility;
use app::domain::identity::Me;
use app::drafts::live;
use app::error::AppError;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream;
use prometheus_client::metrics::gauge::Gauge;
use serde::Deserialize;
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower_sessions::Session;
use tower_sessions::SessionStore;

const PRESENCE_EVERY: Duration = Duration::from_millis(live::PRESENCE_EVERY_MS as u64);
const MAX_STREAM: Duration = Duration::from_secs(30 * 60);
/// How long a browser waits before reconnecting when its server shuts down.
const RECONNECT_AFTER_SHUTDOWN: Duration = Duration::from_secs(3);
/// Open streams per server; more are refused (503) and the page simply
/// goes without live updates.
const MAX_STREAMS: usize = 2_000;

/// Open streams per account (one per open draft page, in tabs).
const MAX_STREAMS_PER_ACCOUNT: usize = 5;

pub struct Live {
    db: Db,
    stopping: Stopping,
    /// The `live_streams` metric.
    open_streams: Gauge,
    sessions: Store,
    slots: Arc<Semaphore>,
    per_account: Arc<Mutex<HashMap<i64, usize>>>,
}

pub fn routes(db: Db, stopping: Stopping, open_streams: Gauge) -> Router {
    if let Db::Postgres(pool) = &db {
        tokio::spawn(listen(pool.clone(), stopping.clone()));
    }
    let live = Live {
        stopping,
        open_streams,
        sessions: Store::for_db(&db),
        db,
        slots: Arc::new(Semaphore::new(MAX_STREAMS)),
        per_account: Arc::new(Mutex::new(HashMap::new())),
    };
    Router::new()
        .route("/drafts/{id}/events", get(events))
        .with_state(Arc::new(live))
}

#[derive(Deserialize)]
struct After {
    after: i64,
}

async fn events(
    State(live): State<Arc<Live>>,
    session: Session,
    Path(draft_id): Path<i64>,
    Query(After { after }): Query<After>,
) -> Response {
    // The account as this sign-in lets it act (an account that is gone
    // counts as signed out).
    let me = match app::identity::session::me_in(&session, &live.db).await {
        Ok(Some(me)) => me,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(err) => {
            tracing::error!(%err, "session unreadable");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let user_id = me.id;
    let Some(session_id) = session.id() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match may_watch(&live.db, &me, draft_id).await {
        Ok(true) => {}
        Ok(false) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(%err, "live updates: database");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    let Ok(permit) = live.slots.clone().try_acquire_owned() else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let Some(account_slot) = AccountSlot::take(&live.per_account, user_id) else {
        return StatusCode::TOO_MANY_REQUESTS.into_response();
    };
    // Told only of revisions after the page's (and at most the last 20).
    let after = after.max(0);
    let watch = Watch {
        db: live.db.clone(),
        sessions: live.sessions.clone(),
        session_id,
        draft_id,
        user_id,
        after,
        others: None,
        changes: live::changes(),
        checked: None,
        started: Instant::now(),
        stopping: live.stopping.clone(),
        ended: false,
        viewing: Viewing {
            db: live.db.clone(),
            key: rand::random::<[u8; 16]>()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        },
        _permit: permit,
        _account_slot: account_slot,
        _counted: Counted::new(&live.open_streams),
    };
    Sse::new(stream::unfold(watch, next_event))
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// Whether the account may follow the draft live: it can read it (as the
/// draft's page decides), and it is not published (a published draft no
/// longer changes).
async fn may_watch(db: &Db, me: &Me, draft_id: i64) -> Result<bool, AppError> {
    match app::drafts::access::readable(db, Some(me), draft_id).await {
        Ok(header) => Ok(header.visibility != Visibility::Published),
        Err(AppError::NotFound(_)) => Ok(false),
        Err(err) => Err(err),
    }
}

struct Watch {
    db: Db,
    sessions: Store,
    session_id: tower_sessions::session::Id,
    draft_id: i64,
    user_id: i64,
    /// The newest revision the page has been told of.
    after: i64,
    /// The other viewers last sent.
    others: Option<Vec<String>>,
    /// The drafts that change, as this server hears of them.
    changes: tokio::sync::broadcast::Receiver<i64>,
    /// When presence and access were last checked.
    checked: Option<Instant>,
    started: Instant,
    /// The server is shutting down: the stream says so and ends.
    stopping: Stopping,
    ended: bool,
    viewing: Viewing,
    _permit: OwnedSemaphorePermit,
    _account_slot: AccountSlot,
    _counted: Counted,
}

/// One stream in the `live_streams` metric, while it lasts.
struct Counted(Gauge);

impl Counted {
    fn new(gauge: &Gauge) -> Self {
        gauge.inc();
        Counted(gauge.clone())
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// One of an account's stream slots, given back when the stream ends.
struct AccountSlot {
    counts: Arc<Mutex<HashMap<i64, usize>>>,
    user_id: i64,
}

impl AccountSlot {
    fn take(counts: &Arc<Mutex<HashMap<i64, usize>>>, user_id: i64) -> Option<AccountSlot> {
        let mut map = counts.lock().unwrap_or_else(|e| e.into_inner());
        let count = map.entry(user_id).or_default();
        if *count >= MAX_STREAMS_PER_ACCOUNT {
            return None;
        }
        *count += 1;
        Some(AccountSlot {
            counts: counts.clone(),
            user_id,
        })
    }
}

impl Drop for AccountSlot {
    fn drop(&mut self) {
        let mut map = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = map.get_mut(&self.user_id) {
            *count -= 1;
            if *count == 0 {
                map.remove(&self.user_id);
            }
        }
    }
}

/// One open page's presence, removed when its stream ends.
struct Viewing {
    db: Db,
    key: String,
}

impl Drop for Viewing {
    fn drop(&mut self) {
        let (db, key) = (self.db.clone(), std::mem::take(&mut self.key));
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(err) = live::leave(&db, &key).await {
                    tracing::warn!(%err, "could not remove a draft viewer");
                }
            });
        }
    }
}

/// Waits for the next thing to tell the page; `None` ends the stream.
async fn next_event(mut w: Watch) -> Option<(Result<Event, Infallible>, Watch)> {
    use tokio::sync::broadcast::error::RecvError;
    loop {
        if w.ended {
            return None;
        }
        if let Some(checked) = w.checked {
            tokio::select! {
                () = tokio::time::sleep_until((checked + PRESENCE_EVERY).into()) => {}
                heard = w.changes.recv() => match heard {
                    Ok(draft) if draft == w.draft_id => {}
                    Ok(_) => continue,
                    // Missed some: look anyway.
                    Err(RecvError::Lagged(_)) => {}
                    Err(RecvError::Closed) => return None,
                },
                () = w.stopping.begun() => {}
            }
        }
        if w.stopping.now() {
            // The browser reconnects after the retry delay, to whichever
            // server answers then.
            w.ended = true;
            let event = Event::default()
                .event("restart")
                .data("")
                .retry(RECONNECT_AFTER_SHUTDOWN);
            return Some((Ok(event), w));
        }
        if w.started.elapsed() > MAX_STREAM {
            return None;
        }
        if w.checked.is_none_or(|at| at.elapsed() >= PRESENCE_EVERY) {
            w.checked = Some(Instant::now());
            // The session as stored now: a sign-out elsewhere ends the stream.
            let record = w.sessions.load(&w.session_id).await.ok()??;
            let me = app::identity::session::me_in_record(&record, &w.db)
                .await
                .ok()??;
            if me.id != w.user_id || !may_watch(&w.db, &me, w.draft_id).await.ok()? {
                return None;
            }
            live::touch(&w.db, &w.viewing.key, w.draft_id, w.user_id)
                .await
                .ok()?;
            let others = live::others(&w.db, w.draft_id, w.user_id).await.ok()?;
            if w.others.as_ref() != Some(&others) {
                let event = json_event("viewers", &others);
                w.others = Some(others);
                return Some((Ok(event), w));
            }
        }
        let current = live::current_revision(&w.db, w.draft_id).await.ok()??;
        if current > w.after {
            let changes = live::revisions_after(&w.db, w.draft_id, w.after, current)
                .await
                .ok()?;
            w.after = current;
            return Some((Ok(json_event("change", &changes)), w));
        }
    }
}

/// This server's one listener for drafts' changes on PostgreSQL, passing
/// each on to its streams until the server stops. A lost connection is
/// made again (what was announced meanwhile, the streams' periodic check
/// finds).
async fn listen(pool: sqlx::PgPool, mut stopping: Stopping) {
    use sqlx::postgres::PgListener;
    let mut listener = loop {
        let listening = async {
            let mut listener = PgListener::connect_with(&pool).await?;
            listener.listen(live::CHANNEL).await?;
            Ok::<_, sqlx::Error>(listener)
        };
        match listening.await {
            Ok(listener) => break listener,
            Err(err) => tracing::warn!(%err, "not listening for drafts' changes yet"),
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
            () = stopping.begun() => return,
        }
    };
    loop {
        tokio::select! {
            heard = listener.recv() => match heard {
                Ok(notification) => {
                    if let Ok(draft_id) = notification.payload().parse() {
                        live::heard(draft_id);
                    }
                }
                Err(err) => {
                    tracing::warn!(%err, "listening for drafts' changes: connection lost");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            },
            () = stopping.begun() => return,
        }
    }
}

fn json_event(name: &str, data: &impl serde::Serialize) -> Event {
    Event::default()
        .event(name)
        .json_data(data)
        .unwrap_or_else(|_| Event::default().comment("unencodable"))
}
