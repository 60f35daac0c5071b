//! End-to-end tests through the real `khabar` binary: inputs, encodings, batch and NDJSON modes,
//! every error case with its exit code, determinism across `--jobs`, the schema, completions, the
//! man page and `normalize` flags.
//!
//! The golden file `tests/golden/seed.json` is the full `khabar analyze` output for the seed
//! article. It changes whenever the analysis improves (entities, claims, tokenization); after
//! checking the diff, regenerate it with
//!
//! ```sh
//! KHABAR_UPDATE_GOLDEN=1 cargo test --release --test cli golden
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use serde_json::{Value, json};

const SEED: &str = "fixtures/seed-article.txt";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn khabar() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_khabar"));
    c.current_dir(root());
    c
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Out {
    let mut c = khabar();
    c.args(args);
    c.write_stdin(stdin.unwrap_or_default().to_vec());
    let o = c.output().expect("khabar runs");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
    }
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

fn lines(s: &str) -> Vec<Value> {
    s.lines().map(json).collect()
}

/// The analysis without the fields that legitimately differ between inputs of the same text.
fn without(mut v: Value, keys: &[&str]) -> Value {
    if let Value::Object(m) = &mut v {
        for k in keys {
            m.remove(*k);
        }
    }
    v
}

fn seed_analysis() -> Value {
    let o = run(&["analyze", SEED], None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    json(&o.stdout)
}

#[test]
fn golden_seed_analysis() {
    let o = run(&["analyze", SEED], None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.is_empty(), "{}", o.stderr);
    let path = root().join("tests/golden/seed.json");
    if std::env::var_os("KHABAR_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, &o.stdout).expect("write golden");
    }
    let golden =
        std::fs::read_to_string(&path).expect("tests/golden/seed.json (KHABAR_UPDATE_GOLDEN=1 makes it)");
    assert!(
        o.stdout == golden,
        "analysis of the seed article differs from tests/golden/seed.json; if the change is intended, \
         regenerate with KHABAR_UPDATE_GOLDEN=1 cargo test --test cli golden"
    );
    let v = json(&o.stdout);
    assert_eq!(v["source"], SEED);
    assert_eq!(v["encoding"], "utf-8");
    assert!(v["stats"]["tokens"].as_u64().unwrap_or(0) > 300);
}

#[test]
fn every_encoding_gives_the_same_analysis() {
    let reference = without(seed_analysis(), &["source", "encoding"]);
    for (file, enc) in [
        ("fixtures/seed-article.bom.txt", "utf-8"),
        ("fixtures/seed-article.cp1256.txt", "windows-1256"),
        ("fixtures/seed-article.utf16le.txt", "utf-16le"),
        ("fixtures/seed-article.utf16be.txt", "utf-16be"),
    ] {
        let o = run(&["analyze", file], None);
        assert_eq!(o.code, 0, "{file}: {}", o.stderr);
        let v = json(&o.stdout);
        assert_eq!(v["encoding"], enc, "{file}");
        assert!(without(v, &["source", "encoding"]) == reference, "{file} differs from the UTF-8 analysis");
    }
    // Forcing the right decoder gives the same result as detecting it.
    let o = run(&["analyze", "--encoding", "windows-1256", "fixtures/seed-article.cp1256.txt"], None);
    assert_eq!(o.code, 0);
    assert!(without(json(&o.stdout), &["source", "encoding"]) == reference);
}

#[test]
fn crlf_changes_offsets_only() {
    let lf = seed_analysis();
    let o = run(&["analyze", "fixtures/seed-article.crlf.txt"], None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let crlf = json(&o.stdout);
    let surface = |v: &Value| -> Vec<(Value, Value, Value)> {
        v["tokens"]
            .as_array()
            .expect("tokens")
            .iter()
            .map(|t| (t["kind"].clone(), t["text"].clone(), t["norm"].clone()))
            .collect()
    };
    assert_eq!(surface(&lf), surface(&crlf));
    assert_eq!(lf["stats"]["sentences"], crlf["stats"]["sentences"]);
    let newlines = std::fs::read_to_string(root().join(SEED)).expect("seed").matches('\n').count() as u64;
    assert_eq!(crlf["stats"]["chars"].as_u64(), lf["stats"]["chars"].as_u64().map(|c| c + newlines));
}

#[test]
fn stdin_and_dash_read_the_same_article() {
    let bytes = std::fs::read(root().join(SEED)).expect("seed");
    let reference = without(seed_analysis(), &["source"]);
    for args in [&["analyze"][..], &["analyze", "-"][..]] {
        let o = run(args, Some(&bytes));
        assert_eq!(o.code, 0, "{}", o.stderr);
        let v = json(&o.stdout);
        assert_eq!(v["source"], "-");
        assert!(without(v, &["source"]) == reference);
    }
}

#[test]
fn batch_writes_one_line_per_input_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").expect("write");
    let missing = dir.path().join("missing.txt");
    let (e, m) = (empty.to_str().expect("utf-8 path"), missing.to_str().expect("utf-8 path"));
    let o = run(&["analyze", SEED, e, m, "fixtures/seed-article.cp1256.txt"], None);
    assert_eq!(o.code, 1, "some inputs failed");
    let out = lines(&o.stdout);
    assert_eq!(out.len(), 4, "one line per input");
    assert_eq!(out[0]["source"], SEED);
    assert_eq!(out[1], json!({"source": e, "error": "empty input"}));
    assert_eq!(out[2]["source"], m);
    assert!(out[2]["error"].as_str().expect("error").contains("No such file"));
    assert_eq!(out[3]["encoding"], "windows-1256");
    let err: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(err.len(), 2, "{}", o.stderr);
    assert_eq!(err[0], format!("khabar: {e}: empty input"));
    assert!(err[1].starts_with(&format!("khabar: {m}: cannot read")));
}

#[test]
fn quoted_globs_expand_in_sorted_order() {
    let o = run(&["analyze", "--no-tokens", "fixtures/seed-article.utf16*.txt"], None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let sources: Vec<Value> = lines(&o.stdout).into_iter().map(|v| v["source"].clone()).collect();
    assert_eq!(
        sources,
        vec![json!("fixtures/seed-article.utf16be.txt"), json!("fixtures/seed-article.utf16le.txt")]
    );
    let o = run(&["analyze", "fixtures/no-such-*.txt"], None);
    assert_eq!(o.code, 1);
    assert_eq!(lines(&o.stdout)[0]["error"], "no file matches this pattern");
}

fn seed_records(n: usize) -> String {
    // Articles of different lengths cut from the seed, so that threads finish out of order.
    let text = std::fs::read_to_string(root().join(SEED)).expect("seed");
    let chars: Vec<char> = text.chars().collect();
    (0..n)
        .map(|i| {
            let end = (37 * i + 50) % chars.len().max(1) + 1;
            let t: String = chars[..end].iter().collect();
            format!("{}\n", json!({"id": format!("a{i}"), "text": t}))
        })
        .collect()
}

#[test]
fn ndjson_records_keep_ids_and_errors_name_the_line() {
    let mut input = seed_records(3);
    input.push_str("{not json\n");
    input.push('\n'); // blank lines are not records
    input.push_str("{\"id\": 9}\n");
    input.push_str("{\"id\": 10, \"text\": 5}\n");
    input.push_str("{\"id\": {\"k\": [1]}, \"text\": \"   \"}\n");
    input.push_str("{\"id\": null, \"text\": \"قال\"}");
    let o = run(&["analyze", "--input", "ndjson", "--no-tokens"], Some(input.as_bytes()));
    assert_eq!(o.code, 1);
    let out = lines(&o.stdout);
    assert_eq!(out.len(), 8, "one line per record: {}", o.stdout);
    assert_eq!(out[0]["id"], "a0");
    assert_eq!(out[2]["id"], "a2");
    assert_eq!(out[3]["line"], 4);
    assert!(out[3]["error"].as_str().expect("error").starts_with("invalid JSON"));
    assert_eq!(out[4], json!({"line": 6, "id": 9, "error": "record has no \"text\" field"}));
    assert_eq!(out[5]["error"], "record's \"text\" is not a string");
    assert_eq!(out[6]["id"], json!({"k": [1]}));
    assert_eq!(out[6]["error"], "empty input (whitespace only)");
    assert_eq!(out[7]["stats"]["words"], 1);
    let err: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(err.len(), 4, "{}", o.stderr);
    assert!(err[0].starts_with("khabar: <stdin>:4: invalid JSON"));
    assert_eq!(err[1], "khabar: <stdin>:6: record has no \"text\" field");
}

#[test]
fn ndjson_files_name_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("a.jsonl");
    std::fs::write(&f, "{\"id\":1,\"text\":\"كتب\"}\n[]\n").expect("write");
    let name = f.to_str().expect("utf-8 path");
    let o = run(&["entities", "--input", "ndjson", name, "missing.jsonl"], None);
    assert_eq!(o.code, 1);
    let out = lines(&o.stdout);
    assert_eq!(out.len(), 3);
    assert_eq!(out[0]["source"], name);
    assert_eq!(out[1]["line"], 2);
    assert_eq!(out[2]["source"], "missing.jsonl");
    assert!(o.stderr.contains(&format!("khabar: {name}:2: record is not a JSON object")));
}

#[test]
fn single_input_errors_have_exit_code_1_and_one_stderr_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, bytes: &[u8]| -> String {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        p.to_str().expect("utf-8 path").to_owned()
    };
    let empty = write("empty.txt", b"");
    let blank = write("blank.txt", b" \r\n\t\n");
    let binary = write("binary.bin", b"\x7fELF\x02\x01\x01\0\0\0\0\0");
    let truncated = write("cut.txt", b"\xff\xfe\x27\x06\x44");
    let cp1256 = root().join("fixtures/seed-article.cp1256.txt").to_str().expect("path").to_owned();
    let dirname = dir.path().to_str().expect("utf-8 path").to_owned();
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec![&empty], &empty, "empty input"),
        (vec![&blank], &blank, "empty input (whitespace only)"),
        (vec![&dirname], &dirname, "cannot read: is a directory"),
        (vec!["no/such/file.txt"], "no/such/file.txt", "cannot read: No such file or directory"),
        (vec![&binary], &binary, "binary data"),
        (vec![&truncated], &truncated, "truncated UTF-16"),
        (vec!["--encoding", "utf-8", &cp1256], &cp1256, "invalid UTF-8 at byte 0"),
    ];
    for (args, name, message) in cases {
        let mut all = vec!["analyze"];
        all.extend(args);
        let o = run(&all, None);
        assert_eq!(o.code, 1, "{all:?}");
        assert!(o.stdout.is_empty(), "{all:?}: nothing on stdout for a failed single input");
        assert_eq!(o.stderr.lines().count(), 1, "{all:?}: {}", o.stderr);
        assert!(o.stderr.starts_with(&format!("khabar: {name}: {message}")), "{all:?}: {}", o.stderr);
    }
    // Empty stdin.
    let o = run(&["analyze"], Some(b""));
    assert_eq!((o.code, o.stderr.as_str()), (1, "khabar: <stdin>: empty input\n"));
}

