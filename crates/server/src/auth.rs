//! Passwords (argon2id) and tokens. Sessions are stored by `store::sessions`; reading them
//! off a request is `http::auth`.

use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Argon2id with the crate's defaults (19 MiB, 2 passes: OWASP's recommendation), a fresh
/// random salt per password.
pub fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the OS random source failed");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters cannot fail")
        .to_string()
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Verified against when the e-mail is unknown, so that "no such user" takes as long as "wrong
/// password" and response times do not reveal which addresses have accounts.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash_password("not a real password"));

/// Checks a sign-in attempt in constant work: `hash` is None for an unknown or inactive user.
pub fn check_credentials(password: &str, hash: Option<&str>) -> bool {
    match hash {
        Some(hash) => verify_password(password, hash),
        None => {
            let _ = verify_password(password, &DUMMY_HASH);
            false
        }
    }
}

/// Warms the dummy hash at start-up instead of on the first failed sign-in.
pub fn prepare() {
    LazyLock::force(&DUMMY_HASH);
}

/// 32 random bytes, base64url: what the client holds. Only its SHA-256 is stored.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source failed");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A first password for an invited user, read out or pasted by whoever invites them: 12
/// base64url characters of a fresh token (72 random bits), short enough to type.
pub fn temporary_password() -> String {
    new_token()[..12].to_owned()
}

pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Compares two digests in time independent of where they differ. (The digests are of the
/// presented and the configured token, so even a leak would not reveal the token's bytes.)
pub fn hashes_equal(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.as_slice().ct_eq(b.as_slice()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_and_salts_differ() {
        let a = hash_password("demo");
        let b = hash_password("demo");
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$"));
        assert!(verify_password("demo", &a));
        assert!(!verify_password("Demo", &a));
        assert!(!check_credentials("demo", None));
    }

    #[test]
    fn tokens_are_32_random_bytes() {
        let t = new_token();
        assert_eq!(URL_SAFE_NO_PAD.decode(&t).unwrap().len(), 32);
        assert_ne!(t, new_token());
    }

    #[test]
    fn digests_compare_equal_only_when_identical() {
        let a = token_hash("support");
        assert!(hashes_equal(&a, &token_hash("support")));
        assert!(!hashes_equal(&a, &token_hash("support ")));
        let mut b = a;
        b[31] ^= 1;
        assert!(!hashes_equal(&a, &b));
    }
}
