//! The shape of the code: a module imports only from the floors below it (see `src/lib.rs`).
//! This reads every file under `src/` and fails on any `crate::…` path that reaches a higher
//! floor, so "data flows one way" stays true as flows are added.

use std::path::{Path, PathBuf};

/// The floors, from the ground up.
const FLOORS: &[&str] = &[
    "policy",
    "domain",
    "i18n",
    "server",
    "api",
    "components",
    "pages",
    "app",
    "http",
    "cli",
];

fn floor_of(module: &str) -> Option<usize> {
    FLOORS.iter().position(|f| *f == module)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file names as `crate::NAME`.
fn crate_paths(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // `crate::{a, b}` names several at once.
            if name.is_empty() && after.starts_with('{') {
                let inner = &after[1..after.find('}').unwrap_or(after.len())];
                for part in inner.split(',') {
                    let part: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !part.is_empty() {
                        names.push(part);
                    }
                }
            } else if !name.is_empty() {
                names.push(name);
            }
            rest = after;
        }
    }
    names
}

#[test]
fn no_module_imports_a_higher_floor() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut upward = Vec::new();
    let mut checked = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        // lib.rs and main.rs are the roots: they may name anything.
        let Some(own) = floor_of(&top) else { continue };
        checked += 1;
        let source = std::fs::read_to_string(file).unwrap();
        for name in crate_paths(&source) {
            if let Some(target) = floor_of(&name) {
                if target > own {
                    upward.push(format!("{} uses crate::{name}", relative.display()));
                }
            }
        }
    }
    assert!(checked > 50, "the layout test read only {checked} files");
    assert!(
        upward.is_empty(),
        "imports that run up a floor:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_reader_finds_every_form_of_path() {
    assert_eq!(
        crate_paths("use crate::{domain::AppError, i18n};\nlet x = crate::api::reset::RESET_PAGE; // crate::pages"),
        ["domain", "i18n", "api"]
    );
}
