//! The HTML writer without a browser: arbitrary overlapping spans over arbitrary text (markup,
//! bidi controls, Arabic) always give balanced markup whose highlighted text is exactly the
//! original, and the page never depends on anything outside itself.

mod html_support;

use std::collections::BTreeMap;

use html_support::{Node, parse, seed_analysis, slice};
use khabar::claims::{Certainty, Claim, ClaimKind, TextSpan};
use khabar::entities::{Entity, EntityMention, MentionKind, Salience};
use khabar::ner::EntityType;
use khabar::output::html;
use khabar::{Analyzer, AnalyzerOptions, Span};
use proptest::prelude::*;

fn article(dom: &Node) -> &Node {
    dom.find(&|n| n.attr("id") == Some("article")).expect("article")
}

fn entity(text: &str, i: usize, spans: &[Span]) -> Entity {
    Entity {
        id: format!("e{i}"),
        name: format!("E{i}"),
        name_ar: "اسم".into(),
        entity_type: [EntityType::Person, EntityType::Location, EntityType::Organization, EntityType::Misc]
            [i % 4],
        subtype: None,
        wikidata: Some(format!("Q{}", i + 1)),
        mentions: spans
            .iter()
            .map(|&span| EntityMention { span, text: slice(text, span), kind: MentionKind::Name })
            .collect(),
        count: spans.len(),
        salience: Salience { score: 1.0 / (i + 1) as f64, mention_share: 0.0, first_position: 0.0 },
    }
}

fn claim(text: &str, span: Span, quote: Option<Span>) -> Claim {
    Claim {
        kind: ClaimKind::Factual,
        span,
        text: slice(text, span),
        content: span,
        content_text: slice(text, span),
        speaker: None,
        cue: None,
        quotes: quote.map(|q| TextSpan { span: q, text: slice(text, q) }).into_iter().collect(),
        certainty: Certainty::Possible,
        negated: false,
        entities: vec![],
        score: 0.3,
        sentence: 0,
    }
}

fn text_strategy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "ك",
        "ي",
        "م",
        " ",
        "\n",
        "<",
        ">",
        "&",
        "\"",
        "'",
        "\u{202E}",
        "\u{2067}",
        "\u{1}",
        "\r",
        "a",
        "</script>",
        "&amp;",
        "\u{2028}",
        "ـ",
        "ً",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn span_strategy(max: usize) -> impl Strategy<Value = Span> {
    (0..max, 0..max).prop_map(|(a, b)| Span::new(a, b))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn overlapping_marks_nest_and_keep_the_text(
        text in text_strategy(),
        mention_spans in prop::collection::vec(prop::collection::vec(span_strategy(60), 0..4), 0..4),
        claim_spans in prop::collection::vec((span_strategy(60), prop::option::of(span_strategy(60))), 0..3),
    ) {
        let mut a = Analyzer::new(AnalyzerOptions::default()).expect("embedded resources").analyze(text.clone());
        let n = text.chars().count();
        a.entities = mention_spans.iter().enumerate().map(|(i, s)| entity(&text, i, s)).collect();
        a.claims = claim_spans.iter().map(|&(s, q)| claim(&text, s, q)).collect();
        let page = html::render(&a);
        let dom = parse(&page);
        let art = article(&dom);
        prop_assert_eq!(art.text_without(&|n| n.has_class("badge")), text.clone());

        // Links never nest (a nested mention becomes a span), badges never sit inside a link.
        for link in art.find_all(&|n| n.tag == "a") {
            prop_assert!(link.find(&|n| n.tag == "a" || n.tag == "button").is_none());
        }
        let mut got: BTreeMap<(usize, usize), String> = BTreeMap::new();
        for m in art.find_all(&|n| n.has_class("m")) {
            let e: usize = m.attr("data-e").and_then(|v| v.parse().ok()).expect("data-e");
            let i: usize = m.attr("data-mi").and_then(|v| v.parse().ok()).expect("data-mi");
            got.entry((e, i)).or_default().push_str(&m.text());
        }
        for (ei, e) in a.entities.iter().enumerate() {
            for (mi, m) in e.mentions.iter().enumerate() {
                let end = m.span.end.min(n);
                if m.span.start < end {
                    prop_assert_eq!(got.get(&(ei, mi)), Some(&m.text));
                } else {
                    prop_assert!(!got.contains_key(&(ei, mi)));
                }
            }
        }
        for (ci, c) in a.claims.iter().enumerate() {
            let id = ci.to_string();
            let frags: String = art
                .find_all(&|n| n.has_class("claim") && n.attr("data-c") == Some(id.as_str()))
                .iter()
                .map(|n| n.text_without(&|x| x.has_class("badge")))
                .collect();
            prop_assert_eq!(frags, if c.span.start < c.span.end.min(n) { c.text.clone() } else { String::new() });
        }
    }
}

