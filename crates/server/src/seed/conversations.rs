//! Generates lived-in conversations (contacts, message histories, events, statuses, tags) with
//! prepared statements, for the demo seed and for `bench-space`.

use std::collections::HashSet;

use rusqlite::{params, Connection, Statement};
use time::{Duration, OffsetDateTime};

use super::phrases::{self, Lang, Topic, LANGS};
use super::rng::Rng;
use crate::clock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stream {
    Sms,
    WhatsApp,
    Telegram,
}

impl Stream {
    pub fn as_str(self) -> &'static str {
        match self {
            Stream::Sms => "sms",
            Stream::WhatsApp => "whatsapp",
            Stream::Telegram => "telegram",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: i64,
    pub first_name: String,
}

/// What a team mostly talks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamKind {
    Leads,
    Bookings,
    Care,
    Refunds,
    Vip,
    Mixed,
}

impl TeamKind {
    fn topics(self) -> &'static [(Topic, u32)] {
        use Topic::*;
        match self {
            TeamKind::Leads => &[(Booking, 8), (Hotel, 2)],
            TeamKind::Bookings => &[(FlightChange, 5), (Booking, 3), (Hotel, 2), (Baggage, 1)],
            TeamKind::Care => &[(Hotel, 4), (Baggage, 4), (FlightChange, 3), (Refund, 1)],
            TeamKind::Refunds => &[(Refund, 8), (FlightChange, 1), (Baggage, 1)],
            TeamKind::Vip | TeamKind::Mixed => &[
                (Booking, 3),
                (FlightChange, 3),
                (Refund, 2),
                (Hotel, 2),
                (Baggage, 2),
            ],
        }
    }
}

/// A team as the generator needs it.
#[derive(Debug, Clone)]
pub struct TeamCtx {
    pub id: i64,
    pub space_id: i64,
    pub kind: TeamKind,
    /// Share of the conversations that land in this team.
    pub weight: u32,
    /// Who answers and gets assigned (non-empty).
    pub members: Vec<Person>,
    pub managers: Vec<Person>,
    /// Other users of the space, now and then assigned a conversation of this team.
    pub outsiders: Vec<Person>,
    /// Sender profiles the team uses, with weights.
    pub profiles: Vec<(i64, Stream, u32)>,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct TagIds {
    pub booking: Option<i64>,
    pub refund: Option<i64>,
    pub flight_change: Option<i64>,
    pub hotel: Option<i64>,
    pub vip: Option<i64>,
    pub complaint: Option<i64>,
    pub urgent: Option<i64>,
    pub follow_up: Option<i64>,
}

/// How contacts are made up: `phone_prefix` forces one prefix and a number for everyone
/// (bench-space keeps its contacts in a range of their own); `counter_start` keeps Telegram
/// handles apart from those of other generators in the same tenant.
#[derive(Debug, Clone, Copy)]
pub struct ContactStyle {
    pub phone_prefix: Option<&'static str>,
    pub counter_start: u64,
    pub reuse: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Inbound,
    Outbound,
    Note,
    Event(&'static str),
}

struct Draft {
    kind: Kind,
    author: Option<i64>,
    body: String,
    event_user: Option<i64>,
    event_tag: Option<i64>,
    /// Minutes since the previous message.
    gap: f64,
    /// An approved template, which WhatsApp delivers outside the 24-hour window too.
    template: bool,
}

impl Draft {
    fn new(kind: Kind, author: Option<i64>, body: String, gap: f64) -> Draft {
        Draft {
            kind,
            author,
            body,
            event_user: None,
            event_tag: None,
            gap,
            template: false,
        }
    }

    /// The contact's message.
    fn inbound(body: String, gap: f64) -> Draft {
        Draft::new(Kind::Inbound, None, body, gap)
    }

    /// An agent's reply.
    fn outbound(author: i64, body: String, gap: f64) -> Draft {
        Draft::new(Kind::Outbound, Some(author), body, gap)
    }

    /// An internal note.
    fn note(author: i64, body: String, gap: f64) -> Draft {
        Draft::new(Kind::Note, Some(author), body, gap)
    }

