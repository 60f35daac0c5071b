//! Escaping for the three places untrusted text lands in the report: element text, attribute
//! values, and the JSON data block. The article, entity names and file names are all untrusted, so
//! nothing reaches the page without passing through one of these functions.

use std::fmt::Write as _;

/// Bidirectional formatting characters that can reorder the text around them: the embeddings and
/// overrides (U+202A–U+202E) and the isolates (U+2066–U+2069). Left alone in the article they
/// could flip the reading order of a sentence or, spilling out, of the report's own interface.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Control characters other than the line-breaking whitespace (tab, LF, CR): invisible, and some
/// are dropped or rewritten by the HTML parser, so they are shown as a visible code instead of
/// passed through silently.
pub fn is_hidden_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || is_bidi_control(c)
}

/// Unicode name of the bidi controls, for the tooltip of their visible marker.
pub fn control_name(c: char) -> &'static str {
    match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        _ => "CONTROL CHARACTER",
    }
}

/// Escapes text for element content, keeping every character of `s` in the DOM.
///
/// A carriage return is written as a character reference because the parser folds raw CR into LF;
/// NUL is the one character HTML cannot carry at all (the tree builder drops it), so it becomes
/// U+FFFD.
pub fn text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Escapes text for a double-quoted attribute value.
pub fn attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => out.push_str("&#13;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// Text for places where markup cannot isolate the characters (the `<title>`, attribute values,
/// the side panel): hidden and bidi controls are replaced by a visible `⟨U+XXXX⟩` code.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_hidden_control(c) {
            let _ = write!(out, "⟨U+{:04X}⟩", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes [`visible`] text for element content.
pub fn visible_text(out: &mut String, s: &str) {
    text(out, &visible(s));
}

/// Escapes [`visible`] text for an attribute value.
pub fn visible_attr(out: &mut String, s: &str) {
    attr(out, &visible(s));
}

/// Makes serialized JSON safe inside `<script type="application/json">`: `<` and `>` cannot
/// close the element or open a comment, `&` cannot start a reference, and U+2028/U+2029 (line
/// terminators to older JavaScript) are escaped, and so are bidi controls, which would otherwise
/// reorder the page source for anyone reading it. These characters only occur inside JSON strings,
/// where `\uXXXX` means the same thing, so the data parses back unchanged.
pub fn json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if is_bidi_control(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_and_keeps_the_rest() {
        let mut out = String::new();
        text(&mut out, "<script>a&b</script>\"'\r\0ش");
        assert_eq!(out, "&lt;script&gt;a&amp;b&lt;/script&gt;\"'&#13;\u{FFFD}ش");
    }

    #[test]
    fn attr_escapes_quotes() {
        let mut out = String::new();
        attr(&mut out, "\"><img onerror='x'>");
        assert_eq!(out, "&quot;&gt;&lt;img onerror=&#39;x&#39;&gt;");
    }

    #[test]
    fn visible_shows_bidi_controls() {
        assert_eq!(visible("a\u{202E}b\u{2066}c\u{1}d\ne"), "a⟨U+202E⟩b⟨U+2066⟩c⟨U+0001⟩d\ne");
        assert_eq!(visible("كيم"), "كيم");
    }

    #[test]
    fn json_escaping_roundtrips() {
        let v = serde_json::json!({"t": "</script><!-- & \u{2028}\u{2029} > \u{202E}x\u{2066}"});
        let s = json_for_script(&v.to_string());
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert!(!s.contains('\u{2028}') && !s.contains('\u{2029}'));
        assert!(!s.chars().any(is_bidi_control));
        let back: serde_json::Value = serde_json::from_str(&s).expect("valid json");
        assert_eq!(back, v);
    }
}
