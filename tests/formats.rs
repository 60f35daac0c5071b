//! The output formats and input options through the real binary: `--format html` (one page,
//! `--out-dir` batches), `--format conll`, `--format text`, `--translit buckwalter`,
//! `--input html` and `--lexicon`.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

const SEED: &str = "fixtures/seed-article.txt";
const SEED_NAMES: &[&str] = &["Kim Jong Un", "Vladimir Putin", "Xi Jinping", "Russia", "North Korea"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: Option<&str>) -> Out {
    let mut c = Command::new(env!("CARGO_BIN_EXE_khabar"));
    c.current_dir(root()).args(args);
    c.write_stdin(stdin.unwrap_or_default().as_bytes().to_vec());
    let o = c.output().expect("khabar runs");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
    }
}

fn ok(args: &[&str], stdin: Option<&str>) -> String {
    let o = run(args, stdin);
    assert_eq!(o.code, 0, "khabar {args:?} failed: {}", o.stderr);
    o.stdout
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("khabar-formats-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn html_single_page_on_stdout_and_to_a_file() {
    let page = ok(&["analyze", "-f", "html", SEED], None);
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    // Self-contained: nothing is loaded from elsewhere (Wikidata links are links, not resources).
    for bad in ["src=\"http", "src=\"//", "<link ", "@import", "url(http"] {
        assert!(!page.contains(bad), "page references an external resource ({bad})");
    }
    for name in SEED_NAMES {
        assert!(page.contains(name), "{name} missing from the report");
    }
    let dir = temp_dir("single");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("report.html");
    let o = ok(&["analyze", "-f", "html", SEED, "-o", file.to_str().unwrap()], None);
    assert!(o.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), page);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn html_batch_needs_out_dir_and_writes_pages_and_index() {
    let o = run(&["analyze", "-f", "html", SEED, "fixtures/seed-article.bom.txt"], None);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("--out-dir"), "{}", o.stderr);
    assert!(o.stdout.is_empty());

    let dir = temp_dir("batch");
    let d = dir.to_str().unwrap();
    let o = run(
        &["analyze", "-f", "html", "--out-dir", d, SEED, "fixtures/seed-article.bom.txt", "missing.txt"],
        None,
    );
    assert_eq!(o.code, 1, "a missing input fails the run: {}", o.stderr);
    assert!(o.stdout.is_empty());
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["0001-seed-article.html", "0002-seed-article_bom.html", "index.html"]);
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(index.contains("./0001-seed-article.html") && index.contains("./0002-seed-article_bom.html"));
    assert!(index.contains("2 reports"), "the failed input has no page");
    for page in &names[..2] {
        let html = std::fs::read_to_string(dir.join(page)).unwrap();
        assert!(SEED_NAMES.iter().all(|n| html.contains(n)));
    }
    let _ = std::fs::remove_dir_all(&dir);

    let o = run(&["analyze", "--out-dir", d, SEED], None);
    assert_eq!(o.code, 2, "--out-dir without html is a usage error");
    let o = run(&["analyze", "-f", "html", "--translit", "buckwalter", SEED], None);
    assert_eq!(o.code, 2, "--translit with html is a usage error");
}

#[test]
fn tokenize_conll_is_conllu_with_multiword_tokens() {
    let out = ok(&["tokenize", "-f", "conll"], Some("وسيكتبونها للغرب.\n"));
    let rows: Vec<Vec<&str>> = out
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(rows.iter().all(|r| r.len() == 10), "ten columns: {out}");
    assert!(out.starts_with("# sent_id = 1\n# text = وسيكتبونها للغرب.\n"), "{out}");
    // The first word is a range line followed by its syntactic words.
    assert!(rows[0][0].contains('-') && rows[0][1] == "وسيكتبونها", "{out}");
    assert_eq!(rows[1][1], "و");
}

