//! Password hashing with argon2id at OWASP's parameters (m = 19456 KiB, t = 2, p = 1).
//!
//! Hashing is deliberately slow and memory-hungry, so it runs on blocking threads, at most one
//! hash per core at a time (a semaphore permit each): a burst of requests queues instead of
//! starving the async executor or exhausting memory.

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use prometheus_client::metrics::gauge::Gauge;
use rand::rngs::OsRng;
use tokio::sync::Semaphore;

use crate::server::crypto::Redacted;

pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

pub fn argon2() -> Argon2<'static> {
    let params =
        Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes on the calling thread (the CLI and benchmarks; servers use [`Hasher`]).
pub fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(nfc(password).as_bytes(), &salt)
        .expect("argon2 hashing cannot fail for valid parameters")
        .to_string()
}

/// Verifies on the calling thread. A malformed stored hash never matches. The password is
/// checked in NFC; input that is not already NFC is also tried as typed, for hashes made
/// before passwords were normalised (it costs the same whatever the account).
pub fn verify_now(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let normalised = nfc(password);
    let verify = |p: &str| argon2().verify_password(p.as_bytes(), &parsed).is_ok();
    verify(&normalised) || (normalised != password && verify(password))
}

/// Unicode Normalization Form C: "é" typed as one code point or as "e" + a combining accent is
/// the same password.
fn nfc(password: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    password.nfc().collect()
}

/// A hash of nothing anyone knows, at the production parameters: what a sign-in with an unknown
/// User ID is checked against. Made once per process (at the first `Hasher`).
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        use rand::RngCore;
        let mut unknowable = [0u8; 32];
        OsRng.fill_bytes(&mut unknowable);
        hash_now(&hex::encode(unknowable))
    })
}

#[derive(Clone, Debug)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    /// Hashes waiting for a permit, for the metrics.
    waiting: Gauge,
}

impl Hasher {
    /// One permit per core unless told otherwise. `waiting` counts the hashes waiting for one.
    pub fn new(permits: Option<usize>, waiting: Gauge) -> Self {
        let permits = permits
            .unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(1)
            })
            .max(1);
        dummy_hash();
        Self {
            permits: Arc::new(Semaphore::new(permits)),
            waiting,
        }
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> T {
        self.waiting.inc();
        let permit = self.permits.acquire().await;
        self.waiting.dec();
        let _permit = permit.expect("the semaphore is never closed");
        tokio::task::spawn_blocking(work)
            .await
            .expect("hashing task panicked")
    }

    pub async fn hash(&self, password: Redacted<String>) -> String {
        self.run(move || hash_now(password.expose())).await
    }

    /// Whether the password matches the account's hash. Without a hash (a User ID without an
    /// account, or an account without a password) it checks against a dummy hash instead, so
    /// both cost the same argon2 work and take the same time, and answers false.
    pub async fn verify(&self, password: Redacted<String>, hash: Option<String>) -> bool {
        let real = hash.is_some();
        let hash = hash.unwrap_or_else(|| dummy_hash().to_string());
        let matched = self.run(move || verify_now(password.expose(), &hash)).await;
        matched && real
    }

    /// Whether the password matches any of the hashes (stops at the first match).
    pub async fn matches_any(&self, password: Redacted<String>, hashes: Vec<String>) -> bool {
        for hash in hashes {
            let password = password.clone();
            if self.run(move || verify_now(password.expose(), &hash)).await {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_owasp_parameters_and_verifies_exactly() {
        let hash = hash_now("correct horse battery staple");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(verify_now("correct horse battery staple", &hash));
        assert!(
            !verify_now("correct horse battery staple ", &hash),
            "no trimming"
        );
        assert!(
            !verify_now("Correct horse battery staple", &hash),
            "no case folding"
        );
        assert!(!verify_now("x", "not a hash"));
    }

    #[test]
    fn composed_and_decomposed_accents_are_one_password() {
        let composed = "caf\u{e9} cr\u{e8}me br\u{fb}l\u{e9}e";
        let decomposed = "cafe\u{301} cre\u{300}me bru\u{302}le\u{301}e";
        assert_ne!(composed, decomposed);
        assert!(verify_now(decomposed, &hash_now(composed)));
        assert!(verify_now(composed, &hash_now(decomposed)));
        // A hash made of decomposed input before normalising still matches what was typed.
        let salt = SaltString::generate(&mut OsRng);
        let old = argon2()
            .hash_password(decomposed.as_bytes(), &salt)
            .unwrap()
            .to_string();
        assert!(verify_now(decomposed, &old));
    }
}
