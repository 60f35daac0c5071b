//! Sentence splitting over tokens.
//!
//! A sentence ends after a run of terminal punctuation (. ! ? ؟ … ۔), together with the closing
//! quotes and brackets written right after it, and at every line break (news paragraphs are
//! lines). The Arabic semicolon ؛ joins clauses and does not end a sentence (UD Arabic treebanks
//! never end one there). Not every period is an end:
//! - an abbreviation: a single letter before it (د. for doctor, ز. أمين, U.S.), or a known
//!   Latin abbreviation (Mr., Dr., St., No.) — except the year letters م and هـ right after a
//!   number (عام 1990م.), which usually close the sentence;
//! - an ellipsis in brackets, "(...)", marks an omission inside a quotation;
//! - a terminal followed by a lowercase Latin word or by a digit glued to it.
//!
//! The space-before-period habit of Arabic newswire (`اوكرانيا .`) needs no rule: the period is
//! a token either way.

use std::ops::Range;

use crate::text::{Document, Span, Token, TokenKind};

/// A sentence: its original span and the range of its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Range<usize>,
}

fn is_terminal(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "؟" | "…" | "۔" | "‼" | "⁉" | "⁈")
}

fn is_closing(s: &str) -> bool {
    matches!(s, "\"" | "»" | "”" | "’" | ")" | "]" | "'" | "›" | "}")
}

/// Latin abbreviations that take a period inside a sentence.
const LATIN_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "No", "Prof", "Jr", "Sr", "Inc", "Ltd", "Co", "Corp", "vs", "etc", "Gen",
    "Col", "Lt", "Sgt", "Gov", "Sen", "Rep", "Mt", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct",
    "Nov", "Dec",
];

/// Splits tokens into sentences.
pub fn split(doc: &Document, tokens: &[Token]) -> Vec<Sentence> {
    let text = doc.normalized();
    let norm = |i: usize| &text[tokens[i].norm.clone()];
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let mut end = None;
        if tokens[i].kind == TokenKind::Punct && is_terminal(norm(i)) && ends_sentence(doc, tokens, i) {
            // Take the whole terminal run and the closing marks glued after it.
            let mut j = i;
            while j + 1 < tokens.len()
                && tokens[j + 1].kind == TokenKind::Punct
                && (is_terminal(norm(j + 1)) || is_closing(norm(j + 1)))
                && !line_break_between(text, &tokens[j], &tokens[j + 1])
            {
                j += 1;
            }
            end = Some(j);
        }
        let last = end.unwrap_or(i);
        let boundary = end.is_some()
            || last + 1 == tokens.len()
            || tokens.get(last + 1).is_some_and(|n| line_break_between(text, &tokens[last], n));
        if boundary {
            let span = tokens[start].span.cover(tokens[last].span);
            out.push(Sentence { span, tokens: start..last + 1 });
            start = last + 1;
        }
        i = last + 1;
    }
    out
}

fn line_break_between(text: &str, a: &Token, b: &Token) -> bool {
    text.get(a.norm.end..b.norm.start).is_some_and(|gap| gap.contains('\n'))
}

