//! `--format text` for `analyze`, `entities` and `claims`: a summary for a person at a terminal —
//! where the article came from, its size, its entities by salience and its most check-worthy
//! claims.
//!
//! Terminals lay lines out left to right and apply the Unicode bidi algorithm to each line, which
//! reorders neutral characters (digits, brackets, separators) around right-to-left text: a line
//! `3  PERSON  بوتين  5` can come out with its columns shuffled. So every field that holds Arabic
//! is wrapped in a first-strong isolate (U+2068 … U+2069), which makes the field one opaque unit
//! for the rest of the line, and the bidi controls the article itself may carry are dropped from
//! it first (an unmatched override could otherwise escape the isolate). Arabic fields are also
//! always the last thing on their line, so that even a terminal without isolate support keeps the
//! columns before them in place.

use std::fmt::Write as _;

use crate::analysis::Analysis;
use crate::entities::Entity;
use crate::entities::lexicon::type_label;
use crate::output::View;
use crate::output::json::top_claims;

/// How many claims `analyze --format text` lists (`claims --top N` chooses its own number).
const TOP_CLAIMS: usize = 5;

const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Bidi embeddings, overrides, isolates and marks: article text must not change our layout.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A field for one line: line breaks and tabs become spaces, bidi controls are dropped, and text
/// holding any right-to-left character is isolated.
pub fn field(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|&c| !is_bidi_control(c))
        .map(|c| if c.is_control() || c == '\u{2028}' || c == '\u{2029}' { ' ' } else { c })
        .collect();
    if clean.chars().any(is_rtl) { format!("{FSI}{clean}{PDI}") } else { clean }
}

/// The JSON name of a unit enum variant (`reported`, `asserted`).
fn plain<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// Entity indices by salience, highest first; ties keep article order.
fn by_salience(entities: &[Entity]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by(|&a, &b| entities[b].salience.score.total_cmp(&entities[a].salience.score));
    order
}

fn heading(a: &Analysis, view: View, s: &mut String) {
    let name = match (&a.source, &a.id) {
        (Some(src), _) => field(src),
        (None, Some(serde_json::Value::String(id))) => format!("id {}", field(id)),
        (None, Some(id)) => format!("id {id}"),
        (None, None) => "article".to_owned(),
    };
    let _ = writeln!(s, "khabar {} — {name}", a.khabar_version);
    let st = &a.stats;
    let encoding = a.encoding.as_deref().map(|e| format!("{e}, ")).unwrap_or_default();
    let _ = write!(
        s,
        "{encoding}{} characters, {} sentences, {} tokens ({} words), {} entities",
        st.chars,
        st.sentences,
        st.tokens,
        st.words,
        a.entities.len(),
    );
    // `entities` does not extract claims: a count of zero there would be a false statement.
    if view != View::Entities {
        let _ = write!(s, ", {} claims", a.claims.len());
    }
    s.push('\n');
}

fn entities(a: &Analysis, s: &mut String) {
    let _ = writeln!(s, "\nEntities by salience ({})", a.entities.len());
    if a.entities.is_empty() {
        s.push_str("  (none)\n");
        return;
    }
    let _ = writeln!(s, "  {:>3}  {:<12}  {:<10}  {:>5}  name — Arabic", "#", "type", "wikidata", "count");
    for (rank, &i) in by_salience(&a.entities).iter().enumerate() {
        let e = &a.entities[i];
        let _ = write!(
            s,
            "  {:>3}  {:<12}  {:<10}  {:>5}  {}",
            rank + 1,
            type_label(e.entity_type),
            e.wikidata.as_deref().unwrap_or("-"),
            e.count,
            field(&e.name)
        );
        if !e.name_ar.is_empty() && e.name_ar != e.name {
            let _ = write!(s, " — {}", field(&e.name_ar));
        }
        s.push('\n');
    }
}

fn claims(a: &Analysis, top: usize, s: &mut String) {
    let shown = top_claims(&a.claims, Some(top));
    let _ = writeln!(s, "\nTop claims ({} of {}, most check-worthy first)", shown.len(), a.claims.len());
    if shown.is_empty() {
        s.push_str("  (none)\n");
        return;
    }
    for (rank, c) in shown.iter().enumerate() {
        let negated = if c.negated { ", negated" } else { "" };
        let _ = write!(
            s,
            "  {:>2}. {}, {}{negated}, score {:.2}, sentence {}, chars {}-{}",
            rank + 1,
            plain(&c.kind),
            plain(&c.certainty),
            c.score,
            c.sentence + 1,
            c.span.start,
            c.span.end
        );
        match &c.speaker {
            Some(sp) => {
                let who = sp.entity_name.as_deref().filter(|n| !n.is_empty()).unwrap_or(&sp.text);
                let _ = writeln!(s, ", speaker: {}", field(who));
            }
            None => s.push('\n'),
        }
        let _ = writeln!(s, "      {}", field(&c.text));
    }
}

/// Renders the summary of one analysis; `view` chooses the sections (`entities` shows only the
/// entities, `claims` only its `top` claims). In a batch each article ends with a blank line.
pub fn render(a: &Analysis, view: View, out: &mut Vec<u8>) {
    let mut s = String::new();
    heading(a, view, &mut s);
    match view {
        View::Entities => entities(a, &mut s),
        View::Claims { top } => claims(a, top.unwrap_or(usize::MAX), &mut s),
        View::Analysis { .. } | View::Tokens => {
            entities(a, &mut s);
            claims(a, TOP_CLAIMS, &mut s);
        }
    }
    s.push('\n');
    out.extend_from_slice(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_fields_are_isolated_and_stripped_of_overrides() {
        assert_eq!(field("Putin"), "Putin");
        assert_eq!(field("بوتين 2024"), "\u{2068}بوتين 2024\u{2069}");
        // An override inside the article cannot leak past the isolate.
        assert_eq!(field("\u{202E}بوتين\n"), "\u{2068}بوتين \u{2069}");
    }
}
