//! The HTML report in a real browser: headless Chromium loads the page from a file:// URL and
//! dumps its DOM after the page's own script has run; the assertions read that DOM and the
//! browser's console log. Skipped with a printed `SKIPPED: chromium not available` when there is
//! no Chromium (set `KHABAR_REQUIRE_CHROMIUM=1` to make that a failure).

mod html_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use html_support::{Chromium, Node, Run, chromium, hostile_analysis, seed_analysis};
use khabar::Analysis;
use khabar::output::html;

/// Writes a page for Chromium; with `KHABAR_HTML_KEEP_DIR=dir` also keeps a copy there to look at.
fn write_page(dir: &Path, name: &str, page: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, page).expect("write page");
    if let Ok(keep) = std::env::var("KHABAR_HTML_KEEP_DIR") {
        std::fs::write(Path::new(&keep).join(name), page).expect("keep page");
    }
    path
}

fn article(dom: &Node) -> &Node {
    dom.find(&|n| n.attr("id") == Some("article")).expect("article element")
}

/// The text of each highlighted mention, gathered over its fragments, keyed by (entity, mention).
fn mention_texts(dom: &Node) -> BTreeMap<(usize, usize), String> {
    let mut out: BTreeMap<(usize, usize), String> = BTreeMap::new();
    for m in article(dom).find_all(&|n| n.has_class("m")) {
        let e = m.attr("data-e").and_then(|v| v.parse().ok()).expect("data-e");
        let i = m.attr("data-mi").and_then(|v| v.parse().ok()).expect("data-mi");
        out.entry((e, i)).or_default().push_str(&m.text());
    }
    out
}

/// The data block parsed back, as the page's script sees it.
fn page_data(dom: &Node) -> serde_json::Value {
    let data = dom.find(&|n| n.attr("id") == Some("khabar-data")).expect("data block");
    serde_json::from_str(&data.text()).expect("data block is JSON")
}

/// Checks shared by every report: the script ran under the CSP, nothing was logged, the article's
/// text is the original, and every mention's text is its JSON text and its span's text.
fn check_report(run: &Run, dom: &Node, analysis: &Analysis) {
    let body = dom.find(&|n| n.tag == "body").expect("body");
    assert_eq!(
        body.attr("data-js"),
        Some("ready"),
        "the page script did not run (CSP hash?)\n{}",
        run.stderr
    );
    assert!(run.console().is_empty(), "console messages: {:#?}", run.console());

    let original = analysis.document.as_ref().expect("document").original();
    let art = article(dom);
    assert_eq!(art.attr("lang"), Some("ar"));
    assert_eq!(art.attr("dir"), Some("rtl"));
    let shown = art.text_without(&|n| n.has_class("badge"));
    assert_eq!(shown, original, "article text differs from the original");

    let data = page_data(dom);
    let texts = mention_texts(dom);
    let mut expected = 0;
    for (ei, e) in analysis.entities.iter().enumerate() {
        for (mi, m) in e.mentions.iter().enumerate() {
            expected += 1;
            let got = texts
                .get(&(ei, mi))
                .unwrap_or_else(|| panic!("mention {ei}/{mi} {:?} not highlighted", m.text));
            let json = data["entities"][ei]["mentions"][mi]["text"].as_str().expect("json mention text");
            assert_eq!(got, json, "highlight vs JSON text, mention {ei}/{mi}");
            assert_eq!(got, &html_support::slice(original, m.span), "highlight vs original[span]");
        }
    }
    assert_eq!(texts.len(), expected, "highlights that are no mention");
}

/// The entity panel's entries, after checking it lists the seed article's leading entities.
fn seed_entity_panel(dom: &Node) -> Vec<String> {
    let panel: Vec<String> = dom.find_all(&|n| n.has_class("ent")).iter().map(|n| n.text()).collect();
    for name in ["Kim Jong Un", "Vladimir Putin", "Xi Jinping", "Russia", "North Korea"] {
        assert!(panel.iter().any(|t| t.contains(name)), "{name} not in the entity panel: {panel:?}");
    }
    panel
}

/// The text of claim `id`'s marks in the article, badges left out.
fn claim_text(art: &Node, id: &str) -> String {
    art.find_all(&|n| n.has_class("claim") && n.attr("data-c") == Some(id))
        .iter()
        .map(|n| n.text_without(&|x| x.has_class("badge")))
        .collect()
}