/// Whether the terminal punctuation token `i` ends its sentence.
fn ends_sentence(doc: &Document, tokens: &[Token], i: usize) -> bool {
    let text = doc.normalized();
    let norm = |k: usize| &text[tokens[k].norm.clone()];
    let glued_before = i > 0 && tokens[i - 1].norm.end == tokens[i].norm.start;
    // The run of terminal marks this token belongs to.
    let mut run_start = i;
    while run_start > 0 && is_terminal(norm(run_start - 1)) && tokens[run_start - 1].kind == TokenKind::Punct
    {
        run_start -= 1;
    }
    let mut run_end = i;
    while run_end + 1 < tokens.len()
        && is_terminal(norm(run_end + 1))
        && tokens[run_end + 1].kind == TokenKind::Punct
    {
        run_end += 1;
    }
    if run_end != i {
        // Only the last mark of a run decides.
        return false;
    }
    // "(...)": an omission inside a quotation.
    if run_start > 0
        && matches!(norm(run_start - 1), "(" | "[")
        && tokens.get(i + 1).is_some_and(|n| matches!(&text[n.norm.clone()], ")" | "]"))
    {
        return false;
    }
    if norm(i) == "." && run_start == i && glued_before {
        let prev = &tokens[i - 1];
        let p = norm(i - 1);
        let single_letter = p.chars().count() == 1 && matches!(prev.kind, TokenKind::Word | TokenKind::Latin);
        if single_letter {
            // عام 1990م. ends a sentence; د. محمد does not.
            let after_number = i >= 2 && tokens[i - 2].kind == TokenKind::Number;
            if !(after_number && matches!(p, "م" | "ه")) {
                return false;
            }
        }
        if prev.kind == TokenKind::Latin
            && (LATIN_ABBREVIATIONS.contains(&p) || p.split('.').all(|part| part.chars().count() == 1))
        {
            return false;
        }
    }
    if let Some(next) = tokens.get(i + 1) {
        let n = &text[next.norm.clone()];
        let glued_after = next.norm.start == tokens[i].norm.end;
        if next.kind == TokenKind::Latin && n.chars().next().is_some_and(char::is_lowercase) {
            return false;
        }
        if glued_after && matches!(next.kind, TokenKind::Number | TokenKind::Word | TokenKind::Latin) {
            // 3.x, a.b: no space after the mark, so not a sentence end.
            return norm(i) != ".";
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{NormalizeOptions, tokenize::tokenize};

    fn sentences(s: &str) -> Vec<String> {
        let doc = Document::new(s.to_owned(), &NormalizeOptions::default());
        let tokens = tokenize(&doc);
        split(&doc, &tokens).iter().map(|x| doc.text(x.span).to_owned()).collect()
    }

    #[test]
    fn arabic_terminals_and_space_before_period() {
        assert_eq!(
            sentences("وصل الوفد الى اوكرانيا . وبدأت المحادثات؟ نعم!"),
            vec!["وصل الوفد الى اوكرانيا .", "وبدأت المحادثات؟", "نعم!"]
        );
    }

    #[test]
    fn semicolon_does_not_end_a_sentence() {
        assert_eq!(sentences("قال الوزير كذا؛ وأضاف كذا."), vec!["قال الوزير كذا؛ وأضاف كذا."]);
    }

    #[test]
    fn closing_quotes_stay_with_the_sentence() {
        assert_eq!(sentences("قال: \"لن أعود.\" ثم غادر."), vec!["قال: \"لن أعود.\"", "ثم غادر."]);
        assert_eq!(sentences("قال «انتهى الأمر!» وغادر."), vec!["قال «انتهى الأمر!»", "وغادر."]);
    }

    #[test]
    fn abbreviations_and_numbers() {
        assert_eq!(sentences("التقى د. محمد علي بالوزير."), vec!["التقى د. محمد علي بالوزير."]);
        assert_eq!(sentences("ولد عام 1990م. ثم انتقل."), vec!["ولد عام 1990م.", "ثم انتقل."]);
        assert_eq!(sentences("ارتفع بنسبة 3.5 بالمئة."), vec!["ارتفع بنسبة 3.5 بالمئة."]);
        assert_eq!(sentences("زار Mr. Smith the U.S. office."), vec!["زار Mr. Smith the U.S. office."]);
    }

    #[test]
    fn bracketed_ellipsis_is_an_omission() {
        assert_eq!(
            sentences("قال \"الامر يخيفني (...) انها مفاجأة\"."),
            vec!["قال \"الامر يخيفني (...) انها مفاجأة\"."]
        );
    }

    #[test]
    fn line_breaks_end_sentences() {
        assert_eq!(sentences("عنوان الخبر\nنص الخبر هنا"), vec!["عنوان الخبر", "نص الخبر هنا"]);
    }
}
