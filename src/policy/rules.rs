//! The password rules shown on the "New password" pages and checked again by the server.
//!
//! The same code runs in the browser (to tick the rules while the user types) and on the
//! server (to decide). The server additionally decides [`RuleKind::NotRecent`], which needs the
//! password history.

use super::common::{fold, CommonPasswords};
use super::strength::{estimate, Strength};

/// Personal details shorter than this are not checked for.
pub const MIN_PERSONAL_INFO_CHARS: usize = 3;

/// Password rules. Lengths count characters (Unicode scalar values), not bytes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PasswordPolicy {
    /// Fewest characters allowed. Default 12.
    pub min_length: usize,
    /// Most characters allowed. Default 128.
    pub max_length: usize,
    /// Require a lower-case letter. Default false.
    pub require_lowercase: bool,
    /// Require an upper-case letter. Default false.
    pub require_uppercase: bool,
    /// Require a digit. Default false.
    pub require_digit: bool,
    /// Require a symbol (any character that is neither a letter nor a digit). Default false.
    pub require_symbol: bool,
    /// Lowest acceptable strength score, 0 to 4. Default 3 ("Good"). 0 turns the rule off.
    pub min_score: u8,
    /// The new password must not be one of the last `history` passwords. Default 5; 0 turns
    /// the rule off. Checked by the server only.
    pub history: usize,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            min_length: 12,
            max_length: 128,
            require_lowercase: false,
            require_uppercase: false,
            require_digit: false,
            require_symbol: false,
            min_score: 3,
            history: 5,
        }
    }
}

/// One rule of a [`PasswordPolicy`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RuleKind {
    MinLength,
    MaxLength,
    Lowercase,
    Uppercase,
    Digit,
    Symbol,
    NoPersonalInfo,
    NotCommon,
    Strength,
    NotRecent,
    Confirmation,
}

/// Whether a rule is met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RuleState {
    Met,
    Unmet,
    /// Cannot be decided yet: nothing typed yet, the common-password list is not loaded yet,
    /// the rule is decided by the server (history), or the confirmation is still empty.
    Pending,
}

/// The state of one rule for a given password.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RuleCheck {
    pub kind: RuleKind,
    pub label: String,
    pub state: RuleState,
}

/// Personal details the password must not contain. Either may be empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Subject<'a> {
    pub user_id: &'a str,
    pub email: &'a str,
}

impl<'a> Subject<'a> {
    pub fn new(user_id: &'a str, email: &'a str) -> Self {
        Subject { user_id, email }
    }

    /// Words the strength estimator should treat as known to an attacker: the User ID, the
    /// email address, its local part, the parts of the local part (split at `.`, `_`, `-`, `+`)
    /// and the first label of the domain.
    pub fn user_inputs(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut add = |s: &str| {
            let s = s.trim();
            if s.chars().count() >= MIN_PERSONAL_INFO_CHARS && !out.iter().any(|o| o == s) {
                out.push(s.to_string());
            }
        };
        add(self.user_id);
        add(self.email);
        let email = self.email.trim();
        if let Some((local, domain)) = email.rsplit_once('@') {
            add(local);
            for part in local.split(['.', '_', '-', '+']) {
                add(part);
            }
            if let Some(label) = domain.split('.').next() {
                add(label);
            }
        }
        out
    }
}

/// Whether the password contains the User ID, the email address or the email's local part
/// (ignoring case; details shorter than [`MIN_PERSONAL_INFO_CHARS`] are not checked).
pub fn contains_personal_info(password: &str, subject: &Subject<'_>) -> bool {
    let password = fold(password);
    let user_id = fold(subject.user_id.trim());
    let email = fold(subject.email.trim());
    let local = email
        .rsplit_once('@')
        .map_or(email.as_str(), |(local, _)| local);
    [user_id.as_str(), email.as_str(), local]
        .iter()
        .any(|d| d.chars().count() >= MIN_PERSONAL_INFO_CHARS && password.contains(d))
}

fn is_symbol(c: char) -> bool {
    !c.is_alphanumeric()
}

impl PasswordPolicy {
    /// The rules the page lists before typing, in display order. Composition rules appear only
    /// when required; the strength rule only when `min_score > 0`; the history rule only when
    /// `history > 0`.
    pub fn rules(&self) -> Vec<RuleKind> {
        let mut rules = vec![RuleKind::MinLength, RuleKind::MaxLength];
        if self.require_lowercase {
            rules.push(RuleKind::Lowercase);
        }
        if self.require_uppercase {
            rules.push(RuleKind::Uppercase);
        }
        if self.require_digit {
            rules.push(RuleKind::Digit);
        }
        if self.require_symbol {
            rules.push(RuleKind::Symbol);
        }
        rules.push(RuleKind::NoPersonalInfo);
        rules.push(RuleKind::NotCommon);
        if self.min_score > 0 {
            rules.push(RuleKind::Strength);
        }
        if self.history > 0 {
            rules.push(RuleKind::NotRecent);
        }
        rules.push(RuleKind::Confirmation);
        rules
    }

