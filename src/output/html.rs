//! The HTML report: one self-contained page per article, with entity mentions and claims
//! highlighted in the original text, and an index page for batch runs.
//!
//! The page is fed by the same [`Analysis`] as the JSON writer; it needs `analysis.document` for
//! the original text. Everything that comes from the article (and from the lexicons, which could
//! be edited) is escaped on the way out, and the page carries a Content-Security-Policy that only
//! admits its own inline style and script, so it opens offline with no other files.

mod csp;
mod escape;
mod marks;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::analysis::Analysis;
use crate::claims::{Certainty, Claim, ClaimKind};
use crate::entities::{Entity, MentionKind};
use crate::ner::EntityType;
use marks::{Event, Layer, Mark};

const STYLE: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/report.js");

/// How many claims the side panel lists (by check-worthiness); the rest stay marked in the text.
const TOP_CLAIMS: usize = 10;
/// How many entities the index page shows per report.
const INDEX_ENTITIES: usize = 5;
/// Longest stem [`safe_file_name`] keeps, in characters, so names stay far below the usual
/// 255-byte file-name limit even when every character takes four bytes in UTF-8.
const MAX_STEM_CHARS: usize = 48;

/// Renders one article's report as a complete HTML document.
pub fn render(analysis: &Analysis) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = page_title(analysis);
    head(&mut out, &title, Some(SCRIPT));
    out.push_str("<body>\n<a class=\"skip\" href=\"#panel\">Skip to the analysis panel</a>\n");
    out.push_str("<header class=\"top\"><h1>khabar report");
    if let Some(src) = source_label(analysis) {
        out.push_str(" <span class=\"src\">— <bdi>");
        escape::visible_text(&mut out, &src);
        out.push_str("</bdi></span>");
    }
    out.push_str("</h1>\n");
    legend(&mut out, true);
    out.push_str("</header>\n<main class=\"layout\">\n");

    out.push_str("<section class=\"article-wrap\" aria-labelledby=\"article-h\">\n");
    out.push_str("<h2 id=\"article-h\">Article</h2>\n");
    out.push_str("<article id=\"article\" lang=\"ar\" dir=\"rtl\">");
    article_body(&mut out, analysis);
    out.push_str("</article>\n</section>\n");

    out.push_str("<aside id=\"panel\" class=\"panel\" aria-label=\"Analysis\" tabindex=\"-1\">\n");
    details(&mut out, analysis);
    entity_panel(&mut out, analysis);
    claim_panel(&mut out, analysis);
    metadata_panel(&mut out, analysis);
    out.push_str("</aside>\n</main>\n");

    out.push_str("<div id=\"card\" class=\"card\" role=\"tooltip\" hidden></div>\n");
    out.push_str("<div id=\"status\" class=\"sr-only\" role=\"status\" aria-live=\"polite\"></div>\n");
    descriptions(&mut out, analysis);
    out.push_str("<script type=\"application/json\" id=\"khabar-data\">");
    out.push_str(&data_json(analysis));
    out.push_str("</script>\n<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// Renders the index of a batch run: one row per report, linking `file_name` (relative to the
/// index) with the report's source and top entities.
pub fn render_index<S: AsRef<str>>(pages: &[(S, &Analysis)]) -> String {
    let mut out = String::with_capacity(8 * 1024);
    head(&mut out, "khabar reports", None);
    out.push_str("<body>\n<header class=\"top\"><h1>khabar reports</h1>\n");
    legend(&mut out, false);
    out.push_str("</header>\n<main class=\"index\">\n");
    let _ = writeln!(out, "<p>{} reports.</p>", pages.len());
    out.push_str("<table class=\"reports\">\n<thead><tr><th scope=\"col\">Report</th>");
    out.push_str("<th scope=\"col\">Source</th><th scope=\"col\">Top entities</th>");
    out.push_str("<th scope=\"col\">Claims</th><th scope=\"col\">Sentences</th></tr></thead>\n<tbody>\n");
    for (file, analysis) in pages {
        let file = file.as_ref();
        out.push_str("<tr><td><a href=\"./");
        escape::attr(&mut out, &percent_encode(file));
        out.push_str("\"><bdi>");
        escape::visible_text(&mut out, file);
        out.push_str("</bdi></a></td><td><bdi>");
        escape::visible_text(&mut out, &source_label(analysis).unwrap_or_default());
        out.push_str("</bdi></td><td><span class=\"ents-inline\">");
        for &i in by_salience(&analysis.entities).iter().take(INDEX_ENTITIES) {
            let e = &analysis.entities[i];
            let _ = write!(out, "<span class=\"sw {}\"><bdi>", type_class(e.entity_type));
            escape::visible_text(&mut out, &e.name);
            let _ = write!(out, "</bdi> ({})</span>", mention_count(e));
        }
        let _ = writeln!(
            out,
            "</span></td><td>{}</td><td>{}</td></tr>",
            analysis.claims.len(),
            analysis.stats.sentences
        );
    }
    out.push_str("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
    out
}

/// A file name for the `index`-th report of a batch, derived from its source path or record id:
/// the last path component without its extension, reduced to letters, digits, `-` and `_`,
/// bounded in length and prefixed with the index, so names are unique, cannot escape the output
/// directory (no separators, no `..`, no leading dot) and cannot collide with `index.html`.
pub fn safe_file_name(source_or_id: &str, index: usize) -> String {
    let last = source_or_id.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = match last.rfind('.') {
        Some(dot) if dot > 0 => &last[..dot],
        _ => last,
    };
    let mut clean = String::new();
    for c in stem.chars() {
        let keep = c.is_alphanumeric() || c == '-' || c == '_';
        if keep {
            clean.push(c);
        } else if !clean.ends_with('_') {
            clean.push('_');
        }
        if clean.chars().count() >= MAX_STEM_CHARS {
            break;
        }
    }
    let clean = clean.trim_matches(['_', '-']);
    if clean.is_empty() { format!("{index:04}-article.html") } else { format!("{index:04}-{clean}.html") }
}

/// Writes one report per analysis into `out_dir` (created if missing), named by
/// [`safe_file_name`] from the source path or record id, plus an `index.html` listing them.
/// Returns the paths written, index last.
pub fn write_batch(out_dir: &Path, analyses: &[Analysis]) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir)?;
    let mut written = Vec::with_capacity(analyses.len() + 1);
    let mut pages: Vec<(String, &Analysis)> = Vec::with_capacity(analyses.len());
    for (i, analysis) in analyses.iter().enumerate() {
        let name = safe_file_name(&source_label(analysis).unwrap_or_default(), i + 1);
        let path = out_dir.join(&name);
        std::fs::write(&path, render(analysis))?;
        written.push(path);
        pages.push((name, analysis));
    }
    let index = out_dir.join("index.html");
    std::fs::write(&index, render_index(&pages))?;
    written.push(index);
    Ok(written)
}

