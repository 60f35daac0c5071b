//! The report's interactions in headless Chromium driven through the DevTools protocol with real
//! keyboard and mouse input: focus and hover show the entity card, clicking an entity highlights
//! all its mentions, clicking a claim shows its details, the layout fits a phone, and a hostile
//! article opens no dialog and logs nothing. Skipped with `SKIPPED: chromium not available`
//! when there is no Chromium.

mod html_support;

use std::path::Path;

use html_support::cdp::Cdp;
use html_support::{chromium, file_url, hostile_analysis, seed_analysis};
use khabar::output::html;
use serde_json::json;

fn page(dir: &Path, name: &str, analysis: &khabar::Analysis) -> String {
    let path = dir.join(name);
    std::fs::write(&path, html::render(analysis)).expect("write page");
    file_url(&path)
}

#[test]
fn keyboard_and_mouse_interactions() {
    let Some(chrome) = chromium() else { return };
    let analysis = seed_analysis();
    let dir = tempfile::tempdir().expect("tempdir");
    let url = page(dir.path(), "seed.html", &analysis);
    let mut cdp = Cdp::open(&chrome, &url);
    assert_eq!(cdp.eval("document.body.dataset.js"), json!("ready"));

    // Tab reaches the skip link, then the first mention (الزعيم الكوري الشمالي, a title of Kim Jong Un); focus
    // shows the card and the focus style.
    cdp.tab();
    assert_eq!(cdp.eval("document.activeElement.className"), json!("skip"));
    cdp.tab();
    assert_eq!(cdp.eval("document.activeElement.textContent"), json!("الزعيم الكوري الشمالي"));
    assert_eq!(cdp.eval("document.getElementById('card').hidden"), json!(false));
    let card = cdp.eval("document.getElementById('card').textContent");
    let card = card.as_str().expect("card text");
    let kim = analysis.entities.iter().find(|e| e.name == "Kim Jong Un").expect("kim");
    for needle in ["Kim Jong Un", "كيم جونغ أون", "person · politician", "Wikidata Q56226"] {
        assert!(card.contains(needle), "{needle} not in card {card:?}");
    }
    assert!(card.contains(&format!("Mentioned {} times", kim.count)), "{card}");
    assert_eq!(
        cdp.eval("document.querySelector('#card a').href"),
        json!("https://www.wikidata.org/wiki/Q56226")
    );
    assert_ne!(cdp.eval("getComputedStyle(document.activeElement).outlineStyle"), json!("none"));
    // The mention's accessible description names the entity even without the card.
    let described = cdp
        .eval("document.getElementById(document.activeElement.getAttribute('aria-describedby')).textContent");
    assert!(described.as_str().is_some_and(|d| d.starts_with("Kim Jong Un, person")), "{described}");

    // Enter on the focused mention selects its entity: every mention of Kim is highlighted.
    cdp.key("Enter", "Enter", 13);
    let ki = analysis.entities.iter().position(|e| e.name == "Kim Jong Un").expect("kim index");
    assert_eq!(
        cdp.eval("Array.from(document.querySelectorAll('#article .sel')).map(e => e.dataset.e + ':' + e.dataset.mi).join(',')"),
        json!((0..kim.mentions.len()).map(|mi| format!("{ki}:{mi}")).collect::<Vec<_>>().join(","))
    );
    assert_eq!(cdp.eval(&format!("document.getElementById('ent-detail-{ki}').hidden")), json!(false));

    // Escape hides the card.
    cdp.key("Escape", "Escape", 27);
    assert_eq!(cdp.eval("document.getElementById('card').hidden"), json!(true));

    // Hovering a mention of Putin (بوتين in لبوتين) shows Putin's card.
    let pi = analysis.entities.iter().position(|e| e.name == "Vladimir Putin").expect("putin");
    cdp.hover(&format!("#article .m[data-e=\"{pi}\"][data-mi=\"1\"]"));
    let card = cdp.eval("document.getElementById('card').textContent");
    assert!(card.as_str().is_some_and(|c| c.contains("Vladimir Putin") && c.contains("Q7747")), "{card}");

    // Clicking Russia in the side list highlights all of Russia's mentions, and only those;
    // clicking it again clears the selection.
    let ri = analysis.entities.iter().position(|e| e.name == "Russia").expect("russia");
    let button = format!(".ent[data-e=\"{ri}\"]");
    cdp.click(&button);
    let sel = cdp.eval("Array.from(document.querySelectorAll('#article .sel')).map(e => e.textContent)");
    let want: Vec<&str> = analysis.entities[ri].mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(sel, json!(want));
    assert_eq!(
        cdp.eval(&format!("document.querySelector('{button}').getAttribute('aria-pressed')")),
        json!("true")
    );
    cdp.click(&button);
    assert_eq!(cdp.eval("document.querySelectorAll('#article .sel').length"), json!(0));

    // Clicking a claim badge shows the claim's details.
    cdp.click(".badge[data-c=\"1\"]");
    let detail = cdp.eval("document.getElementById('claim-detail-1').hidden ? '' : document.getElementById('claim-detail-1').textContent");
    let detail = detail.as_str().expect("detail");
    for needle in ["Kim Jong Un", "قال", "\"الأولوية القصوى\"", "asserted", "0.77", "no"] {
        assert!(detail.contains(needle), "{needle} not in {detail:?}");
    }
    let claim_text =
        cdp.eval("Array.from(document.querySelectorAll('#article .csel')).map(e => e.textContent).join('')");
    assert_eq!(claim_text, json!(analysis.claims[1].text));

    // Clicking the text of a claim (away from any mention) opens that claim too.
    cdp.click("#article .claim[data-c=\"4\"] .cue");
    assert_eq!(cdp.eval("document.getElementById('claim-detail-4').hidden"), json!(false));
    assert_eq!(cdp.eval("document.getElementById('claim-detail-1').hidden"), json!(true));

    assert!(cdp.complaints().is_empty(), "{:#?}", cdp.complaints());
}