#[test]
fn seed_report_highlights_every_mention_and_lists_the_entities() {
    let Some(chrome) = chromium() else { return };
    let analysis = seed_analysis();
    let dir = tempfile::tempdir().expect("tempdir");
    let page = write_page(dir.path(), "seed.html", &html::render(&analysis));
    let (run, dom) = chrome.dump_dom(&page, "");
    check_report(&run, &dom, &analysis);

    let panel = seed_entity_panel(&dom);
    // Sorted by salience: the panel starts with the most salient entity.
    assert!(panel[0].contains(&analysis.entities[0].name), "{panel:?}");
    for b in dom.find_all(&|n| n.has_class("ent")) {
        assert_eq!(b.tag, "button");
        assert!(b.attr("aria-label").is_some_and(|l| !l.is_empty()));
    }

    // Every claim is marked with a badge naming its kind and certainty, and its text is covered.
    let art = article(&dom);
    for (ci, c) in analysis.claims.iter().enumerate() {
        let id = ci.to_string();
        let badge = art.find(&|n| n.has_class("badge") && n.attr("data-c") == Some(&id)).expect("badge");
        assert_eq!(badge.tag, "button");
        let label = badge.text();
        assert!(label.contains(&format!("{:?}", c.kind).to_lowercase()), "{label}");
        assert!(label.contains(&format!("{:?}", c.certainty).to_lowercase()), "{label}");
        assert_eq!(claim_text(art, &id), c.text, "claim {ci}");
        let quotes: String = art
            .find_all(&|n| n.has_class("quote") && n.attr("data-c") == Some(&id))
            .iter()
            .map(|n| n.text())
            .collect();
        assert_eq!(quotes, c.quotes.iter().map(|q| q.text.as_str()).collect::<String>());
    }
    // The mention inside the claim nests in the claim's element (لبوتين → بوتين in claim 1).
    let claim0 = art.find(&|n| n.has_class("claim") && n.attr("data-c") == Some("0")).expect("claim 0");
    assert!(claim0.find(&|n| n.has_class("m") && n.text() == "بوتين").is_some());

    // The metadata panel.
    let meta = dom.find(&|n| n.has_class("meta-list")).expect("metadata").text();
    for needle in ["fixtures/seed-article.txt", "utf-8", env!("CARGO_PKG_VERSION")] {
        assert!(meta.contains(needle), "{needle} not in {meta}");
    }
    assert!(meta.contains(&format!("Sentences{}", analysis.stats.sentences)), "{meta}");
    assert!(meta.contains(&format!("Tokens{}", analysis.stats.tokens)), "{meta}");
}

/// Selecting an entity or claim through the URL runs the same handlers as a click.
#[test]
fn selecting_an_entity_highlights_all_its_mentions_and_a_claim_shows_its_details() {
    let Some(chrome) = chromium() else { return };
    let analysis = seed_analysis();
    let dir = tempfile::tempdir().expect("tempdir");
    let page = write_page(dir.path(), "seed.html", &html::render(&analysis));

    let putin = analysis.entities.iter().position(|e| e.name == "Vladimir Putin").expect("putin");
    let (run, dom) = chrome.dump_dom(&page, &format!("#entity-{putin}"));
    assert!(run.console().is_empty(), "{:#?}", run.console());
    let marked = article(&dom).find_all(&|n| n.has_class("sel"));
    assert_eq!(marked.len(), analysis.entities[putin].mentions.len());
    assert!(marked.iter().all(|n| n.attr("data-e") == Some(&putin.to_string())));
    let detail = dom.find(&|n| n.attr("id") == Some(&format!("ent-detail-{putin}"))).expect("detail");
    assert!(detail.attr("hidden").is_none(), "entity detail still hidden");
    let link = detail.find(&|n| n.tag == "a").expect("wikidata link");
    assert_eq!(link.attr("href"), Some("https://www.wikidata.org/wiki/Q7747"));
    let button =
        dom.find(&|n| n.has_class("ent") && n.attr("data-e") == Some(&putin.to_string())).expect("button");
    assert_eq!(button.attr("aria-pressed"), Some("true"));

    let (run, dom) = chrome.dump_dom(&page, "#claim-0");
    assert!(run.console().is_empty(), "{:#?}", run.console());
    let claim = &analysis.claims[0];
    let sel: String = article(&dom)
        .find_all(&|n| n.has_class("csel"))
        .iter()
        .map(|n| n.text_without(&|x| x.has_class("badge")))
        .collect();
    assert_eq!(sel, claim.text);
    let detail = dom.find(&|n| n.attr("id") == Some("claim-detail-0")).expect("claim detail");
    assert!(detail.attr("hidden").is_none());
    let text = detail.text();
    for needle in ["كيم جونغ أون", "Kim Jong Un", "أكد", "\"نصرا كبيرا\"", "asserted", "0.81", "Negated"]
    {
        assert!(text.contains(needle), "{needle} not in claim detail: {text}");
    }
}