#[test]
fn max_bytes_gives_an_error_record() {
    let o = run(&["analyze", "--max-bytes", "100", SEED, SEED], None);
    assert_eq!(o.code, 1);
    let out = lines(&o.stdout);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["error"], "article too large: 3668 bytes, over --max-bytes 100");
    let records = seed_records(2);
    // A limit between the two record lines' lengths.
    let lens: Vec<usize> = records.lines().map(str::len).collect();
    assert!(lens[0] < lens[1]);
    let limit = lens[0].to_string();
    let o = run(&["analyze", "--input", "ndjson", "--max-bytes", &limit], Some(records.as_bytes()));
    let out = lines(&o.stdout);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["id"], "a0");
    assert!(out[1]["error"].as_str().expect("error").starts_with("article too large"));
    assert_eq!(out[1]["line"], 2);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["analyze", "--no-such-flag"][..],
        &["analyze", "--format", "yaml"][..],
        &["analyze", "--pretty", "--format", "ndjson", SEED][..],
        &["analyze", "--input", "ndjson", "--encoding", "windows-1256"][..],
        &["bogus"][..],
        &["completions", "tcsh"][..],
    ] {
        let o = run(args, Some(b""));
        assert_eq!(o.code, 2, "{args:?}: {}", o.stderr);
        assert!(o.stdout.is_empty());
        assert!(!o.stderr.is_empty());
    }
}