fn head(out: &mut String, title: &str, script: Option<&str>) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    escape::attr(out, &csp::policy(STYLE, script));
    out.push_str("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    out.push_str("<meta name=\"generator\" content=\"khabar ");
    escape::attr(out, env!("CARGO_PKG_VERSION"));
    out.push_str("\">\n<title>");
    escape::visible_text(out, title);
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n");
}

/// The key to the highlights; the index page has no claims marked, so it shows only the types.
fn legend(out: &mut String, with_claims: bool) {
    out.push_str("<ul class=\"legend\" aria-label=\"Legend\">");
    for t in [EntityType::Person, EntityType::Location, EntityType::Organization, EntityType::Misc] {
        let _ = write!(
            out,
            "<li><span class=\"sw {}\">{}</span> ({})</li>",
            type_class(t),
            type_label(t),
            underline_label(t)
        );
    }
    if !with_claims {
        out.push_str("</ul>\n");
        return;
    }
    for c in [Certainty::Asserted, Certainty::Probable, Certainty::Possible, Certainty::Conditional] {
        let _ = write!(
            out,
            "<li><span class=\"swc {}\">claim, {}</span></li>",
            certainty_class(c),
            certainty_label(c)
        );
    }
    out.push_str("<li><span class=\"quote\">quote</span></li><li><span class=\"cue\">cue</span></li></ul>\n");
}

