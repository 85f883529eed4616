//! Data never becomes markup; text is normalised; output is reproducible and archival; every
//! template stands alone.

use serde_json::json;
use unicode_normalization::UnicodeNormalization;

use crate::common::{SAMPLE_PDF, facts, flat, pdftotext, render, root, run_tool, sample, temp_pdf};

#[test]
fn typst_markup_in_data_is_printed_literally() {
    crate::needs_checkers!();
    let nasty = r#"#read("/etc/passwd") *đậm* _nghiêng_ $x^2$ [a] \n \ @ref <lbl> // c /* d */ `e` #let f = 1"#;
    let mut d = sample();
    d["nominees"][0]["summary"] = json!(nasty);
    d["agency"]["name"] = json!("Trường *A* #emph[B] $C$");
    d["proposals"][0]["body"] = json!([nasty]);
    d["wording"] = json!({"to-trinh": {"closing": "Kính trình {{ award.grantor }} <xem xét> [quyết định] #sys"}});
    let docs = render(&d);
    let text = flat(&docs[0].pdf);
    assert!(flat(&docs.last().unwrap().pdf).contains(r#"#read("/etc/passwd")"#), "the complete dossier too");
    for piece in [
        r#"#read("/etc/passwd")"#,
        "*đậm*",
        "_nghiêng_",
        "$x^2$",
        "[a]",
        r"\n \ @ref <lbl>",
        "// c /* d */",
        "`e`",
        "#let f = 1",
    ] {
        assert!(text.contains(piece), "{piece:?} missing from:\n{text}");
    }
    assert!(text.contains("TRƯỜNG *A* #EMPH[B] $C$"), "header shows the agency literally");
    assert!(text.contains(
        "Kính trình Giám đốc Sở Lao động - Thương binh và Xã hội tỉnh Khánh Hòa <xem xét> [quyết định] #sys./."
    ));
    assert!(!text.contains("root:x:0:0"), "no file was read");
}

#[test]
fn decomposed_input_comes_out_composed() {
    crate::needs_checkers!();
    let mut d = sample();
    let nfd_name: String = "Nguyễn Thị Hồng Nhung".nfd().collect();
    let nfd_place: String = "Khánh Vĩnh".nfd().collect();
    assert_ne!(nfd_name, "Nguyễn Thị Hồng Nhung");
    d["nominees"][2]["name"] = json!(format!("  {nfd_name} "));
    d["agency"]["place"] = json!(nfd_place);
    let docs = render(&d);
    let text = pdftotext(&docs[0].pdf);
    assert!(text.contains("Nguyễn Thị Hồng"), "NFC name in the list");
    assert!(text.contains("Khánh Vĩnh, ngày 05 tháng 12 năm 2023"));
    assert_eq!(text.nfc().collect::<String>(), text, "every character is NFC");
}

#[test]
fn output_is_byte_identical_across_runs() {
    let a = crate::common::render_only(&sample(), None);
    let b = &*crate::common::SAMPLE;
    assert_eq!(a.documents.len(), b.documents.len());
    for (x, y) in a.documents.iter().zip(&b.documents) {
        assert_eq!(x.file_name, y.file_name);
        assert!(x.pdf == y.pdf, "{} differs between runs", x.file_name);
    }
    assert_eq!(a.manifest, b.manifest);
}

#[test]
fn pdf_is_archival_with_metadata() {
    crate::needs_checkers!();
    let f = facts(&SAMPLE_PDF);
    let m = &f["metadata"];
    assert_eq!(
        m["title"],
        "Về việc đề nghị tặng Giấy khen của Giám đốc Sở Lao động - Thương binh và Xã hội tỉnh Khánh Hòa"
    );
    assert_eq!(m["author"], "Trường Trung cấp nghề Dân tộc nội trú Khánh Vĩnh");
    assert!(m["creationDate"].as_str().unwrap().starts_with("D:20231205"), "dated with the letter: {m}");
    let file = temp_pdf(&SAMPLE_PDF);
    let script = r#"
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
meta = pdf.open_metadata()
print(pdf.Root.Lang)
print(meta.get("pdfaid:part"), meta.get("pdfaid:conformance"))
print(meta.get("dc:title"))
"#;
    let out = run_tool("python3", &["-c", script, file.path().to_str().unwrap()]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "vi", "document language");
    assert_eq!(lines[1], "2 B", "PDF/A-2b");
    assert!(lines[2].contains("Về việc đề nghị tặng Giấy khen"));
    let fonts = run_tool("pdffonts", &[file.path().to_str().unwrap()]);
    for l in fonts.lines().skip(2) {
        assert!(l.contains("LiberationSerif"), "only the compiled-in face: {l}");
        let cols: Vec<&str> = l.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "embedded: {l}");
    }
    let check = std::process::Command::new("qpdf")
        .args(["--check", file.path().to_str().unwrap()])
        .output()
        .expect("qpdf installed");
    assert!(check.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&check.stdout));
}