    /// An event, by a person or (with no author) by the system.
    fn event(name: &'static str, author: Option<i64>, gap: f64) -> Draft {
        Draft::new(Kind::Event(name), author, String::new(), gap)
    }
}

struct Vars<'a> {
    name: Option<&'a str>,
    agent: &'a str,
    colleague: &'a str,
    reference: String,
    city: &'static str,
    date: String,
    month: &'static str,
    amount: String,
    flight: &'static str,
    hotel: &'static str,
}

fn fill(template: &str, v: &Vars) -> String {
    let mut s = match v.name {
        Some(name) => template.replace("{name}", name),
        None => template.replace(", {name}", "").replace(" {name}", ""),
    };
    if !s.contains('{') {
        return s;
    }
    for (key, value) in [
        ("{agent}", v.agent),
        ("{colleague}", v.colleague),
        ("{ref}", &v.reference),
        ("{city}", v.city),
        ("{date}", &v.date),
        ("{month}", v.month),
        ("{amount}", &v.amount),
        ("{flight}", v.flight),
        ("{hotel}", v.hotel),
    ] {
        if s.contains(key) {
            s = s.replace(key, value);
        }
    }
    s
}

/// Made-up but believable values for a text's placeholders: a booking reference, a date
/// between 5 and 150 days after `now` in `lang`'s words, a city, an amount, a flight, a hotel.
fn draw_vars<'v>(
    r: &mut Rng,
    now: OffsetDateTime,
    lang: &'static Lang,
    name: Option<&'v str>,
    agent: &'v str,
    colleague: &'v str,
) -> Vars<'v> {
    let reference: String = (0..5)
        .map(|_| REF_CHARS[r.below(REF_CHARS.len() as u64) as usize] as char)
        .collect();
    let day = now + Duration::days(r.range(5, 150));
    let month = lang.months[usize::from(u8::from(day.month())) - 1].as_str();
    let date = lang
        .date_pattern
        .replace("{d}", &day.day().to_string())
        .replace("{m}", month);
    let euros = r.range(9, 240) * 10 - 1;
    let amount = if lang.euro_first {
        format!("€{euros}")
    } else {
        format!("{euros} €")
    };
    Vars {
        name,
        agent,
        colleague,
        reference: format!("ACM-{reference}"),
        city: r.pick_str(phrases::CITIES),
        date,
        month,
        amount,
        flight: r.pick_str(phrases::FLIGHTS),
        hotel: r.pick_str(phrases::HOTELS),
    }
}

/// What a contact writes from `template` (one of `lang`'s contact phrases): its placeholders
/// filled as the demo seed fills them. The traffic simulator's messages.
pub fn contact_text(
    rng: &mut Rng,
    now: OffsetDateTime,
    lang: &'static Lang,
    first_name: Option<&str>,
    template: &str,
) -> String {
    // Contacts' phrases never name the agent or a colleague.
    fill(template, &draw_vars(rng, now, lang, first_name, "", ""))
}

#[derive(Clone)]
struct PooledContact {
    id: i64,
    lang: usize,
    first_name: Option<String>,
    has_phone: bool,
    has_handle: bool,
}

pub struct Generator<'c> {
    tenant_id: i64,
    now: OffsetDateTime,
    rng: Rng,
    tags: TagIds,
    style: ContactStyle,
    contact_counter: u64,
    pool: Vec<PooledContact>,
    /// (contact, sender profile, team): one conversation each, as the schema demands.
    used: HashSet<(i64, i64, i64)>,
    insert_contact: Statement<'c>,
    insert_conversation: Statement<'c>,
    insert_message: Statement<'c>,
    insert_tag: Statement<'c>,
    pub conversations: u64,
    pub messages: u64,
}

/// The text of the seed's approved "Follow-up after 24 hours" template, filled in.
const WHATSAPP_FOLLOW_UP: &str = "Hi {name}, we are following up on your request to Acme Travel. Reply to this message to continue the conversation.";

const REF_CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const POOL_SIZE: usize = 400;