#[test]
fn page_is_self_contained() {
    let page = html::render(&seed_analysis());
    let dom = parse(&page);
    // Nothing is loaded from elsewhere: no src, no stylesheet links, and the only URLs are
    // in-page fragments and Wikidata entity pages (followed only when clicked).
    for n in dom.find_all(&|_| true) {
        assert!(n.attr("src").is_none(), "<{}> has src", n.tag);
        assert_ne!(n.tag, "link");
        if let Some(href) = n.attr("href") {
            assert!(href.starts_with('#') || href.starts_with("https://www.wikidata.org/wiki/Q"), "{href}");
        }
    }
    let csp = dom
        .find(&|n| n.attr("http-equiv") == Some("Content-Security-Policy"))
        .and_then(|n| n.attr("content"))
        .expect("CSP meta");
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    assert!(!csp.contains("unsafe"), "{csp}");
    assert!(csp.contains("script-src 'sha256-") && csp.contains("style-src 'sha256-"), "{csp}");
    // The data block cannot end early: no `<` inside it at all.
    let start = page.find("id=\"khabar-data\">").expect("data block") + "id=\"khabar-data\">".len();
    let end = start + page[start..].find("</script>").expect("end of data");
    assert!(!page[start..end].contains('<'));
}

#[test]
fn hostile_payloads_are_escaped_in_the_markup() {
    let a = html_support::hostile_analysis();
    let page = html::render(&a);
    assert_eq!(page.matches("<script").count(), 2, "only the data block and the page script");
    for raw in ["<img", "<svg", "<iframe", "<b>", "<b ", "<style>body", "<a href=\"javascript"] {
        assert!(!page.contains(raw), "raw {raw} in the page");
    }
    // Raw bidi controls only inside their isolating marker spans.
    for (i, c) in page.char_indices() {
        if matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
            assert!(page[..i].ends_with("\">"), "bare bidi control at byte {i}");
            assert!(page[i + c.len_utf8()..].starts_with("</span>"), "bare bidi control at byte {i}");
        }
    }
}

#[test]
fn report_without_document_still_renders_panels() {
    let mut a = seed_analysis();
    a.document = None;
    let page = html::render(&a);
    assert!(page.contains("The original text is not available."));
    assert!(page.contains("Kim Jong Un"));
}

#[test]
fn safe_file_names_for_a_batch_are_distinct() {
    let sources = ["a/x.txt", "b/x.txt", "x", "../x.txt", "", "/"];
    let names: Vec<String> =
        sources.iter().enumerate().map(|(i, s)| html::safe_file_name(s, i + 1)).collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{names:?}");
    assert!(names.iter().all(|n| n != "index.html" && n.ends_with(".html")));
}

#[test]
fn rendering_is_deterministic() {
    let a = seed_analysis();
    assert_eq!(html::render(&a), html::render(&a));
    let index = |a: &khabar::Analysis| html::render_index(&[("0001-a.html", a)]);
    assert_eq!(index(&a), index(&a));
}

#[test]
fn batch_writes_one_page_per_input_and_an_index() {
    let mut second = seed_analysis();
    second.source = Some("../../evil/../seed-article.txt".into());
    let mut third = html_support::hostile_analysis();
    third.source = None;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("reports");
    let written = html::write_batch(&out, &[seed_analysis(), second, third]).expect("write batch");
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned())
        .collect();
    assert_eq!(names, ["0001-seed-article.html", "0002-seed-article.html", "0003-script.html", "index.html"]);
    for p in &written {
        assert_eq!(p.parent(), Some(out.as_path()), "{p:?} escaped the output directory");
    }
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    for n in &names[..3] {
        assert!(index.contains(&format!("href=\"./{n}\"")), "{n} not linked");
    }
}