/// The article in its original form with nested marks; see [`marks`].
fn article_body(out: &mut String, analysis: &Analysis) {
    let Some(doc) = &analysis.document else {
        out.push_str("<p class=\"none\" lang=\"en\" dir=\"ltr\">The original text is not available.</p>");
        return;
    };
    let original = doc.original();
    let chars: Vec<char> = original.chars().collect();

    let mut list: Vec<Mark> = Vec::new();
    // Mention ids index `mention_refs`: (entity index, mention index).
    let mut mention_refs: Vec<(usize, usize)> = Vec::new();
    for (ci, c) in analysis.claims.iter().enumerate() {
        list.push(Mark { span: c.span, layer: Layer::Claim, id: ci });
        if let Some(cue) = &c.cue {
            list.push(Mark { span: cue.span, layer: Layer::Cue, id: ci });
        }
        for q in &c.quotes {
            list.push(Mark { span: q.span, layer: Layer::Quote, id: ci });
        }
    }
    for (ei, e) in analysis.entities.iter().enumerate() {
        for (mi, m) in e.mentions.iter().enumerate() {
            list.push(Mark { span: m.span, layer: Layer::Mention, id: mention_refs.len() });
            mention_refs.push((ei, mi));
        }
    }

    let mut badge_done = vec![false; analysis.claims.len()];
    let mut pending_badges: Vec<usize> = Vec::new();
    // How many mention links are open: a link cannot contain another link or a button, so marks
    // opened inside one become plain spans and claim badges wait until it closes.
    let mut link_depth = 0usize;
    let mut open_as_link: Vec<bool> = vec![false; list.len()];

    for event in marks::nest(&list, chars.len()) {
        match event {
            Event::Text(range) => {
                let piece: String = chars[range].iter().collect();
                article_text(out, &piece);
            }
            Event::Open(i) => {
                let mark = list[i];
                match mark.layer {
                    Layer::Claim => {
                        let Some(claim) = analysis.claims.get(mark.id) else { continue };
                        if !badge_done[mark.id] {
                            badge_done[mark.id] = true;
                            if link_depth == 0 {
                                badge(out, mark.id, claim);
                            } else {
                                pending_badges.push(mark.id);
                            }
                        }
                        let _ = write!(
                            out,
                            "<span class=\"claim ck-{} {}{}\" data-c=\"{}\">",
                            kind_label(claim.kind),
                            certainty_class(claim.certainty),
                            if claim.negated { " neg" } else { "" },
                            mark.id
                        );
                    }
                    Layer::Cue => {
                        let _ = write!(out, "<span class=\"cue\" data-c=\"{}\">", mark.id);
                    }
                    Layer::Quote => {
                        let _ = write!(out, "<span class=\"quote\" data-c=\"{}\">", mark.id);
                    }
                    Layer::Mention => {
                        let Some(&(ei, mi)) = mention_refs.get(mark.id) else { continue };
                        let e = &analysis.entities[ei];
                        let kind = e.mentions.get(mi).map_or(MentionKind::Name, |m| m.kind);
                        let class =
                            format!("m {} mk-{}", type_class(e.entity_type), mention_kind_label(kind));
                        if link_depth == 0 {
                            let _ = write!(
                                out,
                                "<a class=\"{class}\" href=\"#entity-{ei}\" data-e=\"{ei}\" data-mi=\"{mi}\" \
                                 aria-describedby=\"ed-{ei}\">"
                            );
                            open_as_link[i] = true;
                            link_depth += 1;
                        } else {
                            let _ = write!(
                                out,
                                "<span class=\"{class} nested\" data-e=\"{ei}\" data-mi=\"{mi}\">"
                            );
                        }
                    }
                }
            }
            Event::Close(i) => {
                if open_as_link[i] {
                    open_as_link[i] = false;
                    link_depth = link_depth.saturating_sub(1);
                    out.push_str("</a>");
                    if link_depth == 0 {
                        for ci in pending_badges.drain(..) {
                            if let Some(claim) = analysis.claims.get(ci) {
                                badge(out, ci, claim);
                            }
                        }
                    }
                } else {
                    out.push_str("</span>");
                }
            }
        }
    }
}