#[test]
fn analyze_conll_tags_entity_mentions_with_bio() {
    let out = ok(&["analyze", "-f", "conll", SEED], None);
    let rows: Vec<Vec<&str>> = out
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(rows.iter().all(|r| r.len() == 4), "FORM START END TAG");
    let analysis = json(&ok(&["analyze", SEED], None));
    assert_eq!(rows.len(), analysis["tokens"].as_array().unwrap().len());
    let tag_of = |form: &str| rows.iter().find(|r| r[0] == form).map(|r| r[3]);
    assert_eq!(tag_of("فلاديمير"), Some("B-PER"));
    assert_eq!(tag_of("بوتين"), Some("I-PER"));
    assert_eq!(tag_of("روسيا"), Some("B-LOC"));
    // Every tag is well formed and an I- follows a tag of the same type.
    let mut prev = "O";
    for r in &rows {
        let tag = r[3];
        assert!(tag == "O" || tag.starts_with("B-") || tag.starts_with("I-"), "{tag}");
        if let Some(ty) = tag.strip_prefix("I-") {
            assert!(prev.ends_with(ty), "{prev} then {tag}");
        }
        prev = tag;
    }
    let tagged = rows.iter().filter(|r| r[3] != "O").count();
    assert!(tagged >= 15, "only {tagged} tagged tokens");
}

#[test]
fn text_summary_lists_entities_and_claims_with_isolated_arabic() {
    let out = ok(&["analyze", "-f", "text", SEED], None);
    assert!(out.contains("fixtures/seed-article.txt") && out.contains("utf-8"));
    for name in SEED_NAMES {
        assert!(out.contains(name), "{name} missing:\n{out}");
    }
    assert!(out.contains("Q56226") && out.contains("Top claims"));
    for line in out.lines() {
        // Arabic only inside isolates, and an isolate never followed by a column.
        let mut depth = 0i32;
        for c in line.chars() {
            match c {
                '\u{2068}' => depth += 1,
                '\u{2069}' => depth -= 1,
                '\u{0600}'..='\u{06FF}' => assert_eq!(depth, 1, "bare Arabic in {line:?}"),
                _ => {}
            }
        }
        assert_eq!(depth, 0, "unbalanced isolate in {line:?}");
        if let Some(end) = line.rfind('\u{2069}') {
            assert!(!line[end..].contains(char::is_numeric), "a number after Arabic in {line:?}");
        }
    }
    // Entities come by salience: Kim (the most mentioned) before Xi.
    assert!(out.find("Kim Jong Un").unwrap() < out.find("Xi Jinping").unwrap());
    let claims = ok(&["claims", "-f", "text", "--top", "2", SEED], None);
    assert!(claims.contains("Top claims (2 of") && !claims.contains("Entities"));
    let entities = ok(&["entities", "-f", "text", SEED], None);
    assert!(entities.contains("Vladimir Putin") && !entities.contains("Top claims"));
}

#[test]
fn tsv_for_entities_and_claims() {
    let out = ok(&["entities", "-f", "tsv", SEED], None);
    let header = out.lines().next().unwrap();
    assert!(header.starts_with("entity\tname\tname_ar"));
    let cols = header.split('\t').count();
    assert!(out.lines().all(|l| l.split('\t').count() == cols));
    assert!(out.lines().any(|l| l.contains("\tVladimir Putin\t")));
    let claims = ok(&["claims", "-f", "tsv", SEED], None);
    assert!(claims.starts_with("rank\tscore\tkind"));
}

