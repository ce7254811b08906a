//! Every key of every message catalogue exists in both languages, with the same values to
//! fill in: a missing translation fails here rather than showing English in a German page.

use std::collections::BTreeSet;
use std::path::Path;

/// Each key of a catalogue file as a dotted path, with the names of the values it takes.
fn keys(value: &serde_json::Value, prefix: &str, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                keys(value, &path, out);
            }
        }
        serde_json::Value::String(text) => {
            let mut fills: Vec<&str> = text
                .split("{{")
                .skip(1)
                .filter_map(|rest| rest.split("}}").next())
                .map(str::trim)
                .collect();
            fills.sort_unstable();
            assert!(!text.trim().is_empty(), "{prefix} is empty");
            out.insert(format!("{prefix} ({})", fills.join(", ")));
        }
        other => panic!("{prefix}: a catalogue holds text, not {other}"),
    }
}

fn catalogue(language: &str, namespace: &str) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(language)
        .join(format!("{namespace}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut out = BTreeSet::new();
    keys(&value, "", &mut out);
    out
}

#[test]
fn every_key_is_in_both_languages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/en");
    let mut namespaces: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .replace(".json", "")
        })
        .collect();
    namespaces.sort();
    assert!(namespaces.len() >= 8, "{namespaces:?}");
    let mut total = 0;
    for namespace in &namespaces {
        let english = catalogue("en", namespace);
        let german = catalogue("de", namespace);
        let missing: Vec<_> = english.difference(&german).collect();
        let extra: Vec<_> = german.difference(&english).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{namespace}: German lacks {missing:?}; German has keys English lacks: {extra:?}"
        );
        total += english.len();
    }
    println!(
        "catalogues: {} namespaces, {total} keys in each language",
        namespaces.len()
    );
}