/// Article text: escaped, with bidi and control characters kept in the DOM (so highlighted text
/// stays exactly the original) but wrapped in an isolating, visibly labelled span.
fn article_text(out: &mut String, s: &str) {
    for c in s.chars() {
        if escape::is_hidden_control(c) {
            let code = format!("U+{:04X}", c as u32);
            let _ = write!(
                out,
                "<span class=\"ctl\" data-cp=\"{code}\" title=\"{code} {}\">",
                escape::control_name(c)
            );
            escape::text(out, c.encode_utf8(&mut [0; 4]));
            out.push_str("</span>");
        } else {
            escape::text(out, c.encode_utf8(&mut [0; 4]));
        }
    }
}

fn badge(out: &mut String, ci: usize, claim: &Claim) {
    let neg = if claim.negated { ", negated" } else { "" };
    let _ = write!(
        out,
        "<button type=\"button\" class=\"badge {}\" dir=\"ltr\" lang=\"en\" data-c=\"{ci}\" aria-pressed=\"false\" \
         aria-label=\"Claim {n}: {kind}, {cert}{neg}. Show details\">C{n} {kind} · {cert}{neg}</button>",
        kind_class(claim.kind),
        n = ci + 1,
        kind = kind_label(claim.kind),
        cert = certainty_label(claim.certainty),
    );
}