    /// The plain-English label of a rule under this policy.
    pub fn label(&self, kind: RuleKind) -> String {
        fn plural(n: usize, one: &str, many: &str) -> String {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        }
        match kind {
            RuleKind::MinLength => {
                format!(
                    "At least {}",
                    plural(self.min_length, "character", "characters")
                )
            }
            RuleKind::MaxLength => {
                format!(
                    "At most {}",
                    plural(self.max_length, "character", "characters")
                )
            }
            RuleKind::Lowercase => "At least one lowercase letter".to_string(),
            RuleKind::Uppercase => "At least one uppercase letter".to_string(),
            RuleKind::Digit => "At least one digit".to_string(),
            RuleKind::Symbol => "At least one symbol, such as ! # or %".to_string(),
            RuleKind::NoPersonalInfo => {
                "Does not contain your User ID or email address".to_string()
            }
            RuleKind::NotCommon => "Not a common or breached password".to_string(),
            RuleKind::Strength => {
                if self.min_score >= 4 {
                    "Strong enough (strength Strong)".to_string()
                } else {
                    format!(
                        "Strong enough (strength {} or better)",
                        Strength::label_for(self.min_score)
                    )
                }
            }
            RuleKind::NotRecent => match self.history {
                1 => "Not your last password".to_string(),
                n => format!("Not one of your last {n} passwords"),
            },
            RuleKind::Confirmation => "Both passwords match".to_string(),
        }
    }

    /// Evaluates every rule of [`PasswordPolicy::rules`], in the same order.
    ///
    /// Passwords are taken exactly as typed (no trimming, no case folding, except that the
    /// personal-information and common-password rules ignore case).
    ///
    /// - While `password` is empty, the rules an empty password would trivially meet
    ///   (MaxLength, NoPersonalInfo, NotCommon) are Pending, so nothing is ticked before typing.
    /// - `common = None` (list not loaded yet) makes NotCommon Pending.
    /// - NotRecent is always Pending: the server decides it.
    /// - Confirmation is Pending while `confirm` is empty, else Met when `confirm == password`
    ///   exactly.
    pub fn check(
        &self,
        password: &str,
        confirm: &str,
        subject: &Subject<'_>,
        common: Option<&CommonPasswords>,
    ) -> Evaluation {
        let length = password.chars().count();
        let empty = password.is_empty();
        let inputs = subject.user_inputs();
        let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
        let strength = estimate(password, &inputs, common);
        let met = |ok: bool| if ok { RuleState::Met } else { RuleState::Unmet };
        let checks = self
            .rules()
            .into_iter()
            .map(|kind| {
                let state = match kind {
                    RuleKind::MinLength => met(length >= self.min_length),
                    RuleKind::MaxLength if empty => RuleState::Pending,
                    RuleKind::MaxLength => met(length <= self.max_length),
                    RuleKind::Lowercase => met(password.chars().any(char::is_lowercase)),
                    RuleKind::Uppercase => met(password.chars().any(char::is_uppercase)),
                    RuleKind::Digit => met(password.chars().any(char::is_numeric)),
                    RuleKind::Symbol => met(password.chars().any(is_symbol)),
                    RuleKind::NoPersonalInfo if empty => RuleState::Pending,
                    RuleKind::NoPersonalInfo => met(!contains_personal_info(password, subject)),
                    RuleKind::NotCommon if empty => RuleState::Pending,
                    RuleKind::NotCommon => match common {
                        Some(list) => met(!list.contains(password)),
                        None => RuleState::Pending,
                    },
                    RuleKind::Strength => met(strength.score >= self.min_score.min(4)),
                    RuleKind::NotRecent => RuleState::Pending,
                    RuleKind::Confirmation if confirm.is_empty() => RuleState::Pending,
                    RuleKind::Confirmation => met(confirm == password),
                };
                RuleCheck {
                    kind,
                    label: self.label(kind),
                    state,
                }
            })
            .collect();
        Evaluation { checks, strength }
    }
}

/// The result of [`PasswordPolicy::check`].
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evaluation {
    pub checks: Vec<RuleCheck>,
    pub strength: Strength,
}