#[test]
fn buckwalter_adds_json_fields_and_spells_line_formats() {
    let v = json(&ok(&["entities", "--translit", "buckwalter", SEED], None));
    let putin = v["entities"].as_array().unwrap().iter().find(|e| e["name"] == "Vladimir Putin").unwrap();
    assert_eq!(putin["name_ar_bw"], "flAdymyr bwtyn");
    assert!(putin.get("name_bw").is_none(), "only fields holding Arabic get a _bw twin");
    assert!(putin["mentions"][0]["text_bw"].is_string());

    let tokens = json(&ok(&["tokenize", "--translit", "buckwalter"], Some("وسيكتبونها")));
    assert_eq!(tokens["tokens"][0]["text_bw"], "wsyktbwnhA");
    assert_eq!(tokens["tokens"][0]["segments"]["proclitics_bw"], serde_json::json!(["w", "s"]));

    let text = ok(&["tokenize", "-f", "text", "--translit", "buckwalter"], Some("وسيكتبونها للغرب"));
    assert_eq!(text, "w+s+yktbwn+hA l+l+grb\n");
    let tsv = ok(&["entities", "-f", "tsv", "--translit", "buckwalter", SEED], None);
    assert!(tsv.lines().any(|l| l.contains("\tflAdymyr bwtyn\t")));
    assert!(!tsv.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c)));
    let summary = ok(&["entities", "-f", "text", "--translit", "buckwalter", SEED], None);
    assert!(summary.contains("Vladimir Putin — flAdymyr bwtyn\n"), "{summary}");
}

#[test]
fn html_input_extracts_the_article_paragraphs() {
    let page = "fixtures/news-page.html";
    let text = ok(&["tokenize", "--input", "html", "-f", "text", page], None);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "headline and two paragraphs: {text}");
    for dropped in ["الرئيسية", "رياضة", "عاجل", "اقرأ", "اشترك", "الحقوق", "السكربت", "مخفي", "لا"]
    {
        assert!(!text.split([' ', '+', '\n']).any(|w| w == dropped), "{dropped} kept: {text}");
    }
    let v = json(&ok(&["analyze", "--input", "html", page], None));
    // The spans point into the extracted text: headline, then the paragraphs, one per line.
    let t = &v["tokens"];
    assert_eq!(t[0]["text"], "بوتين");
    assert_eq!(t[0]["span"], serde_json::json!([0, 5]));
    let names: Vec<&str> =
        v["entities"].as_array().unwrap().iter().filter_map(|e| e["name"].as_str()).collect();
    for n in ["Vladimir Putin", "Kim Jong Un", "Russia", "North Korea"] {
        assert!(names.contains(&n), "{n} not found in {names:?}");
    }
    assert_eq!(v["source"], page);
    // Decoded references: &quot; and &#1603;&#x64A;&#1605; (كيم).
    let all: Vec<&str> = t.as_array().unwrap().iter().filter_map(|x| x["text"].as_str()).collect();
    assert!(all.contains(&"\"") && all.contains(&"كيم") && all.contains(&"&"), "{all:?}");
    let o = run(&["analyze", "--input", "html"], Some("<html><script>x</script></html>"));
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("no article text"), "{}", o.stderr);
}

#[test]
fn user_lexicon_adds_a_local_official() {
    let article =
        "قال المحافظ سالم الهاجري إن المشروع سينتهي العام المقبل، وأضاف الهاجري أن التمويل متوفر.\n";
    let find =
        |v: &Value| v["entities"].as_array().unwrap().iter().find(|e| e["name"] == "Salem Al-Hajri").cloned();
    let without = json(&ok(&["entities"], Some(article)));
    assert!(find(&without).is_none());
    let with = json(&ok(&["entities", "--lexicon", "fixtures/lexicon-local.tsv"], Some(article)));
    let e = find(&with).expect("the lexicon entity is linked");
    assert_eq!(e["name_ar"], "سالم الهاجري");
    assert_eq!(e["type"], "PERSON");
    assert!(e["count"].as_u64().unwrap() >= 2, "{e}");
    let o = run(&["analyze", "--lexicon", "fixtures/no-such-lexicon.tsv"], Some(article));
    assert_eq!(o.code, 2);
    assert_eq!(o.stderr.lines().count(), 1, "{}", o.stderr);
    assert!(o.stdout.is_empty());
}