/// Static detail blocks, one per entity and claim, revealed by the script on selection; static so
/// that nothing from the data has to be turned into markup in the browser.
fn details(out: &mut String, analysis: &Analysis) {
    out.push_str(
        "<section id=\"details\" aria-labelledby=\"details-h\">\n<h2 id=\"details-h\">Details</h2>\n",
    );
    out.push_str("<p class=\"hint\">Select a highlighted name, an entity or a claim.</p>\n");
    for (ei, e) in analysis.entities.iter().enumerate() {
        let _ = write!(out, "<div class=\"detail\" id=\"ent-detail-{ei}\" hidden>\n<h3><bdi>");
        escape::visible_text(out, &e.name);
        out.push_str("</bdi></h3>\n<dl>\n<dt>Arabic</dt><dd><bdi lang=\"ar\" dir=\"rtl\">");
        escape::visible_text(out, &e.name_ar);
        out.push_str("</bdi></dd>\n<dt>Type</dt><dd>");
        type_and_subtype(out, e);
        out.push_str("</dd>\n<dt>Wikidata</dt><dd>");
        wikidata(out, e.wikidata.as_deref());
        let _ = write!(out, "</dd>\n<dt>Mentions</dt><dd>{}</dd>\n<dt>Forms</dt><dd><ul>", mention_count(e));
        let mut forms: Vec<(&str, MentionKind, usize)> = Vec::new();
        for m in &e.mentions {
            match forms.iter_mut().find(|f| f.0 == m.text && f.1 == m.kind) {
                Some(f) => f.2 += 1,
                None => forms.push((&m.text, m.kind, 1)),
            }
        }
        for (text, kind, n) in forms {
            out.push_str("<li><bdi lang=\"ar\" dir=\"rtl\">");
            escape::visible_text(out, text);
            let _ = write!(out, "</bdi> ({}, ×{n})</li>", mention_kind_label(kind));
        }
        out.push_str("</ul></dd>\n</dl>\n</div>\n");
    }
    for (ci, c) in analysis.claims.iter().enumerate() {
        let _ = write!(
            out,
            "<div class=\"detail\" id=\"claim-detail-{ci}\" hidden>\n<h3>Claim {} · {}</h3>\n<dl>\n<dt>Speaker</dt><dd>",
            ci + 1,
            kind_label(c.kind)
        );
        match &c.speaker {
            Some(s) => {
                out.push_str("<bdi lang=\"ar\" dir=\"rtl\">");
                escape::visible_text(out, &s.text);
                out.push_str("</bdi>");
                if let Some(name) = &s.entity_name {
                    out.push_str(" (<bdi>");
                    escape::visible_text(out, name);
                    out.push_str("</bdi>)");
                }
            }
            None => out.push_str("<span class=\"none\">none</span>"),
        }
        out.push_str("</dd>\n<dt>Cue</dt><dd>");
        match &c.cue {
            Some(cue) => arabic(out, &cue.text),
            None => out.push_str("<span class=\"none\">none</span>"),
        }
        out.push_str("</dd>\n<dt>Content</dt><dd>");
        arabic(out, &c.content_text);
        out.push_str("</dd>\n<dt>Quotes</dt><dd>");
        if c.quotes.is_empty() {
            out.push_str("<span class=\"none\">none</span>");
        } else {
            out.push_str("<ul>");
            for q in &c.quotes {
                out.push_str("<li>");
                arabic(out, &q.text);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        let _ = write!(
            out,
            "</dd>\n<dt>Certainty</dt><dd>{}</dd>\n<dt>Negated</dt><dd>{}</dd>\n\
             <dt>Check-worthiness</dt><dd>{:.2}{}</dd>\n</dl>\n</div>\n",
            certainty_label(c.certainty),
            if c.negated { "yes" } else { "no" },
            c.score,
            if c.score >= 0.5 { " (key claim)" } else { "" }
        );
    }
    out.push_str("</section>\n");
}

fn entity_panel(out: &mut String, analysis: &Analysis) {
    let _ = write!(
        out,
        "<section aria-labelledby=\"ents-h\">\n<h2 id=\"ents-h\">Entities ({})</h2>\n",
        analysis.entities.len()
    );
    if analysis.entities.is_empty() {
        out.push_str("<p class=\"none\">No entities found.</p>\n</section>\n");
        return;
    }
    out.push_str("<ol class=\"ents\">\n");
    for ei in by_salience(&analysis.entities) {
        let e = &analysis.entities[ei];
        let n = mention_count(e);
        out.push_str("<li><button type=\"button\" class=\"ent\" data-e=\"");
        let _ = write!(out, "{ei}\" aria-pressed=\"false\" aria-label=\"");
        escape::visible_attr(out, &e.name);
        let _ = write!(
            out,
            ", {}, {n} mention{}. Highlight in the article\">",
            type_label(e.entity_type),
            if n == 1 { "" } else { "s" }
        );
        let _ = write!(
            out,
            "<span class=\"sw {}\">{}</span>",
            type_class(e.entity_type),
            type_label(e.entity_type)
        );
        out.push_str("<span class=\"nm\"><bdi>");
        escape::visible_text(out, &e.name);
        out.push_str("</bdi> <bdi class=\"ar\" lang=\"ar\" dir=\"rtl\">");
        escape::visible_text(out, &e.name_ar);
        let _ = writeln!(out, "</bdi></span><span class=\"n\">{n}</span></button></li>");
    }
    out.push_str("</ol>\n</section>\n");
}

fn claim_panel(out: &mut String, analysis: &Analysis) {
    let _ = write!(
        out,
        "<section aria-labelledby=\"claims-h\">\n<h2 id=\"claims-h\">Top claims ({} of {})</h2>\n",
        analysis.claims.len().min(TOP_CLAIMS),
        analysis.claims.len()
    );
    if analysis.claims.is_empty() {
        out.push_str("<p class=\"none\">No claims found.</p>\n</section>\n");
        return;
    }
    let mut order: Vec<usize> = (0..analysis.claims.len()).collect();
    order.sort_by(|&a, &b| analysis.claims[b].score.total_cmp(&analysis.claims[a].score).then(a.cmp(&b)));
    out.push_str("<ol class=\"claims\">\n");
    for ci in order.into_iter().take(TOP_CLAIMS) {
        let c = &analysis.claims[ci];
        let _ = write!(
            out,
            "<li><button type=\"button\" class=\"cl\" data-c=\"{ci}\" aria-pressed=\"false\">\
             <span class=\"meta\">C{} · {} · {} · score {:.2}{}</span><span class=\"meta\">Speaker: ",
            ci + 1,
            kind_label(c.kind),
            certainty_label(c.certainty),
            c.score,
            if c.negated { " · negated" } else { "" }
        );
        match &c.speaker {
            Some(s) => {
                let name = s.entity_name.as_deref().unwrap_or(&s.text);
                out.push_str("<bdi>");
                escape::visible_text(out, name);
                out.push_str("</bdi>");
            }
            None => out.push_str("none"),
        }
        out.push_str("</span><bdi class=\"ar\" lang=\"ar\" dir=\"rtl\">");
        escape::visible_text(out, &c.content_text);
        out.push_str("</bdi></button></li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

fn metadata_panel(out: &mut String, analysis: &Analysis) {
    out.push_str(
        "<section aria-labelledby=\"meta-h\">\n<h2 id=\"meta-h\">Metadata</h2>\n<dl class=\"meta-list\">\n",
    );
    let mut row = |label: &str, value: &str| {
        let _ = write!(out, "<dt>{label}</dt><dd><bdi>");
        escape::visible_text(out, value);
        out.push_str("</bdi></dd>\n");
    };
    row("Source", analysis.source.as_deref().unwrap_or("—"));
    if let Some(id) = &analysis.id {
        row("Record id", &id_label(id));
    }
    row("Encoding", analysis.encoding.as_deref().unwrap_or("—"));
    row("Characters", &analysis.stats.chars.to_string());
    row("Sentences", &analysis.stats.sentences.to_string());
    row("Tokens", &analysis.stats.tokens.to_string());
    row("Words", &analysis.stats.words.to_string());
    row("Entities", &analysis.entities.len().to_string());
    row("Claims", &analysis.claims.len().to_string());
    row("khabar version", &analysis.khabar_version);
    row("Schema version", &analysis.schema_version);
    out.push_str("</dl>\n</section>\n");
}

/// Hidden one-line descriptions that mention links point to with `aria-describedby`, so a screen
/// reader announces the canonical entity without the script.
fn descriptions(out: &mut String, analysis: &Analysis) {
    out.push_str("<div hidden>\n");
    for (ei, e) in analysis.entities.iter().enumerate() {
        let _ = write!(out, "<span id=\"ed-{ei}\">");
        escape::visible_text(out, &e.name);
        out.push_str(", ");
        type_and_subtype(out, e);
        if let Some(q) = e.wikidata.as_deref().filter(|q| is_qid(q)) {
            let _ = write!(out, ", Wikidata {q}");
        }
        let n = mention_count(e);
        let _ = writeln!(out, ", mentioned {n} time{}</span>", if n == 1 { "" } else { "s" });
    }
    out.push_str("</div>\n");
}

/// The data the script reads: entities and claims exactly as in the JSON output.
fn data_json(analysis: &Analysis) -> String {
    let data = serde_json::json!({
        "entities": analysis.entities,
        "claims": analysis.claims,
    });
    escape::json_for_script(&data.to_string())
}

fn arabic(out: &mut String, s: &str) {
    out.push_str("<bdi lang=\"ar\" dir=\"rtl\">");
    escape::visible_text(out, s);
    out.push_str("</bdi>");
}

fn type_and_subtype(out: &mut String, e: &Entity) {
    out.push_str(type_label(e.entity_type));
    if let Some(sub) = &e.subtype {
        out.push_str(" · ");
        escape::visible_text(out, sub);
    }
}

fn wikidata(out: &mut String, qid: Option<&str>) {
    match qid {
        Some(q) if is_qid(q) => {
            let _ = write!(
                out,
                "<a href=\"https://www.wikidata.org/wiki/{q}\" rel=\"noopener noreferrer\">{q}</a>"
            );
        }
        Some(q) => {
            escape::visible_text(out, q);
        }
        None => out.push_str("<span class=\"none\">none</span>"),
    }
}

/// Only a well-formed QID becomes part of a URL; anything else is shown as text.
fn is_qid(q: &str) -> bool {
    let digits = q.strip_prefix('Q').unwrap_or_default();
    !digits.is_empty()
        && !digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.len() <= 12
}

/// Entity indices by salience score, highest first; ties keep the input order.
fn by_salience(entities: &[Entity]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by(|&a, &b| entities[b].salience.score.total_cmp(&entities[a].salience.score).then(a.cmp(&b)));
    order
}

fn mention_count(e: &Entity) -> usize {
    if e.count > 0 { e.count } else { e.mentions.len() }
}

fn page_title(analysis: &Analysis) -> String {
    match source_label(analysis) {
        Some(src) => format!("khabar — {src}"),
        None => "khabar report".to_owned(),
    }
}

fn source_label(analysis: &Analysis) -> Option<String> {
    analysis.source.clone().or_else(|| analysis.id.as_ref().map(id_label))
}

fn id_label(id: &serde_json::Value) -> String {
    match id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Percent-encodes everything but unreserved ASCII, so a file name is a relative URL path with
/// no scheme, query or fragment.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn type_class(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "t-person",
        EntityType::Location => "t-place",
        EntityType::Organization => "t-org",
        EntityType::Misc => "t-other",
    }
}

fn type_label(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "person",
        EntityType::Location => "place",
        EntityType::Organization => "organization",
        EntityType::Misc => "other",
    }
}

fn underline_label(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "solid underline",
        EntityType::Location => "double underline",
        EntityType::Organization => "dashed underline",
        EntityType::Misc => "dotted underline",
    }
}

fn mention_kind_label(k: MentionKind) -> &'static str {
    match k {
        MentionKind::Name => "name",
        MentionKind::Partial => "partial",
        MentionKind::Alias => "alias",
        MentionKind::Title => "title",
        MentionKind::Capital => "capital",
        MentionKind::Demonym => "demonym",
    }
}

fn kind_class(k: ClaimKind) -> &'static str {
    match k {
        ClaimKind::Reported => "k-reported",
        ClaimKind::Factual => "k-factual",
        ClaimKind::Prediction => "k-prediction",
        ClaimKind::Assessment => "k-assessment",
        ClaimKind::Conditional => "k-conditional",
    }
}