#[test]
fn output_is_byte_identical_at_any_jobs() {
    let input = seed_records(120);
    let one = run(&["analyze", "--input", "ndjson", "--jobs", "1"], Some(input.as_bytes()));
    let two = run(&["analyze", "--input", "ndjson", "--jobs", "2"], Some(input.as_bytes()));
    let four = run(&["analyze", "--input", "ndjson", "-j", "4"], Some(input.as_bytes()));
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(one.stdout.lines().count(), 120);
    assert!(one.stdout == two.stdout && one.stdout == four.stdout);
    let files = ["analyze", SEED, "fixtures/seed-article.cp1256.txt", "fixtures/seed-article.utf16le.txt"];
    let a = run(&[&files[..], &["-j", "1"]].concat(), None);
    let b = run(&[&files[..], &["-j", "2"]].concat(), None);
    assert!(a.stdout == b.stdout && a.stdout.lines().count() == 3);
}

#[test]
fn output_file_and_layout_flags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.json");
    let o = run(&["analyze", "--compact", "-o", out.to_str().expect("path"), SEED], None);
    assert_eq!(o.code, 0);
    assert!(o.stdout.is_empty());
    let written = std::fs::read_to_string(&out).expect("output file");
    assert_eq!(written.lines().count(), 1);
    assert!(json(&written) == seed_analysis());
    let o = run(&["analyze", "--pretty", SEED, SEED], None);
    assert!(o.stdout.lines().count() > 2, "pretty batch is indented");
    let o = run(&["analyze", "-o", "/nonexistent-dir/x.json", SEED], None);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("cannot create"));
}