/// Each form compiles as the stock `typst` CLI would see it (`--root forms`, no inputs),
/// reading its own `sample.json`; and that sample is what `hoso view` makes of the shipped
/// sample dossier, so template authors iterate on real data.
#[test]
fn every_template_stands_alone_on_its_sample() {
    let forms = root().join("forms");
    let engine =
        hoso::Engine::with_options(&hoso::EngineOptions { forms_dir: Some(forms.clone()), font_dirs: vec![] }).unwrap();
    // Every view any shipped sample makes of each form.
    let samples: Vec<hoso::Checked> = crate::common::sample_paths()
        .iter()
        .map(|p| engine.check_file(p).unwrap().unwrap_or_else(|e| panic!("{}: {e}", p.display())))
        .collect();
    for form in engine.forms() {
        let pages = engine.compile_sample(&form.id).unwrap_or_else(|e| panic!("{}: {e}", form.id));
        assert!(pages > 0);
        let path = forms.join(&form.dir).join("sample.json");
        let sample_json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let fresh =
            samples.iter().any(|c| engine.template_data(c, &form.id).unwrap().iter().any(|v| v.data == sample_json));
        assert!(
            fresh,
            "forms/{}/sample.json is stale: run `hoso view samples/<sample>.json --form {} [--nominee ID] > forms/{}/sample.json`",
            form.id, form.id, form.id
        );
    }
}