impl<'c> Generator<'c> {
    pub fn new(
        conn: &'c Connection,
        tenant_id: i64,
        seed: u64,
        now: OffsetDateTime,
        tags: TagIds,
        style: ContactStyle,
    ) -> rusqlite::Result<Generator<'c>> {
        Ok(Generator {
            tenant_id,
            now,
            rng: Rng::new(seed),
            tags,
            style,
            contact_counter: style.counter_start,
            pool: Vec::new(),
            used: HashSet::new(),
            insert_contact: conn.prepare(
                "INSERT INTO contacts (tenant_id, name, phone, telegram_handle, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            insert_conversation: conn.prepare(
                "INSERT INTO conversations (tenant_id, space_id, team_id, contact_id,
                    sender_profile_id, stream, status, assignee_id, unread_count,
                    last_message_preview, last_activity_at, last_inbound_at, waiting_since,
                    created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?,
            insert_message: conn.prepare(
                "INSERT INTO messages (conversation_id, kind, direction, author_id, body,
                    event_type, event_user_id, event_tag_id, status, failure_reason, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?,
            insert_tag: conn.prepare(
                "INSERT INTO conversation_tags (conversation_id, tag_id) VALUES (?1, ?2)",
            )?,
            conversations: 0,
            messages: 0,
        })
    }

    fn sample_length(&mut self) -> usize {
        (3.0 + self.rng.exp(6.0)).min(40.0) as usize
    }

    /// Writes one conversation of `team`. `length` forces the number of messages (roughly, as
    /// closing events come on top); otherwise it is drawn between 3 and 40.
    pub fn conversation(&mut self, team: &TeamCtx, length: Option<usize>) -> rusqlite::Result<i64> {
        let lang_weights: Vec<u32> = LANGS.iter().map(|l| l.weight).collect();
        let lang_idx = self.rng.weighted(&lang_weights);
        let profile_weights: Vec<u32> = team.profiles.iter().map(|p| p.2).collect();
        let (profile_id, stream, _) = team.profiles[self.rng.weighted(&profile_weights)];
        // A returning contact writes in their own language again.
        let contact = self.contact(lang_idx, stream, profile_id, team.id)?;
        let lang = &LANGS[contact.lang];
        let topic_weights: Vec<u32> = team.kind.topics().iter().map(|t| t.1).collect();
        let topic = team.kind.topics()[self.rng.weighted(&topic_weights)].0;
        let target = length.unwrap_or_else(|| self.sample_length()).max(3);

        let closed = self.rng.chance(0.35);
        let responder = self.rng.pick(&team.members).clone();
        let assignee: Option<Person> = if closed || self.rng.chance(0.78) {
            if !team.outsiders.is_empty() && self.rng.chance(0.04) {
                Some(self.rng.pick(&team.outsiders).clone())
            } else {
                Some(responder.clone())
            }
        } else {
            None
        };
        let brand_new = !closed && assignee.is_none() && self.rng.chance(0.6);
        let manager = if team.managers.is_empty() {
            None
        } else {
            Some(self.rng.pick(&team.managers).clone())
        };
        let agent = assignee.clone().unwrap_or_else(|| responder.clone());
        let colleague = if team.members.len() > 1 {
            let mut c = self.rng.pick(&team.members).clone();
            while c.id == agent.id {
                c = self.rng.pick(&team.members).clone();
            }
            c
        } else {
            manager.clone().unwrap_or_else(|| agent.clone())
        };

        let vars = self.vars(lang, contact.first_name.as_deref(), &agent, &colleague);
        let topic_text = &lang.topics[topic.index()];

        let mut drafts: Vec<Draft> = Vec::with_capacity(target + 6);
        let r = &mut self.rng;
        drafts.push(Draft::inbound(
            fill(r.pick_text(&topic_text.openers), &vars),
            0.0,
        ));
        if r.chance(0.45) {
            let body = fill(r.pick_text(&topic_text.details), &vars);
            drafts.push(Draft::inbound(body, 0.3 + r.exp(3.0)));
        }
        let mut first_outbound = None;
        if brand_new {
            while drafts.len() < target.min(4) {
                let body = if r.chance(0.5) {
                    fill(r.pick_text(&lang.nudges), &vars)
                } else {
                    fill(r.pick_text(&topic_text.details), &vars)
                };
                drafts.push(Draft::inbound(body, 5.0 + r.exp(40.0)));
            }
        } else {
            let assigner = match &manager {
                Some(m) if r.chance(0.5) => m.id,
                _ => agent.id,
            };
            let mut assigned = Draft::event("assigned", Some(assigner), 0.5 + r.exp(8.0));
            assigned.event_user = Some(agent.id);
            drafts.push(assigned);
            let greeting = format!(
                "{} {}",
                fill(r.pick_text(&lang.greetings), &vars),
                fill(r.pick_text(&topic_text.replies), &vars)
            );
            first_outbound = Some(drafts.len());
            drafts.push(Draft::outbound(agent.id, greeting, 1.0 + r.exp(15.0)));

            let unassign_later = assignee.is_none();
            let reopen = !closed && target >= 9 && r.chance(0.15);
            let reserved = if closed { 3 } else { 1 } + if reopen { 5 } else { 0 };
            let mut budget = target.saturating_sub(drafts.len() + reserved);
            while budget > 0 {
                let body = if r.chance(0.6) {
                    fill(r.pick_text(&lang.customer_followups), &vars)
                } else {
                    fill(r.pick_text(&topic_text.details), &vars)
                };
                drafts.push(Draft::inbound(body, 3.0 + r.exp(120.0)));
                budget -= 1;
                if budget > 0 && r.chance(0.12) {
                    let author = match &manager {
                        Some(m) if r.chance(0.3) => m.id,
                        _ => agent.id,
                    };
                    let body = fill(r.pick_str(phrases::NOTES), &vars);
                    drafts.push(Draft::note(author, body, 1.0 + r.exp(6.0)));
                    budget -= 1;
                }
                if budget > 0 {
                    let body = if r.chance(0.25) {
                        fill(r.pick_text(&topic_text.replies), &vars)
                    } else {
                        fill(r.pick_text(&lang.agent_followups), &vars)
                    };
                    drafts.push(Draft::outbound(agent.id, body, 1.0 + r.exp(20.0)));
                    budget -= 1;
                }
            }
            if reopen || closed {
                let thanks = fill(r.pick_text(&lang.thanks), &vars);
                drafts.push(Draft::inbound(thanks, 2.0 + r.exp(60.0)));
                let closing = fill(r.pick_text(&lang.closings), &vars);
                drafts.push(Draft::outbound(agent.id, closing, 1.0 + r.exp(10.0)));
                drafts.push(Draft::event("closed", Some(agent.id), 0.5 + r.exp(3.0)));
            }
            if reopen {
                let body = fill(r.pick_text(&lang.reopeners), &vars);
                drafts.push(Draft::inbound(body, 180.0 + r.exp(2000.0)));
                // Reopened by the contact's message, not by a person.
                drafts.push(Draft::event("reopened", None, 0.05));
                if r.chance(0.5) {
                    let body = fill(r.pick_text(&lang.agent_followups), &vars);
                    drafts.push(Draft::outbound(agent.id, body, 1.0 + r.exp(20.0)));
                }
            }
            if !closed {
                let last_reply_inbound = drafts
                    .iter()
                    .rev()
                    .find(|d| matches!(d.kind, Kind::Inbound | Kind::Outbound))
                    .is_some_and(|d| d.kind == Kind::Inbound);
                if unassign_later {
                    let by = manager.as_ref().map_or(agent.id, |m| m.id);
                    let mut unassigned = Draft::event("unassigned", Some(by), 5.0 + r.exp(60.0));
                    unassigned.event_user = Some(agent.id);
                    drafts.push(unassigned);
                    let body = fill(r.pick_text(&lang.nudges), &vars);
                    drafts.push(Draft::inbound(body, 10.0 + r.exp(120.0)));
                } else if stream == Stream::WhatsApp && r.chance(0.06) {
                    // Followed up too late: WhatsApp refuses free text after 24 hours, so the
                    // agent falls back to the approved template.
                    let body = fill(r.pick_text(&lang.agent_followups), &vars);
                    drafts.push(Draft::outbound(agent.id, body, 1500.0 + r.exp(600.0)));
                    let note =
                        "Outside the 24-hour window, sent the approved follow-up template instead.";
                    drafts.push(Draft::note(agent.id, note.into(), 2.0 + r.exp(5.0)));
                    let mut template = Draft::outbound(
                        agent.id,
                        fill(WHATSAPP_FOLLOW_UP, &vars),
                        0.5 + r.exp(2.0),
                    );
                    template.template = true;
                    drafts.push(template);
                } else if !last_reply_inbound && r.chance(0.55) {
                    let body = fill(r.pick_text(&lang.customer_followups), &vars);
                    drafts.push(Draft::inbound(body, 3.0 + r.exp(90.0)));
                }
            }
        }

        // Tags, each with its event somewhere after the first answer.
        let tag_ids = self.pick_tags(topic, team.kind, closed);
        for tag in &tag_ids {
            let from = first_outbound.map_or(1, |i| i + 1);
            let at = self.rng.range(from as i64, drafts.len() as i64) as usize;
            let author = if brand_new { None } else { Some(agent.id) };
            let gap = 0.2 + self.rng.exp(2.0);
            let mut tagged = Draft::event("tagged", author, gap);
            tagged.event_tag = Some(*tag);
            drafts.insert(at, tagged);
        }

        self.write(
            team,
            profile_id,
            stream,
            contact.id,
            closed,
            assignee.as_ref(),
            brand_new,
            &drafts,
            &tag_ids,
        )
    }

    fn vars<'v>(
        &mut self,
        lang: &'static Lang,
        name: Option<&'v str>,
        agent: &'v Person,
        colleague: &'v Person,
    ) -> Vars<'v> {
        draw_vars(
            &mut self.rng,
            self.now,
            lang,
            name,
            agent.first_name.as_str(),
            colleague.first_name.as_str(),
        )
    }

    fn pick_tags(&mut self, topic: Topic, kind: TeamKind, closed: bool) -> Vec<i64> {
        let t = self.tags;
        let r = &mut self.rng;
        let mut out = Vec::new();
        let topical = match topic {
            Topic::Booking => t.booking,
            Topic::FlightChange => t.flight_change,
            Topic::Refund => t.refund,
            Topic::Hotel => t.hotel,
            Topic::Baggage => t.complaint,
        };
        if r.chance(0.6) {
            out.extend(topical);
        }
        if kind == TeamKind::Vip {
            out.extend(t.vip);
        }
        if r.chance(0.08) {
            out.extend(t.urgent);
        }
        if !closed && r.chance(0.1) {
            out.extend(t.follow_up);
        }
        if topic != Topic::Baggage && r.chance(0.04) {
            out.extend(t.complaint);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn contact(
        &mut self,
        lang: usize,
        stream: Stream,
        profile: i64,
        team: i64,
    ) -> rusqlite::Result<PooledContact> {
        let needs_phone = stream != Stream::Telegram;
        if self.style.reuse && !self.pool.is_empty() && self.rng.chance(0.12) {
            for _ in 0..3 {
                let c = self.rng.pick(&self.pool).clone();
                let fits = if needs_phone {
                    c.has_phone
                } else {
                    c.has_handle
                };
                if fits && self.used.insert((c.id, profile, team)) {
                    return Ok(c);
                }
            }
        }
        let l = &LANGS[lang];
        self.contact_counter += 1;
        let n = self.contact_counter;
        let r = &mut self.rng;
        let first = r.pick_text(&l.first_names);
        let last = r.pick_text(&l.last_names);
        let named = r.chance(0.8);
        let has_handle = !needs_phone || r.chance(0.05);
        // A forced prefix marks contacts to remove later, so each of them gets a number.
        let has_phone = needs_phone || self.style.phone_prefix.is_some() || r.chance(0.5);
        let phone = has_phone.then(|| {
            let prefix = self
                .style
                .phone_prefix
                .unwrap_or_else(|| r.pick_text(&l.phone_prefixes));
            // A multiplier coprime with 10 is a bijection modulo 10^7: unique, random-looking.
            let digits = (n % 10_000_000 * 3_967_327 + 5_023_911) % 10_000_000;
            format!("{prefix}{digits:07}")
        });
        let handle = has_handle.then(|| {
            let base = if named {
                ascii_lower(first)
            } else {
                "traveller".into()
            };
            format!(
                "{base}_{}{n}",
                ascii_lower(&last[..last.char_indices().nth(1).map_or(last.len(), |(i, _)| i)])
            )
        });
        let name = named.then(|| format!("{first} {last}"));
        let id = self.insert_contact.insert(params![
            self.tenant_id,
            name,
            phone,
            handle,
            clock::format(self.now)
        ])?;
        let pooled = PooledContact {
            id,
            lang,
            first_name: named.then(|| first.to_owned()),
            has_phone,
            has_handle,
        };
        self.used.insert((id, profile, team));
        if self.style.reuse {
            if self.pool.len() < POOL_SIZE {
                self.pool.push(pooled.clone());
            } else {
                let i = self.rng.below(POOL_SIZE as u64) as usize;
                self.pool[i] = pooled.clone();
            }
        }
        Ok(pooled)
    }

    #[allow(clippy::too_many_arguments)]
    fn write(
        &mut self,
        team: &TeamCtx,
        profile_id: i64,
        stream: Stream,
        contact_id: i64,
        closed: bool,
        assignee: Option<&Person>,
        brand_new: bool,
        drafts: &[Draft],
        tags: &[i64],
    ) -> rusqlite::Result<i64> {
        let r = &mut self.rng;
        // Open conversations are recent (a few just now, so the inbox looks alive); closed ones
        // older.
        let recency_min = if closed {
            1440.0 + r.exp(7.0 * 1440.0)
        } else if r.chance(0.08) {
            r.unit() * 15.0
        } else {
            r.exp(1440.0)
        }
        .min(60.0 * 1440.0);
        let last = self.now - Duration::seconds((recency_min * 60.0) as i64);
        let total_after: Vec<f64> = {
            let mut acc = 0.0;
            let mut v = vec![0.0; drafts.len()];
            for i in (0..drafts.len()).rev() {
                v[i] = acc;
                acc += drafts[i].gap.max(0.05);
            }
            v
        };
        let times: Vec<OffsetDateTime> = total_after
            .iter()
            .map(|after| last - Duration::milliseconds((after * 60_000.0) as i64))
            .collect();

        // Delivery statuses, walking forward.
        let mut statuses: Vec<(Option<&'static str>, Option<&'static str>)> =
            vec![(None, None); drafts.len()];
        let mut last_inbound: Option<OffsetDateTime> = None;
        for (i, d) in drafts.iter().enumerate() {
            match d.kind {
                Kind::Inbound => last_inbound = Some(times[i]),
                Kind::Outbound => {
                    let answered_later = drafts[i + 1..].iter().any(|x| x.kind == Kind::Inbound);
                    let age = self.now - times[i];
                    let outside_window =
                        last_inbound.is_none_or(|t| times[i] - t > Duration::hours(24));
                    statuses[i] = match stream {
                        Stream::WhatsApp if outside_window && !d.template => {
                            (Some("failed"), Some(phrases::WHATSAPP_WINDOW_FAILURE))
                        }
                        _ if age < Duration::seconds(20) => (
                            Some(if stream == Stream::Sms {
                                "queued"
                            } else {
                                "sent"
                            }),
                            None,
                        ),
                        _ if !answered_later && r.chance(0.03) => (
                            Some("failed"),
                            Some(*r.pick(match stream {
                                Stream::Sms => phrases::SMS_FAILURES,
                                Stream::WhatsApp => phrases::WHATSAPP_FAILURES,
                                Stream::Telegram => phrases::TELEGRAM_FAILURES,
                            })),
                        ),
                        Stream::Telegram => (Some("sent"), None),
                        Stream::Sms if answered_later || r.chance(0.9) => (Some("delivered"), None),
                        Stream::Sms => (Some("sent"), None),
                        Stream::WhatsApp if answered_later => (Some("read"), None),
                        Stream::WhatsApp => {
                            let x = r.unit();
                            (
                                Some(if x < 0.08 {
                                    "sent"
                                } else if x < 0.35 {
                                    "delivered"
                                } else {
                                    "read"
                                }),
                                None,
                            )
                        }
                    };
                }
                _ => {}
            }
        }

        // Derived conversation fields.
        let last_reply = drafts
            .iter()
            .rposition(|d| matches!(d.kind, Kind::Inbound | Kind::Outbound));
        let last_outbound = drafts.iter().rposition(|d| d.kind == Kind::Outbound);
        let trailing_inbound: Vec<usize> = (last_outbound.map_or(0, |i| i + 1)..drafts.len())
            .filter(|&i| drafts[i].kind == Kind::Inbound)
            .collect();
        let waiting_since = (!closed && !trailing_inbound.is_empty())
            .then(|| clock::format(times[trailing_inbound[0]]));
        let unread = if closed || trailing_inbound.is_empty() {
            0
        } else if brand_new || r.chance(0.6) {
            trailing_inbound.len()
        } else {
            0
        };
        let preview: String = last_reply
            .map(|i| drafts[i].body.chars().take(140).collect())
            .unwrap_or_default();
        let last_inbound_at = last_inbound.map(clock::format);

        let conversation_id = self.insert_conversation.insert(params![
            self.tenant_id,
            team.space_id,
            team.id,
            contact_id,
            profile_id,
            stream.as_str(),
            if closed { "closed" } else { "open" },
            assignee.map(|a| a.id),
            unread as i64,
            preview,
            clock::format(last),
            last_inbound_at,
            waiting_since,
            clock::format(times[0]),
        ])?;

        for (i, d) in drafts.iter().enumerate() {
            let (kind, direction, event) = match d.kind {
                Kind::Inbound => ("reply", Some("inbound"), None),
                Kind::Outbound => ("reply", Some("outbound"), None),
                Kind::Note => ("note", None, None),
                Kind::Event(e) => ("event", None, Some(e)),
            };
            self.insert_message.execute(params![
                conversation_id,
                kind,
                direction,
                d.author,
                d.body,
                event,
                d.event_user,
                d.event_tag,
                statuses[i].0,
                statuses[i].1,
                clock::format(times[i]),
            ])?;
        }
        for tag in tags {
            self.insert_tag.execute(params![conversation_id, tag])?;
        }
        self.conversations += 1;
        self.messages += drafts.len() as u64;
        Ok(conversation_id)
    }
}

/// "Lucía" → "lucia", for Telegram handles.
fn ascii_lower(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = c.to_lowercase().next().unwrap_or(c);
            let mapped = match c {
                'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
                'ú' | 'ù' | 'û' | 'ü' => 'u',
                'ç' => 'c',
                'ñ' => 'n',
                'ß' => 's',
                c => c,
            };
            mapped.is_ascii_alphanumeric().then_some(mapped)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_drops_a_missing_name() {
        let v = Vars {
            name: None,
            agent: "Maya",
            colleague: "Jonas",
            reference: "ACM-AB12C".into(),
            city: "Porto",
            date: "3 May".into(),
            month: "May",
            amount: "€349".into(),
            flight: "TP 1351",
            hotel: "Villa Aurora",
        };
        assert_eq!(fill("Hi {name}, this is {agent}.", &v), "Hi, this is Maya.");
        assert_eq!(
            fill("You're welcome, {name}! Bye", &v),
            "You're welcome! Bye"
        );
        assert_eq!(
            fill(
                "{ref} to {city} on {date} for {amount} ({flight}, {hotel})",
                &v
            ),
            "ACM-AB12C to Porto on 3 May for €349 (TP 1351, Villa Aurora)"
        );
        let named = Vars {
            name: Some("Ana"),
            ..v
        };
        assert_eq!(
            fill("Olá {name}, aqui é {agent}", &named),
            "Olá Ana, aqui é Maya"
        );
        assert_eq!(ascii_lower("Lucía Müller"), "luciamuller");
    }
}
