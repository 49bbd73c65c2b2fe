//! What the delivery simulator will do with one outbound message: the statuses still ahead on
//! its channel's path (`DeliveryStatus::path`), each after a delay, or a failure with a reason
//! the channel's providers give. Pure and seeded, so that a fixed seed repeats a run.

use std::time::Duration;

use textpeak_api::{DeliveryStatus, Stream};

use crate::config::DeliveryMode;
use crate::seed::phrases;
use crate::seed::rng::Rng;

/// One status change, `delay` after the previous one (or after the message was queued).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub delay: Duration,
    pub status: DeliveryStatus,
    pub reason: Option<&'static str>,
}

/// How long a provider takes to report `status`, in milliseconds.
fn delay_ms(mode: DeliveryMode, status: DeliveryStatus, rng: &mut Rng) -> u64 {
    let (lo, hi) = match mode {
        DeliveryMode::Off | DeliveryMode::Instant => (120, 280),
        DeliveryMode::Realistic => match status {
            DeliveryStatus::Queued | DeliveryStatus::Sent => (800, 2_500),
            DeliveryStatus::Delivered => (1_500, 6_000),
            DeliveryStatus::Read => (4_000, 25_000),
            DeliveryStatus::Failed => (1_500, 6_000),
        },
    };
    rng.range(lo, hi) as u64
}

/// The failures a channel's providers report (the demo history uses the same).
pub fn failure_reasons(stream: Stream) -> &'static [&'static str] {
    match stream {
        Stream::Sms => phrases::SMS_FAILURES,
        Stream::Whatsapp => phrases::WHATSAPP_FAILURES,
        Stream::Telegram => phrases::TELEGRAM_FAILURES,
    }
}

/// The steps from `from` to a final status. A failing message fails where its channel's
/// failures happen: SMS and WhatsApp instead of "delivered" (the carrier or the recipient's
/// app refuses it), Telegram instead of "sent".
pub fn plan(
    stream: Stream,
    from: DeliveryStatus,
    mode: DeliveryMode,
    failure_rate: f64,
    rng: &mut Rng,
) -> Vec<Step> {
    let path = DeliveryStatus::path(stream);
    let ahead: Vec<DeliveryStatus> = path
        .iter()
        .copied()
        .filter(|s| from.can_become(*s))
        .collect();
    let fails = rng.chance(failure_rate);
    let reason = *rng.pick(failure_reasons(stream));
    let fail_at = ahead
        .iter()
        .position(|s| *s == DeliveryStatus::Delivered)
        .or(match stream {
            Stream::Telegram => Some(0),
            _ => None,
        })
        .filter(|_| fails && from.can_become(DeliveryStatus::Failed));
    let mut steps = Vec::with_capacity(ahead.len());
    for (i, status) in ahead.into_iter().enumerate() {
        let delay = Duration::from_millis(delay_ms(mode, status, rng));
        if fail_at == Some(i) {
            steps.push(Step {
                delay,
                status: DeliveryStatus::Failed,
                reason: Some(reason),
            });
            break;
        }
        steps.push(Step {
            delay,
            status,
            reason: None,
        });
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeliveryStatus::*;

    fn statuses(steps: &[Step]) -> Vec<DeliveryStatus> {
        steps.iter().map(|s| s.status).collect()
    }

    /// The plans of a queued SMS, WhatsApp and Telegram message, drawn in that order from
    /// seed 7, and the generator to draw more from.
    fn queued_plans(mode: DeliveryMode, failure_rate: f64) -> (Rng, [Vec<Step>; 3]) {
        let mut rng = Rng::new(7);
        let plans = [Stream::Sms, Stream::Whatsapp, Stream::Telegram]
            .map(|stream| plan(stream, Queued, mode, failure_rate, &mut rng));
        (rng, plans)
    }

    #[test]
    fn every_channel_walks_its_own_path_to_a_final_status() {
        let instant = DeliveryMode::Instant;
        let (mut rng, [sms, whatsapp, telegram]) = queued_plans(instant, 0.0);
        assert_eq!(statuses(&sms), [Sent, Delivered]);
        assert_eq!(statuses(&whatsapp), [Sent, Delivered, Read]);
        assert_eq!(statuses(&telegram), [Sent]);
        // Resumed after a restart: only what is still ahead.
        assert_eq!(
            statuses(&plan(Stream::Whatsapp, Delivered, instant, 0.0, &mut rng)),
            [Read]
        );
        assert!(plan(Stream::Sms, Delivered, instant, 1.0, &mut rng).is_empty());
        for steps in [sms, whatsapp, telegram] {
            assert!(steps
                .iter()
                .all(|s| s.delay >= Duration::from_millis(120)
                    && s.delay <= Duration::from_millis(280)));
        }
    }

    #[test]
    fn failures_happen_where_the_channel_fails_with_its_reasons() {
        let realistic = DeliveryMode::Realistic;
        let (mut rng, [sms, whatsapp, telegram]) = queued_plans(realistic, 1.0);
        assert_eq!(statuses(&sms), [Sent, Failed]);
        assert!(phrases::SMS_FAILURES.contains(&sms[1].reason.unwrap()));
        assert_eq!(statuses(&whatsapp), [Sent, Failed]);
        assert!(phrases::WHATSAPP_FAILURES.contains(&whatsapp[1].reason.unwrap()));
        assert_eq!(statuses(&telegram), [Failed]);
        assert!(phrases::TELEGRAM_FAILURES.contains(&telegram[0].reason.unwrap()));
        assert!(sms[0].delay >= Duration::from_millis(800));
        // A WhatsApp message already delivered can only be read.
        assert_eq!(
            statuses(&plan(Stream::Whatsapp, Delivered, realistic, 1.0, &mut rng)),
            [Read]
        );
    }

    #[test]
    fn a_seed_repeats_its_run() {
        let run = |seed| {
            let mut rng = Rng::new(seed);
            (0..50)
                .map(|i| {
                    let stream = Stream::ALL[i % 3];
                    plan(stream, Queued, DeliveryMode::Realistic, 0.3, &mut rng)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(run(42), run(42));
        assert_ne!(run(42), run(43));
        let failed = run(42)
            .iter()
            .filter(|p| p.last().unwrap().status == Failed)
            .count();
        assert!((5..=30).contains(&failed), "{failed} of 50 at 0.3");
    }
}