#[test]
fn phone_width_layout_has_no_horizontal_scroll() {
    let Some(chrome) = chromium() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let url = page(dir.path(), "seed.html", &seed_analysis());
    let mut cdp = Cdp::open(&chrome, &url);
    cdp.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 375, "height": 740, "deviceScaleFactor": 2, "mobile": true}),
    );
    cdp.navigate(&url);
    assert_eq!(cdp.eval("document.documentElement.clientWidth"), json!(375));
    let overflow = cdp.eval("document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assert_eq!(overflow, json!(0), "horizontal scroll on a phone");
    // One column: the side panel comes below the article.
    let below = cdp.eval(
        "document.querySelector('aside.panel').getBoundingClientRect().top >= \
         document.getElementById('article').getBoundingClientRect().bottom",
    );
    assert_eq!(below, json!(true));
    let size = cdp.eval("parseFloat(getComputedStyle(document.getElementById('article')).fontSize)");
    assert!(size.as_f64().is_some_and(|s| s >= 16.0), "article font too small: {size}");
    assert!(cdp.complaints().is_empty(), "{:#?}", cdp.complaints());
}

#[test]
fn hostile_article_opens_no_dialog_and_logs_nothing() {
    let Some(chrome) = chromium() else { return };
    let analysis = hostile_analysis();
    let dir = tempfile::tempdir().expect("tempdir");
    let url = page(dir.path(), "hostile.html", &analysis);
    let mut cdp = Cdp::open(&chrome, &url);
    assert_eq!(cdp.eval("document.body.dataset.js"), json!("ready"));
    // Exercise every mention's card and every button, then look for anything injected.
    let mentions = cdp.eval("document.querySelectorAll('#article .m').length").as_u64().expect("count");
    assert!(mentions >= 4);
    for i in 0..mentions {
        let target = nth(&mut cdp, "#article .m", i);
        cdp.hover(&target);
        assert_eq!(cdp.eval("document.getElementById('card').hidden"), json!(false));
        let injected = cdp.eval("document.querySelectorAll('#card img, #card script, #card b').length");
        assert_eq!(injected, json!(0));
    }
    let official = analysis.entities.iter().position(|e| e.name.contains("Official")).expect("official");
    cdp.hover(&format!("#article .m[data-e=\"{official}\"]"));
    let card = cdp.eval("document.getElementById('card').textContent");
    assert!(card.as_str().is_some_and(|c| c.contains("<b>Official</b>")), "{card}");
    assert_eq!(
        cdp.eval("document.querySelectorAll('#card a').length"),
        json!(0),
        "hostile QID became a link"
    );
    for sel in [".ent", ".cl", ".badge"] {
        let n = cdp.eval(&format!("document.querySelectorAll('{sel}').length")).as_u64().unwrap_or(0);
        for i in 0..n {
            let target = nth(&mut cdp, sel, i);
            cdp.click(&target);
        }
    }
    assert_eq!(cdp.eval("document.querySelectorAll('img, svg, iframe, object, embed').length"), json!(0));
    assert_eq!(cdp.eval("document.scripts.length"), json!(2));
    assert!(cdp.complaints().is_empty(), "{:#?}", cdp.complaints());
}