impl Evaluation {
    /// Every check is Met, not counting NotRecent (which only the server can decide).
    pub fn all_met_except_pending_server(&self) -> bool {
        self.failures().is_empty()
    }

    /// The checks that are not Met (Unmet or Pending), not counting NotRecent.
    pub fn failures(&self) -> Vec<&RuleCheck> {
        self.checks
            .iter()
            .filter(|c| c.kind != RuleKind::NotRecent && c.state != RuleState::Met)
            .collect()
    }

    /// The state of one rule, if the policy has it.
    pub fn state(&self, kind: RuleKind) -> Option<RuleState> {
        self.checks.iter().find(|c| c.kind == kind).map(|c| c.state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOBODY: Subject<'static> = Subject {
        user_id: "",
        email: "",
    };
    const STRONG: &str = "xK9#mQ2$vL7@pR4!";

    fn list() -> CommonPasswords {
        CommonPasswords::from_text("123456\npassword\nqwertyuiop\nletmeinletmein\nSummer2024!!\n")
    }

    fn state(policy: &PasswordPolicy, pw: &str, kind: RuleKind) -> Option<RuleState> {
        policy.check(pw, pw, &NOBODY, Some(&list())).state(kind)
    }

    #[test]
    fn defaults() {
        let p = PasswordPolicy::default();
        assert_eq!(p.min_length, 12);
        assert_eq!(p.max_length, 128);
        assert!(
            !p.require_lowercase && !p.require_uppercase && !p.require_digit && !p.require_symbol
        );
        assert_eq!(p.min_score, 3);
        assert_eq!(p.history, 5);
        assert_eq!(
            p.rules(),
            vec![
                RuleKind::MinLength,
                RuleKind::MaxLength,
                RuleKind::NoPersonalInfo,
                RuleKind::NotCommon,
                RuleKind::Strength,
                RuleKind::NotRecent,
                RuleKind::Confirmation,
            ]
        );
    }

    #[test]
    fn labels() {
        let p = PasswordPolicy::default();
        let labels: Vec<String> = p.rules().into_iter().map(|k| p.label(k)).collect();
        assert_eq!(
            labels,
            vec![
                "At least 12 characters",
                "At most 128 characters",
                "Does not contain your User ID or email address",
                "Not a common or breached password",
                "Strong enough (strength Good or better)",
                "Not one of your last 5 passwords",
                "Both passwords match",
            ]
        );
        let p = PasswordPolicy {
            min_length: 1,
            min_score: 4,
            history: 1,
            ..PasswordPolicy::default()
        };
        assert_eq!(p.label(RuleKind::MinLength), "At least 1 character");
        assert_eq!(
            p.label(RuleKind::Strength),
            "Strong enough (strength Strong)"
        );
        assert_eq!(p.label(RuleKind::NotRecent), "Not your last password");
        let p = PasswordPolicy {
            min_score: 2,
            ..PasswordPolicy::default()
        };
        assert_eq!(
            p.label(RuleKind::Strength),
            "Strong enough (strength Fair or better)"
        );
        // Labels in the evaluation match label().
        let e = p.check("abc", "", &NOBODY, None);
        for c in &e.checks {
            assert_eq!(c.label, p.label(c.kind));
        }
    }

    #[test]
    fn composition_rules_listed_only_when_configured() {
        let p = PasswordPolicy {
            require_lowercase: true,
            require_uppercase: true,
            require_digit: true,
            require_symbol: true,
            min_score: 0,
            history: 0,
            ..PasswordPolicy::default()
        };
        assert_eq!(
            p.rules(),
            vec![
                RuleKind::MinLength,
                RuleKind::MaxLength,
                RuleKind::Lowercase,
                RuleKind::Uppercase,
                RuleKind::Digit,
                RuleKind::Symbol,
                RuleKind::NoPersonalInfo,
                RuleKind::NotCommon,
                RuleKind::Confirmation,
            ]
        );
        assert_eq!(
            p.label(RuleKind::Lowercase),
            "At least one lowercase letter"
        );
        assert_eq!(
            p.label(RuleKind::Uppercase),
            "At least one uppercase letter"
        );
        assert_eq!(p.label(RuleKind::Digit), "At least one digit");
        assert_eq!(
            p.label(RuleKind::Symbol),
            "At least one symbol, such as ! # or %"
        );
    }

    #[test]
    fn length_rules() {
        let p = PasswordPolicy::default();
        assert_eq!(
            state(&p, "abcdefghijk", RuleKind::MinLength),
            Some(RuleState::Unmet)
        );
        assert_eq!(
            state(&p, "abcdefghijkl", RuleKind::MinLength),
            Some(RuleState::Met)
        );
        let long = "a".repeat(128);
        assert_eq!(state(&p, &long, RuleKind::MaxLength), Some(RuleState::Met));
        let too_long = "a".repeat(129);
        assert_eq!(
            state(&p, &too_long, RuleKind::MaxLength),
            Some(RuleState::Unmet)
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let p = PasswordPolicy::default();
        // 11 characters, 22 bytes.
        let eleven = "ééééééééééé";
        assert_eq!(eleven.len(), 22);
        assert_eq!(
            state(&p, eleven, RuleKind::MinLength),
            Some(RuleState::Unmet)
        );
        // 12 characters, 48 bytes.
        let twelve = "🔑🔒🔓🗝🔑🔒🔓🗝🔑🔒🔓🗝";
        assert_eq!(twelve.chars().count(), 12);
        assert_eq!(state(&p, twelve, RuleKind::MinLength), Some(RuleState::Met));
        // 128 characters of 2 bytes each is still allowed.
        let max = "é".repeat(128);
        assert_eq!(state(&p, &max, RuleKind::MaxLength), Some(RuleState::Met));
    }

    #[test]
    fn composition_rules() {
        let p = PasswordPolicy {
            require_lowercase: true,
            require_uppercase: true,
            require_digit: true,
            require_symbol: true,
            ..PasswordPolicy::default()
        };
        let s = |pw: &str, k| state(&p, pw, k);
        assert_eq!(s("ABC123!!", RuleKind::Lowercase), Some(RuleState::Unmet));
        assert_eq!(s("aBC123!!", RuleKind::Lowercase), Some(RuleState::Met));
        assert_eq!(s("abc123!!", RuleKind::Uppercase), Some(RuleState::Unmet));
        assert_eq!(s("abC123!!", RuleKind::Uppercase), Some(RuleState::Met));
        assert_eq!(s("abcDEF!!", RuleKind::Digit), Some(RuleState::Unmet));
        assert_eq!(s("abcDEF7!", RuleKind::Digit), Some(RuleState::Met));
        assert_eq!(s("abcDEF77", RuleKind::Symbol), Some(RuleState::Unmet));
        assert_eq!(s("abcDEF7 ", RuleKind::Symbol), Some(RuleState::Met));
        assert_eq!(s("abcDEF7#", RuleKind::Symbol), Some(RuleState::Met));
        // Non-ASCII letters count as letters, not symbols.
        assert_eq!(s("ÄÖÜäöü", RuleKind::Lowercase), Some(RuleState::Met));
        assert_eq!(s("ÄÖÜäöü", RuleKind::Uppercase), Some(RuleState::Met));
        assert_eq!(s("ÄÖÜäöü", RuleKind::Symbol), Some(RuleState::Unmet));
    }

    #[test]
    fn personal_info() {
        let p = PasswordPolicy::default();
        let subject = Subject::new("JSmith", "john.smith@example.com");
        let st = |pw: &str| {
            p.check(pw, pw, &subject, None)
                .state(RuleKind::NoPersonalInfo)
        };
        assert_eq!(st("my-jsmith-password"), Some(RuleState::Unmet));
        assert_eq!(st("My-JSMITH-password"), Some(RuleState::Unmet));
        assert_eq!(st("John.Smith rules 42"), Some(RuleState::Unmet));
        assert_eq!(st("x john.smith@example.com"), Some(RuleState::Unmet));
        assert_eq!(st("john smith rules 42"), Some(RuleState::Met));
        assert_eq!(st("violet tractor anthem"), Some(RuleState::Met));
        // Details shorter than three characters are not checked.
        let short = Subject::new("jo", "ab@example.com");
        assert!(!contains_personal_info("jo-ab-password", &short));
        assert!(contains_personal_info("ab@example.com!", &short));
        // Empty details never match.
        assert!(!contains_personal_info("anything at all", &NOBODY));
    }

    #[test]
    fn not_common() {
        let p = PasswordPolicy::default();
        let l = list();
        let st = |pw: &str, common| p.check(pw, pw, &NOBODY, common).state(RuleKind::NotCommon);
        assert_eq!(st("letmeinletmein", Some(&l)), Some(RuleState::Unmet));
        assert_eq!(st("LetMeInLetMeIn", Some(&l)), Some(RuleState::Unmet));
        assert_eq!(st("summer2024!!", Some(&l)), Some(RuleState::Unmet));
        assert_eq!(st("violet tractor anthem", Some(&l)), Some(RuleState::Met));
        // Not loaded yet.
        assert_eq!(st("letmeinletmein", None), Some(RuleState::Pending));
    }

    #[test]
    fn strength_rule() {
        let p = PasswordPolicy::default();
        assert_eq!(
            state(&p, "abcdefghijkl", RuleKind::Strength),
            Some(RuleState::Unmet)
        );
        assert_eq!(state(&p, STRONG, RuleKind::Strength), Some(RuleState::Met));
        let lenient = PasswordPolicy {
            min_score: 1,
            ..PasswordPolicy::default()
        };
        assert_eq!(
            state(&lenient, "Password123!", RuleKind::Strength),
            Some(RuleState::Met)
        );
        assert_eq!(
            state(&p, "Password123!", RuleKind::Strength),
            Some(RuleState::Unmet)
        );
        // The strength in the evaluation uses the subject as known words.
        let subject = Subject::new("alice", "alice@example.com");
        let e = p.check("alice2024", "", &subject, None);
        assert!(e.strength.score <= 1);
    }

    #[test]
    fn not_recent_is_always_pending() {
        let p = PasswordPolicy::default();
        assert_eq!(
            state(&p, STRONG, RuleKind::NotRecent),
            Some(RuleState::Pending)
        );
        assert_eq!(state(&p, "", RuleKind::NotRecent), Some(RuleState::Pending));
    }

    #[test]
    fn confirmation_is_exact() {
        let p = PasswordPolicy::default();
        let st = |pw: &str, confirm: &str| {
            p.check(pw, confirm, &NOBODY, None)
                .state(RuleKind::Confirmation)
        };
        assert_eq!(st(STRONG, ""), Some(RuleState::Pending));
        assert_eq!(st(STRONG, STRONG), Some(RuleState::Met));
        assert_eq!(st(STRONG, "xK9#mQ2$vL7@pR4"), Some(RuleState::Unmet));
        // No trimming and no case folding.
        assert_eq!(st(STRONG, &format!("{STRONG} ")), Some(RuleState::Unmet));
        assert_eq!(st(&format!(" {STRONG}"), STRONG), Some(RuleState::Unmet));
        assert_eq!(st(STRONG, &STRONG.to_lowercase()), Some(RuleState::Unmet));
        // Spaces are part of the password.
        assert_eq!(st("  spaced out  ", "  spaced out  "), Some(RuleState::Met));
    }

    #[test]
    fn passwords_are_not_trimmed() {
        let p = PasswordPolicy::default();
        // Eleven visible characters plus a space make twelve.
        assert_eq!(
            state(&p, "abcdefghijk ", RuleKind::MinLength),
            Some(RuleState::Met)
        );
        assert_eq!(
            state(&p, " abcdefghijk", RuleKind::MinLength),
            Some(RuleState::Met)
        );
    }

    #[test]
    fn empty_password_ticks_nothing() {
        let p = PasswordPolicy::default();
        let e = p.check("", "", &NOBODY, Some(&list()));
        assert!(e.checks.iter().all(|c| c.state != RuleState::Met), "{e:?}");
        assert!(!e.all_met_except_pending_server());
        assert_eq!(e.checks.len(), p.rules().len());
    }

    #[test]
    fn evaluation_summary() {
        let p = PasswordPolicy::default();
        let e = p.check(STRONG, STRONG, &NOBODY, Some(&list()));
        assert!(e.all_met_except_pending_server(), "{:?}", e.failures());
        assert!(e.failures().is_empty());
        assert_eq!(e.state(RuleKind::NotRecent), Some(RuleState::Pending));

        // Without the list the common-password rule is still open.
        let e = p.check(STRONG, STRONG, &NOBODY, None);
        assert!(!e.all_met_except_pending_server());
        let kinds: Vec<RuleKind> = e.failures().iter().map(|c| c.kind).collect();
        assert_eq!(kinds, vec![RuleKind::NotCommon]);

        let e = p.check("password", "passw0rd", &NOBODY, Some(&list()));
        let kinds: Vec<RuleKind> = e.failures().iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            vec![
                RuleKind::MinLength,
                RuleKind::NotCommon,
                RuleKind::Strength,
                RuleKind::Confirmation
            ]
        );
        assert_eq!(e.checks.len(), p.rules().len());
        for (check, kind) in e.checks.iter().zip(p.rules()) {
            assert_eq!(check.kind, kind);
        }
    }

    #[test]
    fn serde_shapes() {
        fn assert_serde<T: serde::Serialize + serde::de::DeserializeOwned>() {}
        assert_serde::<PasswordPolicy>();
        assert_serde::<Evaluation>();
        assert_serde::<RuleCheck>();
    }
}
