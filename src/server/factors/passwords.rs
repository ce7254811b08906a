//! Password hashing with argon2id at OWASP's parameters (m = 19456 KiB, t = 2, p = 1).
//!
//! Hashing is deliberately slow and memory-hungry, so it runs on blocking threads, at most one
//! hash per core at a time (a semaphore permit each): a burst of requests queues instead of
//! starving the async executor or exhausting memory.
//!
//! Each hash needs 19 MiB of working memory. Allocated afresh each time, that memory costs a
//! tenth of the hash again (page faults on a fresh mapping, or zeroing a reused one) and, with
//! the allocator keeping freed blocks per thread, a server's resident memory grows to many
//! times what runs at once. So the blocks are kept in a small pool and reused: there are never
//! more of them than hashes that ran at the same time. argon2 writes every block before it
//! reads it, so nothing of an earlier hash reaches the next one's result.

use std::sync::Arc;

use std::sync::Mutex;

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
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

/// Working memory kept between hashes (see the module's comment).
static MEMORY: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

/// Runs `f` with `blocks` blocks of working memory from the pool, then gives them back.
fn with_memory<T>(blocks: usize, f: impl FnOnce(&mut [Block]) -> T) -> T {
    let kept = MEMORY.lock().unwrap_or_else(|e| e.into_inner()).pop();
    let mut memory = match kept {
        Some(memory) if memory.len() == blocks => memory,
        _ => vec![Block::default(); blocks],
    };
    let result = f(&mut memory);
    // Memory for other parameters (an old hash's) is simply dropped.
    if blocks == MEMORY_KIB as usize {
        MEMORY
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(memory);
    }
    result
}

/// The raw argon2 output of `password` for `salt` under `argon2`, into `out`.
fn compute(
    argon2: &Argon2<'_>,
    blocks: usize,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> bool {
    with_memory(blocks, |memory| {
        argon2
            .hash_password_into_with_memory(password, salt, out, memory)
            .is_ok()
    })
}

/// Hashes on the calling thread (the CLI and benchmarks; servers use [`Hasher`]), as a PHC
/// string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`).
pub fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt
        .decode_b64(&mut salt_bytes)
        .expect("a generated salt decodes");
    let params =
        Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).expect("valid argon2 parameters");
    let argon2 = argon2();
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        compute(
            &argon2,
            params.block_count(),
            nfc(password).as_bytes(),
            salt_bytes,
            out,
        )
        .then_some(())
        .ok_or(argon2::password_hash::Error::Password)
    })
    .expect("argon2 hashing cannot fail for valid parameters");
    PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).expect("the parameters print"),
        salt: Some(salt.as_salt()),
        hash: Some(output),
    }
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
    let verify = |p: &str| matches_hash(p.as_bytes(), &parsed);
    verify(&normalised) || (normalised != password && verify(password))
}

/// Whether `password` gives the hash in `parsed`, under the parameters it names (constant-time
/// comparison of the outputs).
fn matches_hash(password: &[u8], parsed: &PasswordHash<'_>) -> bool {
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let Ok(params) = Params::try_from(parsed) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let blocks = params.block_count();
    let argon2 = Argon2::new(algorithm, version, params);
    let computed = Output::init_with(expected.len(), |out| {
        compute(&argon2, blocks, password, salt_bytes, out)
            .then_some(())
            .ok_or(argon2::password_hash::Error::Password)
    });
    computed.is_ok_and(|c| c == expected)
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
    fn hashes_agree_with_the_argon2_crates_own_and_other_parameters_still_verify() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash_now("correct horse battery staple");
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(argon2()
            .verify_password(b"correct horse battery staple", &parsed)
            .is_ok());
        assert!(argon2().verify_password(b"wrong", &parsed).is_err());
        // A hash the crate made, with the pool's memory reused for it (twice, so the second
        // runs on memory an earlier hash wrote).
        let salt = SaltString::generate(&mut OsRng);
        let theirs = argon2()
            .hash_password(b"another password entirely", &salt)
            .unwrap()
            .to_string();
        for _ in 0..2 {
            assert!(verify_now("another password entirely", &theirs));
            assert!(!verify_now("another password entirely!", &theirs));
        }
        // Older, smaller parameters (and argon2i) still verify, on memory of their own size.
        let small = Params::new(4096, 3, 1, None).unwrap();
        for algorithm in [Algorithm::Argon2id, Algorithm::Argon2i] {
            let old = Argon2::new(algorithm, Version::V0x13, small.clone())
                .hash_password(b"from an older release", &salt)
                .unwrap()
                .to_string();
            assert!(verify_now("from an older release", &old), "{old}");
            assert!(!verify_now("from an older release.", &old), "{old}");
        }
    }

    #[test]
    fn composed_and_decomposed_accents_are_one_password() {
        use argon2::password_hash::PasswordHasher;
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