/// A selector for the `i`-th element matching `selector` (gives it a probe id).
fn nth(cdp: &mut Cdp, selector: &str, i: u64) -> String {
    let sel = serde_json::to_string(selector).expect("selector");
    let id = cdp.eval(&format!(
        "(() => {{ const e = document.querySelectorAll({sel})[{i}]; e.id = e.id || 'probe-{i}-' + Math.random().toString(36).slice(2); return e.id; }})()"
    ));
    format!("#{}", id.as_str().expect("probe id"))
}

/// WCAG contrast of text against its own background for every kind of highlight, and distinct
/// underline styles per entity type (so types survive grey printing and colour blindness).
#[test]
fn highlights_keep_contrast_and_differ_without_colour() {
    let Some(chrome) = chromium() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let url = page(dir.path(), "seed.html", &seed_analysis());
    let mut cdp = Cdp::open(&chrome, &url);
    let probe = r#"(() => {
        const lum = s => {
            const [r, g, b] = s.match(/[0-9.]+/g).slice(0, 3).map(Number).map(v => {
                v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const ratio = e => {
            const cs = getComputedStyle(e);
            const [a, b] = [lum(cs.color), lum(cs.backgroundColor)];
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        };
        const out = {};
        for (const sel of ['.m.t-person', '.m.t-place', '.m.t-other', '.legend .t-org', '.claim', '.quote',
                           '.badge.k-reported', '.badge.k-factual', '.badge.k-prediction', '.badge.k-assessment',
                           '.badge.k-conditional', '.ent']) {
            const e = document.querySelector(sel);
            out[sel] = e ? ratio(e) : null;
        }
        out.styles = ['.legend .t-person', '.legend .t-place', '.legend .t-org', '.legend .t-other']
            .map(s => getComputedStyle(document.querySelector(s)).textDecorationStyle);
        return out;
    })()"#;
    let r = cdp.eval(probe);
    eprintln!("contrast ratios and underline styles: {r}");
    for (sel, v) in r.as_object().expect("object") {
        if sel == "styles" {
            continue;
        }
        let ratio = v.as_f64().unwrap_or_else(|| panic!("{sel} missing from the seed report"));
        assert!(ratio >= 4.5, "{sel}: contrast {ratio:.2} below WCAG AA");
    }
    let styles: Vec<&str> =
        r["styles"].as_array().expect("styles").iter().filter_map(|s| s.as_str()).collect();
    let mut distinct = styles.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), 4, "underline styles must differ per type: {styles:?}");
}
