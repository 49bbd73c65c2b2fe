//! What Settings → sender profiles and incoming routing share: the sender registry (`senders`
//! rows) that profiles and routing rules draw from, and its list (`GET /api/senders`). Who may
//! manage which spaces is [`SettingsScope`]'s; unique names are `names`'.

use rusqlite::{params, Connection, OptionalExtension};
use textpeak_api::{Capability, NamedRef, SenderSetting, Stream};

use crate::http::problem::ApiError;
use crate::store::settings::scope::SettingsScope;
use crate::store::wire::wire;

/// What a sender is held by, as far as the checks of a form need it.
#[derive(Debug, Default)]
pub struct SenderHolders {
    /// The profile's id and name, and the space its conversations belong to.
    pub profile: Option<(i64, String, NamedRef)>,
    /// The rule's id and name, and the space of the team it routes to.
    pub rule: Option<(i64, String, NamedRef)>,
}

/// A sender (`s`) with its profile (`p`), the profile's space (`ps`) and its routing rule (`r`).
pub const SENDER_JOINS: &str = "FROM senders s
     LEFT JOIN sender_profiles p ON p.id = s.sender_profile_id
     LEFT JOIN spaces ps ON ps.id = p.space_id
     LEFT JOIN routing_rules r ON r.id = s.routing_rule_id";

/// The profile and rule holding a sender of the tenant; both None for a sender not yet known.
pub fn sender_holders(
    conn: &Connection,
    tenant: i64,
    stream: Stream,
    address: &str,
) -> Result<SenderHolders, ApiError> {
    let named = |id: Option<i64>, name: Option<String>| id.zip(name);
    let holders = conn
        .prepare_cached(&format!(
            "SELECT p.id, p.name, ps.id, ps.name, r.id, r.name, rs.id, rs.name {SENDER_JOINS}
             LEFT JOIN teams t ON t.id = r.team_id
             LEFT JOIN spaces rs ON rs.id = t.space_id
             WHERE s.tenant_id = ?1 AND s.stream = ?2 AND s.address = ?3"
        ))?
        .query_row(params![tenant, stream.as_str(), address], |r| {
            let space = |i: usize| -> rusqlite::Result<Option<NamedRef>> {
                Ok(named(r.get(i)?, r.get(i + 1)?).map(|(id, name)| NamedRef { id, name }))
            };
            let profile = named(r.get(0)?, r.get(1)?).zip(space(2)?);
            let rule = named(r.get(4)?, r.get(5)?).zip(space(6)?);
            Ok(SenderHolders {
                profile: profile.map(|((id, name), space)| (id, name, space)),
                rule: rule.map(|((id, name), space)| (id, name, space)),
            })
        })
        .optional()?;
    Ok(holders.unwrap_or_default())
}

/// What groups senders: a sender belongs to at most one of each (a column of `senders`).
#[derive(Debug, Clone, Copy)]
pub enum Holder {
    Profile(i64),
    Rule(i64),
}

impl Holder {
    fn column(self) -> &'static str {
        match self {
            Holder::Profile(_) => "sender_profile_id",
            Holder::Rule(_) => "routing_rule_id",
        }
    }

    fn id(self) -> i64 {
        match self {
            Holder::Profile(id) | Holder::Rule(id) => id,
        }
    }
}

/// Makes `addresses` (normalised, of `stream`) exactly the senders of `holder`: senders no
/// longer listed are detached, not deleted (the other grouping may still hold them, and the
/// registry remembers numbers the tenant once used); unknown ones become sender rows.
/// The holder's row must already carry `stream`, or the schema's trigger refuses.
pub fn place_senders(
    conn: &Connection,
    tenant: i64,
    stream: Stream,
    addresses: &[String],
    holder: Holder,
) -> Result<(), ApiError> {
    let column = holder.column();
    let current: Vec<(i64, String, String)> = conn
        .prepare(&format!(
            "SELECT id, stream, address FROM senders WHERE {column} = ?1"
        ))?
        .query_map([holder.id()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut detach = conn.prepare(&format!("UPDATE senders SET {column} = NULL WHERE id = ?1"))?;
    for (id, s, address) in &current {
        // After a change of stream every old sender goes, whatever its address.
        if s != stream.as_str() || !addresses.contains(address) {
            detach.execute([id])?;
        }
    }
    let mut create = conn.prepare_cached(
        "INSERT INTO senders (tenant_id, stream, address) VALUES (?1, ?2, ?3)
         ON CONFLICT (tenant_id, stream, address) DO NOTHING",
    )?;
    let mut attach = conn.prepare(&format!(
        "UPDATE senders SET {column} = ?1 WHERE tenant_id = ?2 AND stream = ?3 AND address = ?4"
    ))?;
    for address in addresses {
        create.execute(params![tenant, stream.as_str(), address])?;
        attach.execute(params![holder.id(), tenant, stream.as_str(), address])?;
    }
    Ok(())
}

/// The addresses of a holder's senders, sorted.
pub fn senders_of(conn: &Connection, holder: Holder) -> Result<Vec<String>, ApiError> {
    let senders = conn
        .prepare(&format!(
            "SELECT address FROM senders WHERE {} = ?1 ORDER BY address",
            holder.column()
        ))?
        .query_map([holder.id()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(senders)
}

/// Every sender of the tenant with the names of the profile and rule that hold it, whatever
/// their space: a Manager's form must be able to say that a number is taken.
pub fn list(conn: &Connection, user_id: i64) -> Result<Vec<SenderSetting>, ApiError> {
    let scope = SettingsScope::load(conn, user_id, &[Capability::ManageChannelSettings])?;
    let mut stmt = conn.prepare(
        "SELECT s.stream, s.address, p.id, p.name, r.id, r.name
         FROM senders s
         LEFT JOIN sender_profiles p ON p.id = s.sender_profile_id
         LEFT JOIN routing_rules r ON r.id = s.routing_rule_id
         WHERE s.tenant_id = ?1
         ORDER BY s.stream, s.address",
    )?;
    let named = |id: Option<i64>, name: Option<String>| {
        id.zip(name).map(|(id, name)| NamedRef { id, name })
    };
    let senders = stmt
        .query_map([scope.tenant], |r| {
            Ok(SenderSetting {
                stream: wire(Stream::parse, 0, r.get(0)?)?,
                address: r.get(1)?,
                profile: named(r.get(2)?, r.get(3)?),
                rule: named(r.get(4)?, r.get(5)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(senders)
}
