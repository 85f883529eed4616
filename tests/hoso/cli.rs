//! The command line: exit codes 0 / 1 / 2 / 3 / 4, and what each subcommand prints.

use std::process::{Command, Output};

use crate::common::{golden, root, sample_path};

fn hoso(args: &[&str]) -> Output {
    crate::common::cli().args(args).current_dir(root()).output().unwrap()
}

#[test]
fn check_accepts_the_sample() {
    let o = hoso(&["check", sample_path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ok (7 nominees, 1 evidence files)"));
}

#[test]
fn check_lists_problems_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"format": "hoso/1", "agency": {"name": 1}}"#).unwrap();
    let o = hoso(&["check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr).replace(bad.to_str().unwrap(), "bad.json");
    golden("check-bad.txt", &err);
    // Vietnamese by default (no --lang, no HOSO_LANG, a locale that is not English) and with
    // --lang vi: the same words.
    let vi = std::process::Command::new(crate::common::bin())
        .args(["check", bad.to_str().unwrap()])
        .env_remove("HOSO_LANG")
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap();
    assert_eq!(vi.status.code(), Some(1));
    let vi_err = String::from_utf8_lossy(&vi.stderr).replace(bad.to_str().unwrap(), "bad.json");
    golden("check-bad.vi.txt", &vi_err);
    let flag = hoso(&["--lang", "vi", "check", bad.to_str().unwrap()]);
    assert_eq!(String::from_utf8_lossy(&flag.stderr).replace(bad.to_str().unwrap(), "bad.json"), vi_err);
}

/// Guards the help in both languages: Vietnamese by default, English with --lang en; every
/// command and option has its Vietnamese (see the catalogue's `help:` entries).
#[test]
fn help_speaks_vietnamese_and_english() {
    for (lang, file) in [("vi", "help.vi.txt"), ("en", "help.en.txt")] {
        let mut all = String::new();
        for args in [vec!["--help"], vec!["render", "--help"], vec!["import", "--help"]] {
            let o = hoso(&[&["--lang", lang][..], &args[..]].concat());
            assert_eq!(o.status.code(), Some(0));
            all.push_str(&format!("$ hoso {}\n{}\n", args.join(" "), String::from_utf8_lossy(&o.stdout)));
        }
        golden(file, &all);
    }
}

/// Guards the locale seam: an English locale without --lang speaks English, --lang wins.
#[test]
fn the_locale_chooses_the_language_and_lang_wins() {
    let run = |lang_env: &str, args: &[&str]| {
        let o = std::process::Command::new(crate::common::bin())
            .args(args)
            .env_remove("HOSO_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang_env)
            .current_dir(crate::common::root())
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let sample = crate::common::sample_path();
    let sample = sample.to_str().unwrap();
    assert!(run("en_US.UTF-8", &["check", sample]).contains(": ok (7 nominees, 1 evidence files)"));
    assert!(run("vi_VN.UTF-8", &["check", sample]).contains(": đạt (7 người được đề nghị, 1 tệp minh chứng)"));
    assert!(run("en_US.UTF-8", &["--lang", "vi", "check", sample]).contains(": đạt ("));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(hoso(&["check", "no/such/file.json"]).status.code(), Some(2));
    assert_eq!(hoso(&["render"]).status.code(), Some(2));
    assert_eq!(hoso(&["frobnicate"]).status.code(), Some(2));
    let out = tempfile::tempdir().unwrap();
    let o = hoso(&[
        "render",
        sample_path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--only",
        "no-such-form",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no form named \"no-such-form\""));
}

/// Guards the exit code of an internal failure: a template that does not lay out is a bug in
/// the forms, reported with the stage and the template's location, exit 3 (not 1, the data is
/// fine; not 2, the command was right), and nothing is written.
#[test]
fn a_broken_template_is_an_internal_failure_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let forms = dir.path().join("forms");
    for entry in walkdir::WalkDir::new(root().join("forms")) {
        let entry = entry.unwrap();
        let to = forms.join(entry.path().strip_prefix(root().join("forms")).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let doc = forms.join("bien-ban/document.typ");
    let text = std::fs::read_to_string(&doc).unwrap().replace("header(d.header)", "header(d.no-such-field)");
    std::fs::write(&doc, text).unwrap();
    let out = dir.path().join("out");
    let o = hoso(&[
        "render",
        sample_path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--forms",
        forms.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("layout failed for form \"ho-so\""), "{err}");
    assert!(err.contains("/bien-ban/document.typ:"), "{err}");
    assert!(!out.exists(), "nothing written");
}

/// Guards an unwritable output folder: exit 4, distinct from bad data and bad usage.
#[test]
fn an_unwritable_output_exits_4() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"not a folder").unwrap();
    let o = hoso(&["render", sample_path().to_str().unwrap(), "-o", blocker.join("out").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(4), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The clerk's tool lists the clerk's commands: no benchmark.
#[test]
fn help_lists_no_benchmark() {
    let o = hoso(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = String::from_utf8_lossy(&o.stdout).to_lowercase();
    assert!(help.contains("render") && help.contains("batch") && help.contains("check"), "{help}");
    assert!(!help.contains("bench"), "{help}");
}

#[test]
fn forms_lists_id_title_basis_validity() {
    let o = hoso(&["forms"]);
    assert_eq!(o.status.code(), Some(0));
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("to-trinh\tTờ trình đề nghị khen thưởng (kèm theo danh sách)"), "{s}");
    assert!(s.contains("legal basis: Nghị định 30/2020/NĐ-CP"));
    assert!(s.contains("valid: 05/03/2020 – —"));
}

#[test]
fn schema_is_json_schema_that_documents_every_field() {
    let o = hoso(&["schema"]);
    assert_eq!(o.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(schema["required"], serde_json::json!(["format", "agency", "authorities", "awards", "nominees"]));
    fn walk(v: &serde_json::Value, path: &str) {
        if let Some(props) = v.get("properties").and_then(|p| p.as_object()) {
            for (k, p) in props {
                let described = p.get("description").is_some() || p.get("$ref").is_some() || p.get("anyOf").is_some();
                assert!(described, "{path}.{k} has no description");
            }
        }
        if let Some(defs) = v.get("$defs").and_then(|d| d.as_object()) {
            for (k, d) in defs {
                walk(d, k);
            }
        }
    }
    walk(&schema, "");
}

#[test]
fn published_schema_file_is_current() {
    for (lang, file) in [("vi", "docs/dossier-v2.schema.json"), ("en", "docs/dossier-v2.schema.en.json")] {
        let o = hoso(&["--lang", lang, "schema"]);
        let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let published: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(root().join(file)).unwrap()).unwrap();
        assert!(printed == published, "{file} is stale: run `cargo run -- --lang {lang} schema > {file}`");
    }
}

/// Guards `hoso forms --json | head` and the like: a reader that stops early ends the command
/// quietly with success, not a panic on the broken pipe.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    for args in [&["forms", "--json"][..], &["schema"], &["forms"]] {
        let mut child = crate::common::cli()
            .args(args)
            .current_dir(root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte, then close the pipe, as `head -c 1` does.
        let mut stdout = child.stdout.take().unwrap();
        let mut one = [0u8; 1];
        std::io::Read::read_exact(&mut stdout, &mut one).unwrap();
        drop(stdout);
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(o.status.code() == Some(0) || o.status.code().is_none(), "{args:?}: {:?} {err}", o.status);
    }
}

/// Guards the messages for a file given where a folder is expected, and the reverse.
#[test]
fn a_file_for_a_folder_and_a_folder_for_a_file_are_told_apart() {
    let out = tempfile::tempdir().unwrap();
    let o = hoso(&["batch", sample_path().to_str().unwrap(), "-o", out.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is a file, not a folder") && err.contains("hoso render"), "{err}");
    let o = hoso(&["render", "samples", "-o", out.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is a folder, not a dossier file") && err.contains("hoso batch"), "{err}");
}

/// Guards `hoso batch . -o out`: the batch never finds its own output (manifests, report) on
/// a re-run.
#[test]
fn a_batch_ignores_its_own_output_inside_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_sample_files(dir.path());
    std::fs::write(dir.path().join("ho-so.json"), crate::common::sample().to_string()).unwrap();
    let run =
        || crate::common::cli().args(["batch", ".", "-o", "out", "--quiet"]).current_dir(dir.path()).output().unwrap();
    for expected in ["rendered 1, unchanged 0, failed 0, skipped 0", "rendered 0, unchanged 1, failed 0, skipped 0"] {
        let o = run();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(expected), "{err}");
    }
}

/// Guards dossier files as Vietnamese offices save them: UTF-16 (Notepad's "Unicode", both
/// byte orders) and Windows-1258 are read, with a note; a batch counts an unreadable dossier as
/// failed; bytes that are no text get the place of the first odd byte.
#[test]
fn dossiers_in_utf16_and_windows_1258_are_read_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_sample_files(dir.path());
    let text = crate::common::sample().to_string();
    for (name, le) in [("le.json", true), ("be.json", false)] {
        let mut bytes = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for u in text.encode_utf16() {
            bytes.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let o = hoso(&["check", dir.path().join(name).to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stderr).contains("UTF-16"), "{}", String::from_utf8_lossy(&o.stderr));
    }
    // Windows-1258: the sample's agency name, in a dossier otherwise ASCII.
    let mut d = crate::common::sample();
    d["agency"]["place"] = serde_json::json!("PLACE");
    let ascii = d.to_string().replace("PLACE", "\u{1}");
    let bytes: Vec<u8> = ascii
        .split('\u{1}')
        .enumerate()
        .flat_map(|(k, part)| {
            let mut v = if k > 0 { b"Kh\xE1nh V\xECnh".to_vec() } else { vec![] };
            v.extend(part.as_bytes());
            v
        })
        .collect();
    let cp = dir.path().join("cp1258.json");
    if std::str::from_utf8(&bytes).is_err() {
        std::fs::write(&cp, &bytes).unwrap();
        let o = hoso(&["check", cp.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("Windows-1258"), "{err}");
    }
    // Binary: refused with the place.
    let bin_file = dir.path().join("hong.json");
    std::fs::write(&bin_file, b"{\"format\": \"hoso/2\",\n  \"x\": \"\xFF\x00\xFE\"}").unwrap();
    let o = hoso(&["check", bin_file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 2, column 9"), "{err}");
    // A batch: the two UTF-16 files render; the binary one is a failure, not a skip.
    std::fs::remove_file(&cp).ok();
    let out = dir.path().join("out");
    let o = crate::common::cli()
        .args(["batch", dir.path().to_str().unwrap(), "-o", out.to_str().unwrap(), "--quiet"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("rendered 2, unchanged 0, failed 1"), "{err}");
}

/// Guards the generated extras: shell completions and the man page come from the command
/// definitions; `--version` names the engine and every form with its legal basis.
#[test]
fn completions_man_page_and_version_come_from_the_commands() {
    let o = hoso(&["completions", "bash"]);
    assert_eq!(o.status.code(), Some(0));
    let script = String::from_utf8_lossy(&o.stdout);
    assert!(script.contains("_hoso()") && script.contains("render"));
    let o = hoso(&["man"]);
    let page = String::from_utf8_lossy(&o.stdout);
    assert!(page.contains(".TH hoso 1") && page.contains("batch"), "{page}");
    let o = hoso(&["--version"]);
    let v = String::from_utf8_lossy(&o.stdout);
    assert!(v.starts_with("hoso 0.") && v.contains("Typst"), "{v}");
    for form in
        ["to-trinh — Nghị định 30/2020/NĐ-CP", "bao-cao-thanh-tich-nd152 — Nghị định 152/2025/NĐ-CP", "giay-khen"]
    {
        assert!(v.contains(form), "{form} in {v}");
    }
}

/// Guards the schema as an editor enforces it: the samples pass an independent validator
/// (check-jsonschema), and each mistake below is refused by it as by `hoso check` — an
/// impossible date, a 12-hour time, a nominee id with diacritics, a number with letters, a
/// coefficient out of bounds.
#[test]
fn an_independent_validator_refuses_what_hoso_check_refuses() {
    crate::needs_checkers!();
    let dir = tempfile::tempdir().unwrap();
    let schema = root().join("docs/dossier-v2.schema.json");
    let validate = |file: &std::path::Path| {
        Command::new("check-jsonschema")
            .args(["--schemafile", schema.to_str().unwrap(), file.to_str().unwrap()])
            .output()
            .unwrap()
    };
    for sample in crate::common::sample_paths() {
        let o = validate(&sample);
        assert!(o.status.success(), "{}: {}", sample.display(), String::from_utf8_lossy(&o.stdout));
    }
    let edited = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut d = crate::common::sample();
        edit(&mut d);
        d
    };
    // The 2025 sample has prize coefficients.
    let s2025: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("samples/vi-nguoi-ngheo-2025.json")).unwrap())
            .unwrap();
    let mut cases: Vec<(&str, serde_json::Value)> = vec![
        ("date 31/11", edited(&|d| d["minutes"]["date"] = serde_json::json!("31/11/2023"))),
        ("time 2:00 PM", edited(&|d| d["minutes"]["start"] = serde_json::json!("2:00 PM"))),
        ("id with diacritics", edited(&|d| d["nominees"][0]["id"] = serde_json::json!("phòng-đào-tạo"))),
        ("number with letters", edited(&|d| d["proposals"][0]["number"] = serde_json::json!("5a"))),
    ];
    let mut big = s2025.clone();
    big["awards"][1]["prize"]["individual"] = serde_json::json!("150");
    cases.push(("coefficient 150", big));
    for (what, d) in cases {
        let file = dir.path().join("d.json");
        std::fs::write(&file, d.to_string()).unwrap();
        let o = validate(&file);
        assert!(!o.status.success(), "check-jsonschema accepted {what}");
        let refused = crate::common::ENGINE.check_in(&d.to_string(), Some(&crate::common::samples_dir())).is_err();
        assert!(refused, "hoso check accepted {what}");
    }
}

/// Guards `hoso carry-over`: on each sample, next year's dossier keeps the agency, the council,
/// the signers and the legal bases, and `hoso check` reports only the fields it cleared.
#[test]
fn carry_over_leaves_only_the_cleared_fields_to_fill() {
    let dir = tempfile::tempdir().unwrap();
    for sample in crate::common::sample_paths() {
        let next = dir.path().join("next.json");
        let o = hoso(&["carry-over", sample.to_str().unwrap(), "-o", next.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let last: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sample).unwrap()).unwrap();
        let new: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&next).unwrap()).unwrap();
        assert_eq!(new["agency"], last["agency"]);
        assert_eq!(new["minutes"]["members"], last["minutes"]["members"]);
        assert_eq!(new["proposals"][0]["signer"], last["proposals"][0]["signer"]);
        assert_eq!(new["proposals"][0]["legal_bases"], last["proposals"][0]["legal_bases"]);
        assert_eq!(new["nominees"].as_array().unwrap().len(), last["nominees"].as_array().unwrap().len());
        let text = std::fs::read_to_string(&next).unwrap();
        let problems = crate::common::ENGINE.check_in(&text, Some(&crate::common::samples_dir())).unwrap_err();
        let cleared = |path: &str| {
            let p: String = path.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect();
            let p = p.replace("##", "#").replace("##", "#");
            [
                "proposals[#].date",
                "minutes.date",
                "decisions[#].date",
                "nominees[#].report.date",
                "nominees[#].report.achievements",
            ]
            .contains(&p.as_str())
                || p.starts_with("minutes.rounds[#].votes")
        };
        for p in problems.iter().filter(|p| p.is_error()) {
            assert!(cleared(&p.path), "{}: {p}", sample.display());
        }
        assert!(problems.iter().any(|p| p.path == "minutes.date"), "{}", sample.display());
    }
}

/// Guards `hoso new`: for each kind of unit, a folder with the starting dossier, the guide and
/// the folders for evidence and signatures; `hoso check` lists only what was left empty, each
/// with its line; an existing dossier is never overwritten.
#[test]
fn new_dossiers_leave_only_the_empty_fields_to_fill() {
    let dir = tempfile::tempdir().unwrap();
    for kind in ["truong", "xa", "so"] {
        let out = dir.path().join(kind);
        let o = hoso(&["new", kind, "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(out.join("minh-chung").is_dir() && out.join("chu-ky").is_dir());
        assert!(std::fs::read_to_string(out.join("HUONG-DAN.txt")).unwrap().contains("hoso import"));
        let text = std::fs::read_to_string(out.join("ho-so.json")).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let problems = crate::common::ENGINE.check_in(&text, Some(&out)).unwrap_err();
        for p in problems.iter().filter(|p| p.is_error()) {
            let pointer = format!("/{}", p.path.replace(['.', '['], "/").replace(']', ""));
            let v = &value.pointer(&pointer).unwrap_or_else(|| panic!("{kind}: {p}"));
            let empty = v.as_str().is_some_and(str::is_empty) || v.as_array().is_some_and(Vec::is_empty);
            assert!(empty, "{kind}: only empty fields are reported: {p}");
            assert!(p.line.is_some(), "{kind}: {p}");
        }
        let again = hoso(&["new", kind, "-o", out.to_str().unwrap()]);
        assert_eq!(again.status.code(), Some(2), "an existing dossier is left as it is");
    }
}

/// Guards what a clerk reads from each command, in both languages, as goldens: a starting
/// dossier, a spreadsheet with bad cells, a UTF-16 file, a folder given for a file, next year's
/// dossier, an unknown form.
#[test]
fn clerk_messages_in_both_languages() {
    for lang in ["vi", "en"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let run = |args: &[&str]| {
            let o = Command::new(crate::common::bin())
                .args(["--lang", lang])
                .args(args)
                .current_dir(dir)
                .env_remove("HOSO_LANG")
                .output()
                .unwrap();
            format!(
                "$ hoso {} → {}\n{}{}",
                args.join(" "),
                o.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            )
        };
        let mut all = String::new();
        all += &run(&["new", "truong", "-o", "ho-so"]);
        std::fs::write(
            dir.join("ds.csv"),
            "Họ và tên;Giới tính;Ngày sinh;Số phiếu\nNguyễn Văn An;Nam;05/12/1985;7\nTrần Thị Bình;X;31/02/1990;1.200\n",
        )
        .unwrap();
        all += &run(&["import", "ds.csv", "--into", "ho-so/ho-so.json"]);
        crate::common::copy_sample_files(dir);
        let text = std::fs::read_to_string(sample_path()).unwrap();
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(dir.join("unicode.json"), utf16).unwrap();
        all += &run(&["check", "unicode.json"]);
        all += &run(&["check", "ho-so"]);
        all += &run(&["carry-over", "unicode.json", "-o", "nam-sau.json"]);
        all += &run(&["render", "unicode.json", "-o", "out", "--only", "khong-co"]);
        all += &run(&["render", "unicode.json"]);
        all += &run(&["rander", "unicode.json"]);
        all += &run(&["serve", "--queue", "nhieu"]);
        golden(&format!("clerk-messages.{lang}.txt"), &all);
    }
}
