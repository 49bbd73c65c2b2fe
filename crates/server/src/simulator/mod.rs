//! The delivery simulator: a background task standing in for the providers. It moves every
//! outbound reply sent from the Inbox forward through its channel's statuses
//! ([`plan::plan`]: SMS queued → sent → delivered, WhatsApp … → read, Telegram sent; sometimes
//! failed with a provider's reason) by the same code a provider's status callback runs,
//! `store::delivery::apply`.
//!
//! Telegram bots may send about one message a second per chat: a chat's queued replies go out
//! one at a time, in the order they were sent, at least [`TELEGRAM_MIN_INTERVAL_MS`] apart;
//! none is dropped. Other chats are not held up.
//!
//! The simulator finds its work in the database (replies with a client id whose status is not
//! final, newer than the last it saw), so it resumes after a restart and needs nothing from the
//! send endpoint but a nudge ([`AppState::delivery_wake`](crate::state::AppState)); it also
//! looks by itself every [`POLL`].

pub mod plan;
pub mod snoozes;
pub mod traffic;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use textpeak_api::{DeliveryCallback, DeliveryStatus, Stream, TELEGRAM_MIN_INTERVAL_MS};
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::config::{DeliveryConfig, DeliveryMode};
use crate::db::Db;
use crate::seed::rng::Rng;
use crate::simulator::plan::{plan, Step};
use crate::store::delivery::{self, Undelivered};

/// How often the simulator looks for new messages without being woken.
pub const POLL: Duration = Duration::from_secs(1);

/// Starts the simulator on the current tokio runtime; None when it is off.
pub fn spawn(db: Db, config: DeliveryConfig, wake: Arc<Notify>) -> Option<JoinHandle<()>> {
    if config.mode == DeliveryMode::Off {
        return None;
    }
    let seed = config.seed.unwrap_or_else(|| {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).expect("the OS random source failed");
        u64::from_le_bytes(bytes)
    });
    tracing::info!(
        mode = config.mode.as_str(),
        failure_rate = config.failure_rate,
        seed,
        "delivery simulator started"
    );
    let simulator = Simulator {
        db,
        config,
        rng: Rng::new(seed),
        seen_up_to: 0,
        due: BinaryHeap::new(),
        sequence: 0,
        messages: HashMap::new(),
        chats: HashMap::new(),
    };
    Some(tokio::spawn(simulator.run(wake)))
}

/// A message on its way, with the steps still ahead.
struct InFlight {
    conversation_id: i64,
    stream: Stream,
    steps: VecDeque<Step>,
}

/// A Telegram chat: its replies still waiting to be sent, oldest first (the first is the one
/// scheduled), and when the next may go.
#[derive(Default)]
struct Chat {
    waiting: VecDeque<i64>,
    next_free: Option<Instant>,
}

struct Simulator {
    db: Db,
    config: DeliveryConfig,
    rng: Rng,
    /// The newest message id looked at.
    seen_up_to: i64,
    /// When each message's next step is due: (time, insertion order, message id).
    due: BinaryHeap<Reverse<(Instant, u64, i64)>>,
    sequence: u64,
    messages: HashMap<i64, InFlight>,
    chats: HashMap<i64, Chat>,
}