fn assert_nothing_injected(run: &Run, dom: &Node) {
    let injected: Vec<&str> = run.stderr.lines().filter(|l| l.contains("xss-")).collect();
    assert!(injected.is_empty(), "injected code ran or was blocked: {injected:#?}");
    assert!(run.console().is_empty(), "console messages: {:#?}", run.console());
    let scripts = dom.find_all(&|n| n.tag == "script");
    assert_eq!(scripts.len(), 2, "scripts: {scripts:#?}");
    assert_eq!(scripts[0].attr("type"), Some("application/json"));
    assert_eq!(dom.find_all(&|n| n.tag == "style").len(), 1);
    for tag in ["img", "svg", "iframe", "textarea", "object", "embed", "form", "base"] {
        assert!(dom.find(&|n| n.tag == tag).is_none(), "injected <{tag}>");
    }
    for n in dom.find_all(&|_| true) {
        for (name, value) in &n.attrs {
            assert!(!name.starts_with("on"), "event handler attribute {name} on <{}>", n.tag);
            assert!(
                !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                "javascript: URL in {name}"
            );
        }
    }
    let allowed = ["span", "a", "button"];
    for n in article(dom).find_all(&|_| true) {
        assert!(allowed.contains(&n.tag.as_str()), "unexpected <{}> in the article", n.tag);
    }
}

#[test]
fn hostile_article_renders_as_text_and_runs_nothing() {
    let Some(chrome) = chromium() else { return };
    let analysis = hostile_analysis();
    let dir = tempfile::tempdir().expect("tempdir");
    let page = write_page(dir.path(), "hostile.html", &html::render(&analysis));
    let (run, dom) = chrome.dump_dom(&page, "");
    assert_nothing_injected(&run, &dom);
    check_report(&run, &dom, &analysis);

    let art = article(&dom);
    let text = art.text();
    assert!(text.contains("<script>console.error('xss-script');alert(1)</script>"));
    assert!(text.contains("\"><img src=x onerror=\"console.error('xss-img');alert(2)\">"));
    assert!(text.contains("javascript:alert(3)"));
    // Each bidi control sits alone in an isolating, labelled element.
    let controls: Vec<char> = html_support::HOSTILE.chars().filter(|&c| khabar_bidi(c)).collect();
    let ctl = art.find_all(&|n| n.has_class("ctl"));
    let wrapped: Vec<String> = ctl.iter().map(|n| n.text()).collect();
    for c in &controls {
        assert!(wrapped.contains(&c.to_string()), "U+{:04X} not isolated", *c as u32);
    }
    for n in &ctl {
        assert_eq!(n.text().chars().count(), 1);
        let cp = n.attr("data-cp").expect("label");
        assert_eq!(cp, format!("U+{:04X}", n.text().chars().next().map_or(0, |c| c as u32)));
    }
    let loose = art.text_without(&|n| n.has_class("ctl"));
    assert!(!loose.chars().any(khabar_bidi), "a bidi control outside its isolate");
    // Outside the article, controls are shown as codes; the title carries no raw override.
    let title = dom.find(&|n| n.tag == "title").expect("title").text();
    assert!(!title.chars().any(khabar_bidi) && title.contains("⟨U+202E⟩"), "{title}");
    // The hostile QID is not a link; the entity name is text.
    let names: Vec<String> = dom.find_all(&|n| n.has_class("ent")).iter().map(|n| n.text()).collect();
    assert!(names.iter().any(|t| t.contains("<b>Official</b>\" onmouseover=")), "{names:?}");
    for a in dom.find_all(&|n| n.tag == "a") {
        let href = a.attr("href").unwrap_or_default();
        assert!(
            href == "#panel"
                || href.starts_with("#entity-")
                || href.starts_with("https://www.wikidata.org/wiki/Q"),
            "{href}"
        );
    }
}

