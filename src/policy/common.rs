//! Lists of common passwords.
//!
//! [`CommonPasswords`] holds a list in frequency order (most common first), lower-cased and
//! de-duplicated, stored compactly (one text buffer plus a sorted index) so that it can be
//! loaded in the browser as well as on the server. Lookups are binary searches; the strength
//! estimator also asks "does any entry start with this prefix?" so that it can stop extending a
//! substring as soon as no entry can match it.
//!
//! A small list of the most common passwords and words is built in ([`CommonPasswords::builtin`])
//! so that the estimator catches the worst passwords even before the full list is loaded.

use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

/// Lower-cases one character, keeping it a single character.
///
/// Characters whose lower-case form is more than one character (such as 'İ') are kept as they
/// are, so that positions in a folded string line up with positions in the original.
pub(crate) fn fold_char(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Lower-cases a string character by character (see [`fold_char`]).
pub(crate) fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    start: u32,
    len: u32,
    /// 1-based position of the entry's first occurrence in the source list.
    rank: u32,
}

impl Entry {
    fn range(&self) -> Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

/// Result of [`CommonPasswords::probe`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Probe {
    /// Rank of the entry equal to the probed string, if there is one.
    pub rank: Option<u32>,
    /// Whether some entry is strictly longer than the probed string and starts with it.
    pub longer: bool,
}

/// A list of common passwords, lower-cased, with their rank (1 = most common).
#[derive(Clone, Default)]
pub struct CommonPasswords {
    text: String,
    /// Sorted by entry text; one entry per distinct text (the best-ranked occurrence).
    entries: Vec<Entry>,
}

impl fmt::Debug for CommonPasswords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CommonPasswords")
            .field("len", &self.entries.len())
            .finish()
    }
}

impl CommonPasswords {
    /// Builds the list from text with one password per line, most common first.
    ///
    /// Line endings may be `\n` or `\r\n`; blank lines are skipped. Entries are lower-cased;
    /// when two lines are equal after lower-casing, the first (more common) one keeps its rank.
    pub fn from_text(text: &str) -> Self {
        Self::from_lines(text.lines())
    }

    /// Builds the list from passwords in frequency order (see [`CommonPasswords::from_text`]).
    pub fn from_lines<'a, I>(lines: I) -> Self
    where
        I: IntoIterator<Item = &'a str>,
    {
        let mut text = String::new();
        let mut entries = Vec::new();
        let mut rank: u32 = 0;
        for line in lines {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() {
                continue;
            }
            let start = text.len();
            text.extend(line.chars().map(fold_char));
            let end = text.len();
            if end > u32::MAX as usize || rank == u32::MAX {
                text.truncate(start);
                break;
            }
            rank += 1;
            entries.push(Entry {
                start: start as u32,
                len: (end - start) as u32,
                rank,
            });
        }
        {
            let t = &text;
            entries
                .sort_unstable_by(|a, b| t[a.range()].cmp(&t[b.range()]).then(a.rank.cmp(&b.rank)));
            // Equal texts are now adjacent with the best rank first; keep that one.
            entries.dedup_by(|later, kept| t[later.range()] == t[kept.range()]);
        }
        entries.shrink_to_fit();
        CommonPasswords { text, entries }
    }

