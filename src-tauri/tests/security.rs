//! The window's security settings, read from the files that ship: a loosened policy fails
//! here before it ships.

use serde_json::Value;
use std::path::Path;

fn read_json(rel: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The CSP as directive → sources.
fn csp() -> Vec<(String, Vec<String>)> {
    let conf = read_json("tauri.conf.json");
    let csp = &conf["app"]["security"]["csp"];
    let map = csp
        .as_object()
        .expect("the CSP is written as an object of directives");
    map.iter()
        .map(|(k, v)| {
            let sources = v
                .as_str()
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            (k.clone(), sources)
        })
        .collect()
}

fn directive(name: &str) -> Vec<String> {
    csp()
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("the CSP has no {name}"))
}

#[test]
fn scripts_come_only_from_the_app() {
    assert_eq!(directive("script-src"), ["'self'"]);
    assert_eq!(directive("default-src"), ["'self'"]);
    assert_eq!(directive("object-src"), ["'none'"]);
    assert_eq!(directive("base-uri"), ["'none'"]);
    assert_eq!(directive("frame-ancestors"), ["'none'"]);
}

#[test]
fn nothing_unsafe_and_no_remote_origin() {
    for (name, sources) in csp() {
        for s in &sources {
            assert!(!s.contains("unsafe-"), "{name} allows {s}");
            assert!(
                s != "*" && !s.starts_with("https:") && s != "http:" && s != "data:"
                    || (name == "img-src" && s == "data:"),
                "{name} allows {s}"
            );
            if s.starts_with("http://") || s.starts_with("https://") {
                assert!(
                    s == "http://ipc.localhost",
                    "{name} allows the remote origin {s}"
                );
            }
        }
    }
    let conf = read_json("tauri.conf.json");
    assert!(conf["app"]["security"]["dangerousDisableAssetCspModification"].is_null());
    assert!(
        conf["app"]["withGlobalTauri"].as_bool() != Some(true),
        "no global __TAURI__ object"
    );
}

#[test]
fn capabilities_grant_only_what_the_app_uses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        files += 1;
        let cap: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(
            cap["remote"].is_null(),
            "{}: no remote origin may call the app",
            path.display()
        );
        for p in cap["permissions"].as_array().unwrap() {
            let id = p
                .as_str()
                .or_else(|| p["identifier"].as_str())
                .unwrap_or_default();
            let allowed = ["core:event:allow-listen", "core:event:allow-unlisten"];
            assert!(
                allowed.contains(&id),
                "{}: the permission {id} is not one the app needs",
                path.display()
            );
            for forbidden in ["shell", "fs:", "http:", "process", "opener", "dialog"] {
                assert!(!id.contains(forbidden), "{}: grants {id}", path.display());
            }
        }
    }
    assert_eq!(files, 1, "one capability file, for the main window");
}

#[test]
fn the_front_end_never_injects_html_from_strings() {
    fn walk(dir: &Path, hits: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with("node_modules") && !p.ends_with("dist") {
                    walk(&p, hits);
                }
            } else if p
                .extension()
                .is_some_and(|x| x == "svelte" || x == "ts" || x == "js")
            {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                for (n, line) in text.lines().enumerate() {
                    for bad in [
                        "{@html",
                        "innerHTML",
                        "outerHTML",
                        "insertAdjacentHTML",
                        "document.write",
                    ] {
                        // Tests may check that these are absent; they never use them to render.
                        if line.contains(bad) && !p.to_string_lossy().contains(".test.") {
                            hits.push(format!("{}:{}: {}", p.display(), n + 1, line.trim()));
                        }
                    }
                }
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src");
    assert!(src.is_dir(), "the front end is in ui/src");
    let mut hits = Vec::new();
    walk(&src, &mut hits);
    assert!(
        hits.is_empty(),
        "HTML injected from strings:\n{}",
        hits.join("\n")
    );
}
