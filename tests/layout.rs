//! The code's layout, as ARCHITECTURE.md states it: the rooms depend one way
//! (`ui → auth → cognito → cognito_crypto`), and pages stay small enough for a newcomer to change
//! (no file under `src/ui/pages` over 300 lines, no `view!` there over 80; the numbers printed).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 300;
const MAX_VIEW_LINES: usize = 80;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The length in lines of each `view! { … }` in `source`, by brace matching.
fn view_lengths(source: &str) -> Vec<usize> {
    let mut lengths = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("view! {") {
        let body = &rest[at + "view! ".len()..];
        let mut depth = 0usize;
        let mut end = body.len();
        for (i, c) in body.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        lengths.push(body[..end].lines().count());
        // Nested views are counted inside their parent, and again on their own.
        rest = &body[1..];
    }
    lengths
}

#[test]
fn every_page_file_and_view_is_small() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/pages");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    assert!(files.len() > 5, "no pages found under {}", root.display());
    let mut over = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap_or_default();
        let lines = source.lines().count();
        let largest = view_lengths(&source).into_iter().max().unwrap_or(0);
        let name = file.strip_prefix(&root).unwrap_or(file).display();
        println!("{name}: {lines} lines, largest view! {largest} lines");
        if lines > MAX_FILE_LINES {
            over.push(format!("{name}: {lines} lines (at most {MAX_FILE_LINES})"));
        }
        if largest > MAX_VIEW_LINES {
            over.push(format!(
                "{name}: a view! of {largest} lines (at most {MAX_VIEW_LINES})"
            ));
        }
    }
    assert!(over.is_empty(), "split these:\n{}", over.join("\n"));
}

#[test]
fn the_view_measure_counts_a_views_lines() {
    let source = "fn a() {\n    view! {\n        <p>{x}</p>\n        <p>{y}</p>\n    }\n}\n";
    assert_eq!(view_lengths(source), [4]);
}

/// Which room may not name which: a room names only the rooms after it.
#[test]
fn the_rooms_depend_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rules: [(&str, &[&str]); 3] = [
        ("ui", &["crate::cognito"]),
        ("auth", &["crate::ui", "leptos"]),
        ("cognito", &["crate::ui", "crate::auth", "leptos"]),
    ];
    let mut broken = Vec::new();
    for (room, forbidden) in rules {
        let mut files = Vec::new();
        rust_files(&src.join(room), &mut files);
        assert!(!files.is_empty(), "no files in src/{room}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for name in forbidden {
                if text.contains(name) {
                    broken.push(format!("{} names {name}", file.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}