    /// The small list built into the program: the most common passwords and words.
    ///
    /// The strength estimator always uses it, so that the worst passwords score low even
    /// before the full list is available.
    pub fn builtin() -> &'static CommonPasswords {
        static BUILTIN_LIST: OnceLock<CommonPasswords> = OnceLock::new();
        BUILTIN_LIST.get_or_init(|| CommonPasswords::from_lines(BUILTIN.iter().copied()))
    }

    /// Whether the password is on the list, ignoring case.
    pub fn contains(&self, password: &str) -> bool {
        self.rank(password).is_some()
    }

    /// The password's 1-based rank on the list (1 = most common), ignoring case.
    pub fn rank(&self, password: &str) -> Option<usize> {
        self.probe(&fold(password)).rank.map(|r| r as usize)
    }

    /// Number of distinct entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn key(&self, e: &Entry) -> &str {
        &self.text[e.range()]
    }

    /// Looks up an already lower-cased string (see [`fold`]).
    pub(crate) fn probe(&self, folded: &str) -> Probe {
        self.narrow(0..self.entries.len(), folded).0
    }

    /// Looks up an already lower-cased string among `within`, a range of the sorted entries
    /// that holds every entry starting with `folded` (for example the range returned for a
    /// shorter prefix of it, or the whole list). Returns the lookup result and the range of the
    /// entries starting with `folded`, so that a growing string is looked up in a shrinking range.
    pub(crate) fn narrow(&self, within: Range<usize>, folded: &str) -> (Probe, Range<usize>) {
        let entries = &self.entries[within.clone()];
        // Sorted order: entries below `folded`, then those starting with it (`folded` itself
        // first), then the rest.
        let lo = entries.partition_point(|e| self.key(e) < folded);
        let hi = lo + entries[lo..].partition_point(|e| self.key(e).starts_with(folded));
        let rank = entries
            .get(lo)
            .filter(|e| lo < hi && self.key(e).len() == folded.len())
            .map(|e| e.rank);
        let longer = hi - lo > usize::from(rank.is_some());
        let range = within.start + lo..within.start + hi;
        (Probe { rank, longer }, range)
    }
}