fn kind_label(k: ClaimKind) -> &'static str {
    match k {
        ClaimKind::Reported => "reported",
        ClaimKind::Factual => "factual",
        ClaimKind::Prediction => "prediction",
        ClaimKind::Assessment => "assessment",
        ClaimKind::Conditional => "conditional",
    }
}

fn certainty_class(c: Certainty) -> &'static str {
    match c {
        Certainty::Asserted => "c-asserted",
        Certainty::Probable => "c-probable",
        Certainty::Possible => "c-possible",
        Certainty::Conditional => "c-conditional",
    }
}

fn certainty_label(c: Certainty) -> &'static str {
    match c {
        Certainty::Asserted => "asserted",
        Certainty::Probable => "probable",
        Certainty::Possible => "possible",
        Certainty::Conditional => "conditional",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_unique() {
        assert_eq!(safe_file_name("fixtures/seed-article.txt", 1), "0001-seed-article.html");
        assert_eq!(safe_file_name("../../etc/passwd", 2), "0002-passwd.html");
        assert_eq!(safe_file_name("C:\\news\\خبر عاجل.txt", 3), "0003-خبر_عاجل.html");
        assert_eq!(safe_file_name("..", 4), "0004-article.html");
        assert_eq!(safe_file_name("", 5), "0005-article.html");
        assert_eq!(safe_file_name(".hidden", 6), "0006-hidden.html");
        assert_eq!(safe_file_name("a\u{202E}lmth.exe\0\n", 7), "0007-a_lmth.html");
        assert_eq!(safe_file_name("index", 0), "0000-index.html");
        let long = "ش".repeat(500);
        let name = safe_file_name(&long, 8);
        assert!(name.len() < 200, "{}", name.len());
        assert_ne!(safe_file_name("x.txt", 1), safe_file_name("x.txt", 2));
        for n in [&name, &safe_file_name("a/../b", 9)] {
            assert!(!n.contains('/') && !n.contains('\\') && !n.contains("..") && !n.starts_with('.'));
            assert!(!n.chars().any(char::is_control));
        }
    }

    #[test]
    fn qids_are_validated() {
        assert!(is_qid("Q56226"));
        for bad in ["Q", "Q0", "q1", "Q1\" onmouseover=\"x", "javascript:alert(1)", "Q12a"] {
            assert!(!is_qid(bad), "{bad}");
        }
    }

    #[test]
    fn percent_encoding_leaves_no_scheme() {
        assert_eq!(percent_encode("javascript:alert(1)"), "javascript%3Aalert%281%29");
        assert_eq!(percent_encode("0001-a.html"), "0001-a.html");
    }

    #[test]
    fn csp_hashes_the_inline_assets() {
        let page = render_index::<&str>(&[]);
        let hash = csp::hash_source(STYLE);
        assert!(page.contains(hash.trim_matches('\'')));
        assert!(page.contains(&format!("<style>{STYLE}</style>")));
    }
}
