//! `--input html`: the article text of a saved news page.
//!
//! News pages wrap a few paragraphs of article in menus, share buttons, related links, scripts
//! and comment forms. The extractor keeps what readers read: the text of paragraph-like elements
//! (`<p>`, `<h1>`–`<h6>`, `<li>`, `<blockquote>`, `<figcaption>`), and only inside `<article>`
//! or `<main>` when the page has one; it drops scripts, styles, templates, navigation, page
//! headers and footers (those outside the article), asides, forms and buttons. A page with no
//! paragraph elements at all (text laid out in `<div>`s and `<br>`s) falls back to every block's
//! text outside the dropped elements. Character references (`&amp;`, `&#1575;`, `&#x627;`, the
//! common named ones) are decoded, whitespace inside a paragraph collapses to one space, and the
//! result is one paragraph per line.
//!
//! The extracted text is what khabar analyzes, so every span of the analysis is an offset into
//! it, not into the HTML source.
//!
//! The scanner is a small tolerant tokenizer rather than a full HTML5 parser: it needs tags,
//! attributes only to skip over them (quoted `>` included), comments, and raw-text elements, and
//! it must never fail — unclosed or stray tags are ignored.

/// Elements whose content is never article text.
const DROPPED: &[&str] =
    &["nav", "aside", "form", "button", "select", "noscript", "template", "svg", "iframe", "dialog"];
/// Page chrome: dropped outside `<article>`/`<main>`, kept inside (an article's own header holds
/// its headline).
const CHROME: &[&str] = &["header", "footer"];
/// Elements whose content is raw text up to their end tag.
const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp"];
/// Paragraph-like elements: each is one line of output.
const PARAGRAPHS: &[&str] =
    &["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "dt", "dd"];
/// Further block elements, which end a paragraph and, in the fallback, start one.
const BLOCKS: &[&str] = &[
    "div", "section", "article", "main", "body", "td", "th", "tr", "table", "ul", "ol", "dl", "pre",
    "figure", "address", "center",
];

#[derive(Debug, PartialEq)]
enum Event {
    Start(String),
    End(String),
    Text(String),
}

/// Byte index of the first case-insensitive occurrence of `needle` (ASCII) in `hay`.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Splits `html` into tags and text. Attributes are skipped (quotes respected), comments,
/// doctype and processing instructions dropped, raw-text element content dropped.
fn scan(html: &str) -> Vec<Event> {
    let mut events = Vec::new();
    let mut i = 0;
    let mut text_start = 0;
    let b = html.as_bytes();
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &html[i..];
        let tag_like = rest.starts_with("<!")
            || rest.starts_with("<?")
            || rest.starts_with("</") && rest.len() > 2
            || rest[1..].starts_with(|c: char| c.is_ascii_alphabetic());
        if !tag_like {
            i += 1;
            continue;
        }
        if text_start < i {
            events.push(Event::Text(html[text_start..i].to_owned()));
        }
        // Comments end at `-->`; other markup declarations at the next `>`.
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = find_ci(comment, "-->").map_or(b.len(), |e| i + 4 + e + 3);
            text_start = i;
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = rest.find('>').map_or(b.len(), |e| i + e + 1);
            text_start = i;
            continue;
        }
        let closing = rest.starts_with("</");
        let name_from = if closing { 2 } else { 1 };
        let name_len = rest[name_from..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(rest.len() - name_from);
        let name = rest[name_from..name_from + name_len].to_ascii_lowercase();
        // Skip attributes up to the closing `>`, respecting quoted values.
        let mut j = i + name_from + name_len;
        let mut quote: Option<u8> = None;
        while j < b.len() {
            match (quote, b[j]) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, c @ (b'"' | b'\'')) => quote = Some(c),
                (None, b'>') => break,
                (None, _) => {}
            }
            j += 1;
        }
        let self_closing = j > 0 && j <= b.len() && b[j - 1] == b'/';
        i = (j + 1).min(b.len());
        text_start = i;
        if name.is_empty() {
            continue;
        }
        if closing {
            events.push(Event::End(name));
            continue;
        }
        events.push(Event::Start(name.clone()));
        if self_closing {
            events.push(Event::End(name));
        } else if RAW.contains(&name.as_str()) {
            // Raw text: everything up to `</name` is content, never markup.
            let end = find_ci(&html[i..], &format!("</{name}")).map_or(b.len(), |e| i + e);
            i = html[end..].find('>').map_or(b.len(), |e| end + e + 1);
            text_start = i;
            events.push(Event::End(name));
        }
    }
    if text_start < b.len() {
        events.push(Event::Text(html[text_start..].to_owned()));
    }
    events
}

/// The character a named reference stands for (the ones news pages use).
fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "reg" => '®',
        "deg" => '°',
        "times" => '×',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        _ => return None,
    })
}

