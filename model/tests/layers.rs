//! The engine's layers, held by a test: each folder of `model/src` is a layer, and a module may use
//! only modules of its own layer or of a layer below it. Two modules that use each other (or any
//! longer circle) fail too, so each can be read, and changed, without the other.
//!
//! | rank | folder | what is inside |
//! |---|---|---|
//! | 1 | `domain` | the rules and the arithmetic |
//! | 2 | `simulation` | the workspace, its commands, replay |
//! | 3 | `formats` | text in and out |
//! | 4 | `training` | exercises, grading, class codes, training files |
//! | 5 | `app` | what the browser shell holds and asks |
//!
//! Code inside `#[cfg(test)]` is left out: a module's own tests may build a demo workspace.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const LAYERS: &[&str] = &["domain", "simulation", "formats", "training", "app"];

/// `layer::module` for every module file (`layer::folder::module` inside a layer's subfolder, as
/// `formats::azure::paths`), with its source outside `#[cfg(test)]`.
fn modules() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeMap::new();
    for layer in LAYERS {
        let folder = root.join(layer);
        assert!(folder.is_dir(), "the layer folder src/{layer} is missing");
        collect(&folder, layer, &mut found);
    }
    found
}

/// The modules in `folder` and its subfolders, named under `prefix`.
fn collect(folder: &Path, prefix: &str, found: &mut BTreeMap<String, String>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", folder.display()))
        .map(|entry| entry.expect("a readable folder").path())
        .collect();
    entries.sort();
    for path in entries {
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("a UTF-8 file name").to_string();
        if path.is_dir() {
            collect(&path, &format!("{prefix}::{stem}"), found);
        } else if path.extension().is_some_and(|e| e == "rs") && stem != "mod" {
            let text = fs::read_to_string(&path).expect("a readable source file");
            found.insert(format!("{prefix}::{stem}"), outside_tests(&text));
        }
    }
}

/// The text before the first `#[cfg(test)]` that starts a line (the engine keeps its unit tests
/// at the end of each file), without its comment lines: a doc link to a module is no use of it.
fn outside_tests(text: &str) -> String {
    let code = match text.find("\n#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    code.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

fn rank(module: &str) -> usize {
    let layer = module.split("::").next().expect("a layer");
    LAYERS.iter().position(|l| *l == layer).expect("a known layer") + 1
}

/// The modules `source` names by `crate::layer::module` (or `crate::layer::folder::module`).
fn uses(source: &str, known: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for (at, _) in source.match_indices("crate::") {
        let rest = &source[at + "crate::".len()..];
        let path: String =
            rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':').collect();
        let parts: Vec<&str> = path.split("::").collect();
        // The longest start of the path that is a module: `formats::azure::paths::key` is
        // `formats::azure::paths`.
        if let Some(name) =
            (2..=parts.len()).rev().map(|n| parts[..n].join("::")).find(|name| known.contains_key(name))
        {
            used.insert(name);
        }
    }
    used
}

#[test]
fn no_module_uses_a_layer_above_its_own() {
    let modules = modules();
    assert!(
        modules.len() > 20,
        "found only {} modules: is the folder layout what LAYERS says?",
        modules.len()
    );
    let mut wrong = Vec::new();
    for (module, source) in &modules {
        for used in uses(source, &modules) {
            if rank(&used) > rank(module) {
                wrong.push(format!("{module} (layer {}) uses {used} (layer {})", rank(module), rank(&used)));
            }
        }
        if source.contains("super::") {
            wrong.push(format!("{module} names a module by super::, which this test cannot follow"));
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n  {}", wrong.join("\n  "));
}

#[test]
fn no_two_modules_depend_on_each_other_even_through_others() {
    let modules = modules();
    let graph: BTreeMap<&str, BTreeSet<String>> = modules
        .iter()
        .map(|(m, source)| {
            let mut used = uses(source, &modules);
            used.remove(m);
            (m.as_str(), used)
        })
        .collect();
    // A depth-first search; a module met again while still on the path closes a circle.
    fn visit<'a>(
        at: &'a str,
        graph: &'a BTreeMap<&'a str, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
        circles: &mut Vec<String>,
    ) {
        if let Some(start) = path.iter().position(|m| *m == at) {
            let mut circle = path[start..].to_vec();
            circle.push(at);
            circles.push(circle.join(" → "));
            return;
        }
        if !done.insert(at) {
            return;
        }
        path.push(at);
        for next in &graph[at] {
            visit(next, graph, path, done, circles);
        }
        path.pop();
    }
    let mut circles = Vec::new();
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new(), &mut done, &mut circles);
    }
    assert!(circles.is_empty(), "modules in a circle:\n  {}", circles.join("\n  "));
}

#[test]
fn a_doc_link_is_not_a_use() {
    let source = outside_tests(
        "//! See [`crate::app::session`].\n/// [`crate::formats::plain`]\nuse crate::domain::money::Money;\n",
    );
    let mut modules = BTreeMap::new();
    for m in ["app::session", "formats::plain", "domain::money"] {
        modules.insert(m.to_string(), String::new());
    }
    assert_eq!(uses(&source, &modules).into_iter().collect::<Vec<_>>(), ["domain::money"]);
}

#[test]
fn the_modules_of_a_subfolder_are_layered_too() {
    // `formats/azure/` is read: its modules are named with the folder, and a use of one is seen.
    let modules = modules();
    assert!(modules.contains_key("formats::azure::paths"), "{:?}", modules.keys().collect::<Vec<_>>());
    let used = uses("use crate::formats::azure::paths::{key, day};", &modules);
    assert_eq!(used.into_iter().collect::<Vec<_>>(), ["formats::azure::paths"]);
}

#[test]
fn the_test_sees_a_use_that_reaches_up() {
    // The checker itself must be able to fail: a domain module naming an app module is caught.
    let mut modules = BTreeMap::new();
    modules.insert("domain::money".to_string(), "use crate::app::session::Session;".to_string());
    modules.insert("app::session".to_string(), String::new());
    let used = uses(&modules["domain::money"], &modules);
    assert_eq!(used.into_iter().collect::<Vec<_>>(), ["app::session"]);
    assert!(rank("app::session") > rank("domain::money"));
}