fn khabar_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The detectors above can fail: the same page with one unescaped payload spliced into the
/// article is caught both in the DOM and in the console (where the CSP reports the block).
#[test]
fn injection_detector_catches_an_unescaped_payload() {
    let Some(chrome) = chromium() else { return };
    let analysis = hostile_analysis();
    let page = html::render(&analysis);
    let marker = "<article id=\"article\" lang=\"ar\" dir=\"rtl\">";
    assert!(page.contains(marker));
    let spliced =
        page.replacen(marker, &format!("{marker}<img src=x onerror=\"console.error('xss-control')\">"), 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_page(dir.path(), "control.html", &spliced);
    let (run, dom) = chrome.dump_dom(&path, "");
    assert!(dom.find(&|n| n.tag == "img").is_some(), "control payload not in the DOM");
    assert!(
        run.console().iter().any(|l| l.contains("Content Security Policy")),
        "the CSP did not report the blocked handler: {}",
        run.stderr
    );
    let caught = std::panic::catch_unwind(|| assert_nothing_injected(&run, &dom));
    assert!(caught.is_err(), "assert_nothing_injected missed the payload");
}

#[test]
fn index_page_lists_reports_with_top_entities() {
    let Some(chrome) = chromium() else { return };
    let seed = seed_analysis();
    let hostile = hostile_analysis();
    let names = [
        html::safe_file_name(seed.source.as_deref().unwrap_or_default(), 1),
        html::safe_file_name(hostile.source.as_deref().unwrap_or_default(), 2),
    ];
    let index = html::render_index(&[(names[0].as_str(), &seed), (names[1].as_str(), &hostile)]);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_page(dir.path(), "index.html", &index);
    let (run, dom) = chrome.dump_dom(&path, "");
    assert!(run.console().is_empty(), "{:#?}", run.console());
    assert!(dom.find_all(&|n| n.tag == "script").is_empty());
    let links: Vec<&str> = dom.find_all(&|n| n.tag == "a").iter().filter_map(|a| a.attr("href")).collect();
    assert_eq!(links, vec![format!("./{}", names[0]), format!("./{}", names[1])]);
    let rows = dom.find_all(&|n| n.tag == "tr");
    assert_eq!(rows.len(), 3);
    let first = rows[1].text();
    assert!(first.contains("Kim Jong Un") && first.contains("Russia"), "{first}");
    assert!(rows[2].text().contains("<b>Official</b>"));
}

/// Renders the seed report and takes a screenshot; with `KHABAR_HTML_SCREENSHOT=path.png` the
/// PNG is kept there (this is how docs/html-report.png is made).
#[test]
fn seed_report_screenshot() {
    let Some(chrome) = chromium() else { return };
    let analysis = seed_analysis();
    let dir = tempfile::tempdir().expect("tempdir");
    let page = write_page(dir.path(), "seed.html", &html::render(&analysis));
    let png = dir.path().join("shot.png");
    let url = html_support::file_url(&page);
    let run = chrome.run(
        &url,
        &[&format!("--screenshot={}", png.display()), "--window-size=1280,1600", "--hide-scrollbars"],
    );
    assert!(run.console().is_empty(), "{:#?}", run.console());
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let height = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    assert_eq!((width, height), (1280, 1600));
    assert!(bytes.len() > 20_000, "suspiciously small screenshot: {} bytes", bytes.len());
    if let Ok(keep) = std::env::var("KHABAR_HTML_SCREENSHOT") {
        std::fs::copy(&png, keep).expect("copy screenshot");
    }
    let _: &Chromium = &chrome;
}

/// The seed article's report from the real pipeline (tagger, lexicon, claims), not hand-placed
/// marks: every highlight is its mention's JSON text, every claim's marks cover its text, and
/// the panel lists the article's leading people and countries.
#[test]
fn pipeline_seed_report_matches_the_json() {
    let Some(chrome) = chromium() else { return };
    let mut analysis = khabar::Analyzer::new(khabar::AnalyzerOptions::default())
        .expect("embedded resources")
        .analyze(html_support::SEED.to_owned());
    analysis.source = Some("fixtures/seed-article.txt".to_owned());
    let dir = tempfile::tempdir().expect("tempdir");
    let page = write_page(dir.path(), "seed-pipeline.html", &html::render(&analysis));
    let (run, dom) = chrome.dump_dom(&page, "");
    check_report(&run, &dom, &analysis);
    seed_entity_panel(&dom);
    let art = article(&dom);
    for (ci, c) in analysis.claims.iter().enumerate() {
        let id = ci.to_string();
        assert_eq!(claim_text(art, &id), c.text, "claim {ci}");
    }
}