/// Decodes character references; an unknown or malformed one stays as written.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 33);
        let decoded = end.and_then(|e| {
            let body = &rest[1..e];
            let c = if let Some(num) = body.strip_prefix('#') {
                let n = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse::<u32>().ok(),
                };
                // NUL and invalid code points become U+FFFD, as browsers do.
                n.map(|n| char::from_u32(n).filter(|&c| c != '\0').unwrap_or('\u{FFFD}'))
            } else {
                named(body)
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Collects lines: text inside `collect` elements (all blocks in the fallback), outside dropped
/// elements, within the article scope when `scoped`.
fn collect(events: &[Event], scoped: bool, fallback: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut dropped: Vec<&str> = Vec::new();
    let mut scope = 0usize;
    let mut open = 0usize;
    let flush = |current: &mut String, lines: &mut Vec<String>| {
        let line = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !line.is_empty() {
            lines.push(line);
        }
        current.clear();
    };
    let is_collecting = |name: &str| PARAGRAPHS.contains(&name) || fallback && BLOCKS.contains(&name);
    for ev in events {
        match ev {
            Event::Start(name) => {
                let n = name.as_str();
                if n == "article" || n == "main" {
                    scope += 1;
                }
                if DROPPED.contains(&n) || CHROME.contains(&n) && scope == 0 {
                    dropped.push(n);
                } else if n == "br" {
                    flush(&mut current, &mut lines);
                } else if is_collecting(n) {
                    flush(&mut current, &mut lines);
                    open += 1;
                } else if BLOCKS.contains(&n) {
                    flush(&mut current, &mut lines);
                }
            }
            Event::End(name) => {
                let n = name.as_str();
                if let Some(pos) = dropped.iter().rposition(|d| *d == n) {
                    dropped.truncate(pos);
                    continue;
                }
                if (n == "article" || n == "main") && scope > 0 {
                    flush(&mut current, &mut lines);
                    scope -= 1;
                }
                if is_collecting(n) {
                    flush(&mut current, &mut lines);
                    open = open.saturating_sub(1);
                } else if BLOCKS.contains(&n) {
                    flush(&mut current, &mut lines);
                }
            }
            Event::Text(t) => {
                if dropped.is_empty() && (open > 0 || fallback) && (!scoped || scope > 0) {
                    current.push_str(&decode_entities(t));
                    current.push(' ');
                }
            }
        }
    }
    flush(&mut current, &mut lines);
    lines
}

/// The article text of an HTML page, one paragraph per line (with a final newline when there is
/// any text). Empty when the page holds no text outside the dropped elements.
pub fn extract_text(html: &str) -> String {
    let events = scan(html);
    let scoped = events.iter().any(|e| matches!(e, Event::Start(n) if n == "article" || n == "main"));
    let mut lines = collect(&events, scoped, false);
    if lines.is_empty() && scoped {
        lines = collect(&events, false, false);
    }
    if lines.is_empty() {
        lines = collect(&events, false, true);
    }
    let mut text = lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_article_paragraphs_and_drops_the_rest() {
        let page = r#"<!DOCTYPE html><html><head><title>عنوان الموقع</title>
<style>p { color: red }</style><script>var s = "<p>لا</p>";</script></head>
<body><header><nav><a href="/">الرئيسية</a></nav></header>
<p>خارج المقال</p>
<article><header><h1>بوتين يلتقي كيم</h1></header>
<p class="lead">قال الرئيس &amp; أضاف
   إن &#1575;&#x644;محادثات ستستمر.</p>
<aside><p>اقرأ أيضا</p></aside>
<ul><li>نقطة أولى</li><li>نقطة <b>ثانية</b></ul>
<form><button>اشترك</button></form></article>
<footer><p>حقوق النشر</p></footer></body></html>"#;
        assert_eq!(
            extract_text(page),
            "بوتين يلتقي كيم\nقال الرئيس & أضاف إن المحادثات ستستمر.\nنقطة أولى\nنقطة ثانية\n"
        );
    }

    #[test]
    fn without_article_all_paragraphs_count() {
        let page = "<div><p>أ</p><div>تجاهل</div><h2>ب</h2></div><nav><p>ج</p></nav>";
        assert_eq!(extract_text(page), "أ\nب\n");
    }

    #[test]
    fn falls_back_to_blocks_and_survives_broken_markup() {
        assert_eq!(extract_text("<div>سطر<br>ثان</div><div>ثالث"), "سطر\nثان\nثالث\n");
        assert_eq!(
            extract_text("<p>a < b &unknown; &#xZZ; <!-- x --> c</p><p"),
            "a < b &unknown; &#xZZ; c\n"
        );
        assert_eq!(extract_text("<script>never closed <p>x</p>"), "");
        assert_eq!(extract_text(""), "");
    }
}