/// Built-in list, most common first: the top of the common-password list shipped in
/// `data/common-passwords.txt.gz` (offensive entries left out) followed by everyday words that
/// people build passwords from.
const BUILTIN: &[&str] = &[
    "123456",
    "password",
    "12345678",
    "qwerty",
    "123456789",
    "12345",
    "1234",
    "111111",
    "1234567",
    "dragon",
    "123123",
    "baseball",
    "abc123",
    "football",
    "monkey",
    "letmein",
    "696969",
    "shadow",
    "master",
    "666666",
    "qwertyuiop",
    "123321",
    "mustang",
    "1234567890",
    "michael",
    "654321",
    "superman",
    "1qaz2wsx",
    "7777777",
    "121212",
    "000000",
    "qazwsx",
    "123qwe",
    "killer",
    "trustno1",
    "jordan",
    "jennifer",
    "zxcvbnm",
    "asdfgh",
    "hunter",
    "buster",
    "soccer",
    "harley",
    "batman",
    "andrew",
    "tigger",
    "sunshine",
    "iloveyou",
    "2000",
    "charlie",
    "robert",
    "thomas",
    "hockey",
    "ranger",
    "daniel",
    "starwars",
    "112233",
    "george",
    "computer",
    "michelle",
    "jessica",
    "pepper",
    "1111",
    "zxcvbn",
    "555555",
    "11111111",
    "131313",
    "freedom",
    "777777",
    "pass",
    "maggie",
    "159753",
    "aaaaaa",
    "ginger",
    "princess",
    "joshua",
    "cheese",
    "amanda",
    "summer",
    "love",
    "ashley",
    "nicole",
    "chelsea",
    "matthew",
    "access",
    "yankees",
    "987654321",
    "dallas",
    "austin",
    "thunder",
    "taylor",
    "matrix",
    "william",
    "corvette",
    "hello",
    "martin",
    "heather",
    "secret",
    "merlin",
    "diamond",
    "1234qwer",
    "hammer",
    "silver",
    "222222",
    "88888888",
    "anthony",
    "justin",
    "test",
    "bailey",
    "q1w2e3r4t5",
    "patrick",
    "internet",
    "scooter",
    "orange",
    "11111",
    "golfer",
    "cookie",
    "richard",
    "samantha",
    "guitar",
    "jackson",
    "whatever",
    "mickey",
    "chicken",
    "sparky",
    "snoopy",
    "maverick",
    "phoenix",
    "camaro",
    "peanut",
    "morgan",
    "welcome",
    "falcon",
    "cowboy",
    "ferrari",
    "samsung",
    "andrea",
    "smokey",
    "steelers",
    "joseph",
    "mercedes",
    "dakota",
    "arsenal",
    "eagles",
    "melissa",
    "boomer",
    "spider",
    "monster",
    "tigers",
    "yellow",
    "123123123",
    "purple",
    "banana",
    "junior",
    "hannah",
    "123654",
    "porsche",
    "money",
    "london",
    "tennis",
    "999999",
    "coffee",
    "0000",
    "boston",
    "q1w2e3r4",
    "mother",
    "forever",
    "oliver",
    "player",
    "midnight",
    "please",
    "angel",
    "flower",
    "rabbit",
    "wizard",
    "winner",
    "1q2w3e4r",
    "winter",
    "pokemon",
    "password1",
    "qwerty123",
    "asdf",
    "asdfghjkl",
    "passw0rd",
    "changeme",
    "welcome1",
    "password123",
    "admin",
    "administrator",
    "root",
    "login",
    "guest",
    "user",
    "default",
    "letmein1",
    "qwerty1",
    "iloveyou1",
    "princess1",
    "monkey1",
    "abcd1234",
    "spring",
    "autumn",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "friday",
    "sunday",
    "company",
    "office",
    "secure",
    "private",
    "family",
    "football1",
    "baseball1",
    "sunshine1",
    "superman1",
    "azerty",
    "dragon1",
    "master1",
    "hello123",
    "admin123",
    "test123",
    "pass123",
    "temp",
    "temporary",
    "newpassword",
    "mypassword",
    "passwort",
    "motdepasse",
    "contrasena",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_is_case_insensitive() {
        let list = CommonPasswords::from_text("Password\nqwerty\r\n\nDragon\n");
        assert_eq!(list.len(), 3);
        assert!(list.contains("password"));
        assert!(list.contains("PASSWORD"));
        assert!(list.contains("PaSsWoRd"));
        assert!(list.contains("dragon"));
        assert!(list.contains("QWERTY"));
        assert!(!list.contains("password1"));
        assert!(!list.contains("passwor"));
        assert!(!list.contains(""));
    }

    #[test]
    fn rank_follows_file_order_and_keeps_first_duplicate() {
        let list = CommonPasswords::from_text("123456\npassword\nPASSWORD\nqwerty\n");
        assert_eq!(list.len(), 3);
        assert_eq!(list.rank("123456"), Some(1));
        assert_eq!(list.rank("Password"), Some(2));
        assert_eq!(list.rank("qwerty"), Some(4));
        assert_eq!(list.rank("letmein"), None);
    }

    #[test]
    fn probe_reports_longer_entries() {
        let list = CommonPasswords::from_text("pass\npassword\nabc\n");
        assert_eq!(
            list.probe("pa"),
            Probe {
                rank: None,
                longer: true
            }
        );
        assert_eq!(
            list.probe("pass"),
            Probe {
                rank: Some(1),
                longer: true
            }
        );
        assert_eq!(
            list.probe("password"),
            Probe {
                rank: Some(2),
                longer: false
            }
        );
        assert_eq!(
            list.probe("abc"),
            Probe {
                rank: Some(3),
                longer: false
            }
        );
        assert_eq!(
            list.probe("zz"),
            Probe {
                rank: None,
                longer: false
            }
        );
        // Narrowing: the range for "pa" holds "pass" and "password"; "pas" narrows within it.
        let (probe, range) = list.narrow(0..list.len(), "pa");
        assert_eq!(
            probe,
            Probe {
                rank: None,
                longer: true
            }
        );
        assert_eq!(range.len(), 2);
        let (probe, range) = list.narrow(range, "pass");
        assert_eq!(
            probe,
            Probe {
                rank: Some(1),
                longer: true
            }
        );
        let (probe, range) = list.narrow(range, "passw");
        assert_eq!(
            probe,
            Probe {
                rank: None,
                longer: true
            }
        );
        assert_eq!(range.len(), 1);
        let (probe, range) = list.narrow(range, "passx");
        assert_eq!(
            probe,
            Probe {
                rank: None,
                longer: false
            }
        );
        assert!(range.is_empty());
    }

    #[test]
    fn builtin_list_is_usable() {
        let b = CommonPasswords::builtin();
        assert!(b.len() > 200, "built-in list has {} entries", b.len());
        assert_eq!(b.rank("123456"), Some(1));
        assert_eq!(b.rank("PASSWORD"), Some(2));
        assert!(b.contains("password123"));
        assert!(!b.contains("correct horse battery staple"));
    }

    #[test]
    fn empty_list() {
        let list = CommonPasswords::from_text("");
        assert!(list.is_empty());
        assert!(!list.contains("password"));
        assert_eq!(format!("{list:?}"), "CommonPasswords { len: 0 }");
    }
}
