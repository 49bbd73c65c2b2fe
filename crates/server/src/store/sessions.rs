//! Sessions: only the SHA-256 of a token is stored.

use rusqlite::{params, Connection, OptionalExtension};

use crate::auth::{new_token, token_hash};
use crate::clock;

pub const SESSION_DAYS: i64 = 14;

/// Stores a new session for the user and returns its token.
pub fn create(conn: &Connection, user_id: i64) -> rusqlite::Result<String> {
    let token = new_token();
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![
            token_hash(&token).as_slice(),
            user_id,
            clock::now_text(),
            clock::in_future(time::Duration::days(SESSION_DAYS)),
        ],
    )?;
    Ok(token)
}

pub fn delete_expired(conn: &Connection) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM sessions WHERE expires_at <= ?1",
        [clock::now_text()],
    )
}

/// Ends the session of the token with this hash; nothing to end is fine.
pub fn delete(conn: &Connection, token_hash: &[u8; 32]) -> rusqlite::Result<()> {
    conn.execute(
        "DELETE FROM sessions WHERE token_hash = ?1",
        [token_hash.as_slice()],
    )?;
    Ok(())
}

/// The user of a valid, unexpired session of an active user.
pub fn user_of(conn: &Connection, token_hash: &[u8; 32]) -> rusqlite::Result<Option<i64>> {
    conn.query_row(
        "SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.active = 1",
        params![token_hash.as_slice(), clock::now_text()],
        |r| r.get(0),
    )
    .optional()
}

/// The id and password hash of the active user with this e-mail, for a sign-in.
pub fn sign_in_candidate(
    conn: &Connection,
    email: &str,
) -> rusqlite::Result<Option<(i64, String)>> {
    conn.query_row(
        "SELECT id, password_hash FROM users WHERE email = ?1 AND active = 1",
        [email],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}