#[test]
fn no_tokens_keeps_every_other_field_in_order() {
    let full = seed_analysis();
    let o = run(&["analyze", "--no-tokens", SEED], None);
    let short = json(&o.stdout);
    let keys = |v: &Value| -> Vec<String> { v.as_object().expect("object").keys().cloned().collect() };
    let mut expected = keys(&full);
    expected.retain(|k| k != "tokens" && k != "sentences");
    assert_eq!(keys(&short), expected, "SummaryDoc in src/output/json.rs must follow Analysis");
    assert!(without(full, &["tokens", "sentences"]) == short);
}

fn validator(args: &[&str]) -> jsonschema::Validator {
    let o = run(args, None);
    assert_eq!(o.code, 0);
    let schema = json(&o.stdout);
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

#[test]
fn schema_validates_the_output() {
    let analysis = validator(&["schema"]);
    let full = seed_analysis();
    assert_eq!(full["schema_version"], json!(khabar::analysis::SCHEMA_VERSION));
    if let Err(e) = analysis.validate(&full) {
        panic!("seed analysis does not validate: {e}");
    }
    let o = run(&["analyze", "--no-tokens", SEED], None);
    assert!(analysis.is_valid(&json(&o.stdout)));
    let mut wrong = full.clone();
    wrong["schema_version"] = json!("0.0");
    assert!(!analysis.is_valid(&wrong), "the schema pins schema_version");
    assert!(!analysis.is_valid(&json!({"error": "x"})));

    let line = validator(&["schema", "--batch-line"]);
    let input = format!("{}{{\"id\": 1}}\n", seed_records(5));
    let o = run(&["analyze", "--input", "ndjson"], Some(input.as_bytes()));
    let out = lines(&o.stdout);
    assert_eq!(out.len(), 6);
    for v in &out {
        assert!(line.is_valid(v), "{v}");
    }
    assert!(!line.is_valid(&json!({"id": 1})));
}

#[test]
fn completions_and_man_page() {
    for (shell, marker) in
        [("bash", "complete -F"), ("zsh", "#compdef khabar"), ("fish", "complete -c khabar")]
    {
        let o = run(&["completions", shell], None);
        assert_eq!(o.code, 0);
        assert!(o.stdout.contains(marker), "{shell}");
        for sub in ["analyze", "normalize", "schema", "max-bytes"] {
            assert!(o.stdout.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    if StdCommand::new("bash").arg("--version").output().is_ok() {
        let o = run(&["completions", "bash"], None);
        let mut c = StdCommand::new("bash");
        let status = c.args(["-n"]).stdin(Stdio::piped()).spawn().and_then(|mut ch| {
            ch.stdin.take().expect("stdin").write_all(o.stdout.as_bytes())?;
            ch.wait()
        });
        assert!(status.expect("bash -n").success(), "bash completion script parses");
    }
    let o = run(&["man"], None);
    assert_eq!(o.code, 0);
    assert!(
        o.stdout.starts_with(".ie") || o.stdout.contains(".TH khabar 1"),
        "{}",
        &o.stdout[..200.min(o.stdout.len())]
    );
    assert!(o.stdout.contains(".TH khabar 1"));
    assert!(o.stdout.contains("analyze"));
    let o = run(&["man", "analyze"], None);
    assert_eq!(o.code, 0);
    assert!(
        o.stdout.contains(".TH khabar\\-analyze 1") || o.stdout.contains(".TH khabar-analyze 1"),
        "{}",
        &o.stdout[..200.min(o.stdout.len())]
    );
    assert!(o.stdout.contains("max\\-bytes"), "the page lists the command's options");
    assert_eq!(run(&["man", "nope"], None).code, 2);
}

#[test]
fn help_has_examples_and_version() {
    for sub in ["analyze", "tokenize", "entities", "claims", "normalize", "schema", "completions", "man"] {
        let o = run(&[sub, "--help"], None);
        assert_eq!(o.code, 0);
        assert!(o.stdout.contains("Examples:"), "{sub} --help has examples");
    }
    let o = run(&["analyze", "--help"], None);
    assert!(o.stdout.contains("jq") && o.stdout.contains("Exit codes"));
    let o = run(&["--version"], None);
    assert_eq!(o.stdout.trim(), format!("khabar {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn normalize_streams_text_and_honours_flags() {
    let input = "  أَهْلاً وسهلاً\u{200F} بالمدرســة   الكبرى ١٢٣\r\n\r\nسؤال ";
    let o = run(&["normalize"], Some(input.as_bytes()));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, "اهلا وسهلا بالمدرسة الكبري ١٢٣\nسؤال\n");
    let o = run(
        &["normalize", "--no-diacritics", "--no-alef", "--teh-marbuta", "--digits", "--hamza-seats"],
        Some(input.as_bytes()),
    );
    assert_eq!(o.stdout, "أَهْلاً وسهلاً بالمدرسه الكبري 123\nسوال\n");
    // The last flag of a pair wins.
    let o = run(&["normalize", "--teh-marbuta", "--no-teh-marbuta"], Some("مدرسة".as_bytes()));
    assert_eq!(o.stdout, "مدرسة\n");
    let o = run(&["normalize", "--no-whitespace", "--no-invisible", "--no-tatweel"], Some(input.as_bytes()));
    assert_eq!(o.stdout.matches('\r').count(), 2);
    assert!(o.stdout.contains('\u{200F}') && o.stdout.contains('ـ'));
    // Same text in another encoding, and a file argument.
    let a = run(&["normalize", SEED], None);
    let b = run(&["normalize", "fixtures/seed-article.utf16be.txt"], None);
    assert_eq!(a.code, 0);
    let paragraphs = std::fs::read_to_string(root().join(SEED))
        .expect("seed")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    assert!(a.stdout == b.stdout && a.stdout.lines().count() == paragraphs);
    let o = run(&["normalize", "--encoding", "utf-8", "fixtures/seed-article.cp1256.txt"], None);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("invalid UTF-8"));
}

#[test]
fn normalize_ndjson_records() {
    let input = "{\"id\": 1, \"text\": \"إِنَّ الأمم المتحدة\"}\n{\"id\": 2}\n";
    let o = run(&["normalize", "--input", "ndjson"], Some(input.as_bytes()));
    assert_eq!(o.code, 1);
    let out = lines(&o.stdout);
    assert_eq!(out[0], json!({"id": 1, "text": "ان الامم المتحدة"}));
    assert_eq!(out[1]["error"], "record has no \"text\" field");
}

#[test]
fn tokenize_entities_and_claims_views() {
    let o = run(&["tokenize", SEED], None);
    let v = json(&o.stdout);
    assert!(v["tokens"].is_array() && v["sentences"].is_array() && v.get("entities").is_none());
    let o = run(&["tokenize", "--format", "text"], Some("وسيكتبونها للغرب. قال لبوتين!".as_bytes()));
    assert_eq!(o.code, 0);
    assert_eq!(o.stdout.lines().count(), 2, "one sentence per line: {}", o.stdout);
    let o = run(&["tokenize", "-f", "tsv", SEED], None);
    let rows: Vec<&str> = o.stdout.lines().collect();
    assert_eq!(rows[0], "token\tkind\tstart\tend\ttext\tnorm\tsentence");
    assert_eq!(rows.len() as u64, 1 + seed_analysis()["stats"]["tokens"].as_u64().expect("count"));
    assert!(rows.iter().all(|r| r.split('\t').count() == 7));
    let o = run(&["entities", SEED], None);
    let v = json(&o.stdout);
    assert!(v["entities"].is_array() && v.get("tokens").is_none());
    let o = run(&["entities", "-f", "tsv", SEED, SEED], None);
    assert!(o.stdout.starts_with("input\tentity\tname\t"));
    let o = run(&["claims", "--top", "2", SEED], None);
    let v = json(&o.stdout);
    assert!(v["claims"].as_array().expect("claims").len() <= 2);
    let o = run(&["claims", "-f", "tsv", SEED], None);
    assert!(o.stdout.starts_with("rank\tscore\tkind\t"));
}

/// A large NDJSON batch on stdin, for the pipe and signal tests.
fn big_batch() -> Vec<u8> {
    seed_records(3000).into_bytes()
}

/// Starts a batch fed from a thread; with `keep_open` stdin stays open afterwards, so that the
/// run cannot finish before the test acts on it.
fn spawn_batch(input: Vec<u8>, keep_open: bool) -> std::process::Child {
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["analyze", "--input", "ndjson", "--jobs", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn khabar");
    let mut stdin = child.stdin.take().expect("stdin");
    std::thread::spawn(move || {
        // khabar may stop reading early; a failed write here is expected then.
        let _ = stdin.write_all(&input);
        if keep_open {
            std::thread::sleep(std::time::Duration::from_secs(60));
        }
    });
    child
}

#[test]
fn broken_pipe_exits_quietly() {
    let mut child = spawn_batch(big_batch(), false);
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("first line");
    // Dropping the reader closes the pipe, like `| head -1`.
    let status = child.wait().expect("wait");
    let mut err = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut err).expect("stderr");
    assert!(json(&first)["id"] == "a0");
    assert_eq!(status.code(), Some(0), "stderr: {err}");
    assert!(!err.contains("panicked") && err.is_empty(), "{err}");
}

#[cfg(unix)]
#[test]
fn sigint_leaves_whole_lines() {
    let mut child = spawn_batch(big_batch(), true);
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    reader.read_line(&mut first).expect("first line");
    // The shell's builtin `kill`, since a `kill` binary is not installed everywhere.
    let killed = StdCommand::new("sh").args(["-c", &format!("kill -INT {}", child.id())]).status();
    assert!(killed.expect("kill").success());
    let mut rest = String::new();
    reader.read_to_string(&mut rest).expect("rest of stdout");
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(130), "interrupted");
    let all = first + &rest;
    assert!(all.ends_with('\n'), "output ends at a line boundary");
    let n = all.lines().inspect(|l| drop(json(l))).count();
    assert!(n < 3000, "the run was interrupted ({n} lines)");
}

#[test]
fn fixture_bytes_are_what_the_readme_says() {
    let seed = std::fs::read(root().join(SEED)).expect("seed");
    let text = String::from_utf8(seed.clone()).expect("utf-8");
    let read = |p: &str| std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(p)).expect(p);
    assert_eq!(read("fixtures/seed-article.bom.txt"), [b"\xEF\xBB\xBF".as_slice(), &seed].concat());
    assert_eq!(read("fixtures/seed-article.crlf.txt"), text.replace('\n', "\r\n").into_bytes());
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_eq!(read("fixtures/seed-article.utf16le.txt"), [b"\xFF\xFE".as_slice(), &le].concat());
}