impl Simulator {
    async fn run(mut self, wake: Arc<Notify>) {
        loop {
            self.discover().await;
            self.step_due().await;
            let next = self
                .due
                .peek()
                .map(|Reverse((at, _, _))| *at)
                .unwrap_or_else(|| Instant::now() + POLL)
                .min(Instant::now() + POLL);
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep_until(next) => {}
            }
        }
    }

    fn schedule(&mut self, message_id: i64, at: Instant) {
        self.sequence += 1;
        self.due.push(Reverse((at, self.sequence, message_id)));
    }

    /// Plans the messages sent since the last look.
    async fn discover(&mut self) {
        let after = self.seen_up_to;
        let found = match self
            .db
            .call(move |conn| delivery::undelivered_after(conn, after))
            .await
        {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(error = %e, "delivery simulator: cannot read new messages");
                return;
            }
        };
        for message in found {
            self.seen_up_to = self.seen_up_to.max(message.message_id);
            self.admit(message);
        }
    }

    fn admit(&mut self, m: Undelivered) {
        let steps: VecDeque<Step> = plan(
            m.stream,
            m.status,
            self.config.mode,
            self.config.failure_rate,
            &mut self.rng,
        )
        .into();
        let Some(first) = steps.front().map(|s| s.delay) else {
            return;
        };
        self.messages.insert(
            m.message_id,
            InFlight {
                conversation_id: m.conversation_id,
                stream: m.stream,
                steps,
            },
        );
        let now = Instant::now();
        if m.stream == Stream::Telegram && m.status == DeliveryStatus::Queued {
            let chat = self.chats.entry(m.conversation_id).or_default();
            chat.waiting.push_back(m.message_id);
            if chat.waiting.len() == 1 {
                let at = paced(now + first, chat.next_free);
                self.schedule(m.message_id, at);
            }
        } else {
            self.schedule(m.message_id, now + first);
        }
    }

    /// Applies every step that is due.
    async fn step_due(&mut self) {
        while let Some(Reverse((at, _, message_id))) = self.due.peek().copied() {
            if at > Instant::now() {
                return;
            }
            self.due.pop();
            self.step(message_id).await;
        }
    }

    async fn step(&mut self, message_id: i64) {
        let Some(flight) = self.messages.get(&message_id) else {
            return;
        };
        let (conversation_id, stream) = (flight.conversation_id, flight.stream);
        let chat = self.chats.get(&conversation_id);
        let leaves_queue = stream == Stream::Telegram
            && chat.is_some_and(|c| c.waiting.front() == Some(&message_id));
        // Telegram's pacing is measured from when the previous reply really went out.
        if let Some(free) = chat.and_then(|c| c.next_free).filter(|_| leaves_queue) {
            if free > Instant::now() {
                self.schedule(message_id, free);
                return;
            }
        }
        let Some(step) = self
            .messages
            .get_mut(&message_id)
            .and_then(|f| f.steps.pop_front())
        else {
            self.messages.remove(&message_id);
            return;
        };
        let callback = DeliveryCallback {
            message_id,
            status: step.status,
            reason: step.reason.map(str::to_owned),
        };
        let applied = self
            .db
            .call(move |conn| delivery::apply(conn, &callback))
            .await;
        let done = match &applied {
            // A callback may have moved it further already.
            Ok(message) => message.status.is_none_or(|s| s.is_final(stream)),
            Err(e) => {
                tracing::warn!(message_id, error = %e, "delivery simulator: status not applied");
                true
            }
        };
        let now = Instant::now();
        let next_delay = self
            .messages
            .get(&message_id)
            .and_then(|f| f.steps.front())
            .map(|s| s.delay);
        match next_delay {
            Some(delay) if !done => self.schedule(message_id, now + delay),
            _ => {
                self.messages.remove(&message_id);
            }
        }
        if leaves_queue {
            self.next_in_chat(conversation_id, now);
        }
    }

    /// The chat's first reply went out (or failed): the next may follow a second later.
    fn next_in_chat(&mut self, conversation_id: i64, sent_at: Instant) {
        let Some(chat) = self.chats.get_mut(&conversation_id) else {
            return;
        };
        chat.waiting.pop_front();
        let free = sent_at + Duration::from_millis(TELEGRAM_MIN_INTERVAL_MS);
        chat.next_free = Some(free);
        // The chat stays known with its next free time, for a reply that comes soon.
        let Some(&next) = chat.waiting.front() else {
            return;
        };
        let delay = self
            .messages
            .get(&next)
            .and_then(|f| f.steps.front())
            .map_or(Duration::ZERO, |s| s.delay);
        let at = paced(sent_at + delay, Some(free));
        self.schedule(next, at);
    }
}

/// The later of when a step would be due and when the chat may send again.
fn paced(due: Instant, next_free: Option<Instant>) -> Instant {
    next_free.map_or(due, |free| due.max(free))
}
