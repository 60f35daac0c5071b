//! The recipes for running khabar past one machine (docs/recipes/), run for real on a small
//! NDJSON corpus: Apache Spark in local mode (`rdd.pipe`) and GNU parallel.
//!
//! Where a tool is missing the test prints `SKIPPED: ...` and returns; under `CI=true` as root it
//! first tries to install it (pyspark from PyPI, parallel from Debian). Java is never installed
//! here: Spark needs it, and a machine without it skips with that message.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const KHABAR: &str = env!("CARGO_BIN_EXE_khabar");

/// Four records, one of them broken (no text): the output must hold four lines, ids intact.
fn corpus(dir: &Path) -> PathBuf {
    let seed = std::fs::read_to_string("fixtures/seed-article.txt").expect("seed fixture");
    let paras: Vec<&str> = seed.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut out = String::new();
    for (i, p) in paras.iter().take(3).enumerate() {
        out.push_str(&serde_json::json!({"id": format!("a{i}"), "text": p}).to_string());
        out.push('\n');
    }
    out.push_str("{\"id\": \"broken\"}\n");
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, out).expect("write corpus");
    path
}

fn succeeds(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd).args(args).output().map(|o| o.status.success()).unwrap_or(false)
}

fn in_ci_as_root() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true") && succeeds("sh", &["-c", "test \"$(id -u)\" = 0"])
}

/// Checks one output line per input line, every id back, and the error record for `broken`.
fn check_output(lines: &[String]) {
    assert_eq!(lines.len(), 4, "one output line per input line: {lines:?}");
    let mut ids = BTreeSet::new();
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        let id = v["id"].as_str().expect("id carried").to_owned();
        if id == "broken" {
            assert!(v["error"].is_string(), "broken record gives an error record: {v}");
        } else {
            assert!(v["entities"].is_array(), "analysis for {id}: {v}");
        }
        ids.insert(id);
    }
    assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["a0", "a1", "a2", "broken"]);
}

#[test]
fn spark_recipe_in_local_mode() {
    if !succeeds("java", &["-version"]) {
        println!("SKIPPED: java not available (Spark needs a JVM)");
        return;
    }
    let has_pyspark = || succeeds("python3", &["-c", "import pyspark"]);
    if !has_pyspark() && in_ci_as_root() {
        let _ = Command::new("python3").args(["-m", "pip", "install", "-q", "pyspark==3.5.3"]).status();
    }
    if !has_pyspark() {
        println!("SKIPPED: pyspark not available (pip install pyspark==3.5.3)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let input = corpus(dir.path());
    let out_dir = dir.path().join("out");
    let status = Command::new("python3")
        .arg("docs/recipes/spark_khabar.py")
        .arg(&input)
        .arg(&out_dir)
        .arg(KHABAR)
        .status()
        .expect("run spark recipe");
    assert!(status.success(), "spark recipe failed: {status}");
    let mut lines = Vec::new();
    let mut parts: Vec<_> = std::fs::read_dir(&out_dir)
        .expect("spark output dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("part-")))
        .collect();
    parts.sort();
    for p in parts {
        let text = std::fs::read_to_string(p).expect("part file");
        lines.extend(text.lines().map(str::to_owned));
    }
    check_output(&lines);
}

#[test]
fn gnu_parallel_recipe_keeps_order() {
    if !succeeds("parallel", &["--version"]) && in_ci_as_root() {
        let _ = Command::new("sh").args(["-c", "apt-get install -y -q parallel >/dev/null 2>&1"]).status();
    }
    if !succeeds("parallel", &["--version"]) {
        println!("SKIPPED: GNU parallel not available (apt-get install parallel)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let input = corpus(dir.path());
    let out = Command::new("bash")
        .arg("docs/recipes/parallel.sh")
        .arg(&input)
        .env("KHABAR", KHABAR)
        .output()
        .expect("run parallel recipe");
    let lines: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect();
    check_output(&lines);
    let ids: Vec<String> = lines
        .iter()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json")["id"].to_string())
        .collect();
    assert_eq!(ids, ["\"a0\"", "\"a1\"", "\"a2\"", "\"broken\""], "input order kept");
}