/// Guards the host seam: outside `host.rs` (reads), `output.rs` and `serve/workspace.rs`
/// (writes, each confined to its folder) and `serve/upload.rs` (the service's temporary
/// folders), no module of the library touches the file system, the environment, the clock,
/// the network or the random source directly (tests and the command line aside).
#[test]
fn every_outside_read_goes_through_the_host_seam() {
    let allowed = ["host.rs", "output.rs", "serve/workspace.rs", "serve/upload.rs"];
    let src = root().join("src");
    let mut offenders = Vec::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        if !rel.ends_with(".rs")
            || allowed.contains(&rel.as_str())
            || rel.starts_with("cli/")
            || rel.starts_with("bin/")
            || rel == "main.rs"
            || rel == "bench.rs"
        {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        // What the module's tests do is theirs.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            let line = line.trim_start();
            if line.starts_with("//") {
                continue;
            }
            for call in [
                "std::fs::",
                "fs::File::open",
                "std::env::var",
                "Instant::now",
                "SystemTime::now",
                "Utc::now",
                "Local::now",
                "ureq::",
                "OsRng",
                "getrandom::",
            ] {
                if line.contains(call) {
                    offenders.push(format!("src/{rel}:{}: {line}", n + 1));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "outside the host seam:\n{}", offenders.join("\n"));
}

/// Guards the repository against build leftovers: no compiled Python (a `.pyc` under
/// `tests/browser/` was once committed) nor other generated file is tracked.
#[test]
fn no_build_leftovers_are_committed() {
    let Ok(o) = std::process::Command::new("git").args(["ls-files"]).current_dir(root()).output() else { return };
    let files = String::from_utf8_lossy(&o.stdout);
    let leftovers: Vec<&str> = files
        .lines()
        .filter(|f| f.ends_with(".pyc") || f.contains("__pycache__/") || f.starts_with("target/"))
        .collect();
    assert!(leftovers.is_empty(), "tracked leftovers: {leftovers:?}");
}

/// Guards the forms' metadata against a key nothing reads: `per` (once parsed from every
/// `form.toml` and wrong for the decision) is refused, since the part decides how many
/// documents a form makes.
#[test]
fn form_metadata_has_no_unread_per_key() {
    for entry in walkdir::WalkDir::new(root().join("forms")) {
        let entry = entry.unwrap();
        if entry.file_name() == "form.toml" {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(!text.lines().any(|l| l.trim_start().starts_with("per ")), "{}", entry.path().display());
        }
    }
}

/// Guards the layering: no two files of the library import each other, and no group of them
/// does in a circle (the command line and the benchmark aside). A file imports another when it
/// names it by a `crate::` or `super::` path (comments aside), or, being a `mod.rs`, by a child's
/// name.
#[test]
fn no_two_files_import_each_other() {
    use std::collections::{BTreeMap, BTreeSet};
    let src = root().join("src");
    let mut files: BTreeMap<Vec<String>, String> = BTreeMap::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        if !rel.ends_with(".rs")
            || rel.starts_with("cli/")
            || rel.starts_with("bin/")
            || rel == "main.rs"
            || rel == "bench.rs"
        {
            continue;
        }
        let mut parts: Vec<String> = rel.trim_end_matches(".rs").split('/').map(String::from).collect();
        if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
            parts.pop();
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        files.insert(parts, rel.clone());
        texts.insert(rel, code);
    }
    let resolve =
        |path: &[String]| -> Option<String> { (1..=path.len()).rev().find_map(|k| files.get(&path[..k]).cloned()) };
    let module_of =
        |rel: &str| -> Vec<String> { files.iter().find(|(_, r)| *r == rel).map(|(p, _)| p.clone()).unwrap() };
    let words = |s: &str| -> Vec<String> {
        s.split("::")
            .map(|w| {
                w.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit()).collect::<String>()
            })
            .take_while(|w| !w.is_empty())
            .collect()
    };
    let mut edges: BTreeSet<(String, String)> = BTreeSet::new();
    for (rel, code) in &texts {
        let me = module_of(rel);
        let parent: Vec<String> = me[..me.len().saturating_sub(1)].to_vec();
        let mut add = |to: Option<String>| {
            if let Some(to) = to.filter(|t| t != rel) {
                edges.insert((rel.clone(), to));
            }
        };
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + 7..];
            if let Some(group) = rest.strip_prefix('{') {
                for item in group.split('}').next().unwrap_or_default().split(',') {
                    add(resolve(&words(item.trim())));
                }
            } else {
                add(resolve(&words(rest)));
            }
        }
        for (at, _) in code.match_indices("super::") {
            let rest = &code[at + 7..];
            let mut base = parent.clone();
            if rel.ends_with("mod.rs") {
                base.pop();
            }
            if let Some(group) = rest.strip_prefix('{') {
                for item in group.split('}').next().unwrap_or_default().split(',') {
                    let mut p = base.clone();
                    p.extend(words(item.trim()));
                    add(resolve(&p));
                }
            } else {
                let mut p = base.clone();
                p.extend(words(rest));
                add(resolve(&p));
            }
        }
        if rel.ends_with("mod.rs") || rel == "lib.rs" {
            for (child, _) in files.iter().filter(|(p, _)| p.len() == me.len() + 1 && p.starts_with(&me)) {
                let name = child.last().unwrap();
                let named = code.match_indices(&format!("{name}::")).any(|(at, _)| {
                    at == 0 || !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':')
                });
                if named {
                    add(files.get(child).cloned());
                }
            }
        }
    }
    // Cycles: a file that reaches itself.
    let next: BTreeMap<&str, Vec<&str>> = edges.iter().fold(BTreeMap::new(), |mut m, (a, b)| {
        m.entry(a.as_str()).or_default().push(b.as_str());
        m
    });
    let mut circles = Vec::new();
    for start in texts.keys() {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<(&str, Vec<&str>)> = vec![(start.as_str(), vec![start.as_str()])];
        while let Some((at, path)) = todo.pop() {
            for &to in next.get(at).into_iter().flatten() {
                if to == start {
                    circles.push(path.join(" → ") + " → " + start);
                } else if seen.insert(to) {
                    let mut p = path.clone();
                    p.push(to);
                    todo.push((to, p));
                }
            }
        }
    }
    circles.sort();
    circles.dedup();
    assert!(circles.is_empty(), "files import one another in a circle:\n{}", circles.join("\n"));
}
