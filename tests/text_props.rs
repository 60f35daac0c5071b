//! Property tests of the text layer: for random mixes of Arabic letters, diacritics, tatweel,
//! presentation forms, invisible marks, emoji, Latin, digits, punctuation and whitespace, every
//! token and sentence span points at exactly its text in the original.

use khabar::text::{Document, NormalizeOptions, normalize::normalize_str, sentences, tokenize};
use proptest::prelude::*;

/// Pieces the generated texts are made of.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإئؤةى]{1,8}",
        2 => "[\u{064B}-\u{0652}\u{0670}]{1,2}",
        1 => Just("\u{0640}".to_owned()),
        1 => "[\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFC}]{1,3}",
        1 => "[\u{200B}-\u{200F}\u{202A}-\u{202E}\u{FEFF}\u{061C}]",
        1 => "[\u{1F600}-\u{1F64F}\u{1F1E6}-\u{1F1FF}]",
        2 => "[A-Za-z]{1,6}",
        1 => "[0-9٠-٩۰-۹]{1,4}",
        2 => "[.,:;!?؟،؛()«»\"'…\\-/@#%]",
        3 => "[ \t\n\r\u{A0}\u{2003}]{1,3}",
        1 => Just("https://ex.com/a?b=1".to_owned()),
    ]
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{FEFF}' | '\u{061C}')
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
}

/// `original[start..end]` in characters, computed independently of the library.
fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn options() -> impl Strategy<Value = NormalizeOptions> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(d, t, p, i, w)| {
        NormalizeOptions {
            diacritics: d,
            tatweel: t,
            presentation_forms: p,
            invisible: i,
            whitespace: w,
            ..NormalizeOptions::default()
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn token_and_sentence_spans_are_exact(original in text(), opts in options()) {
        let doc = Document::new(original.clone(), &opts);
        let n = original.chars().count();
        let tokens = tokenize::tokenize(&doc);
        let mut prev_end = 0;
        for t in &tokens {
            prop_assert!(t.span.start < t.span.end, "empty span {:?}", t.span);
            prop_assert!(t.span.end <= n);
            prop_assert!(t.span.start >= prev_end, "overlap or disorder at {:?}", t.span);
            prev_end = t.span.end;
            let surface = chars(&original, t.span.start, t.span.end);
            prop_assert_eq!(doc.text(t.span), surface.as_str());
            prop_assert!(!surface.chars().any(char::is_whitespace) || t.norm.is_empty());
            // The token's original text normalizes to the token's normalized form.
            if opts.whitespace {
                prop_assert_eq!(normalize_str(&surface, &opts), t.normalized(&doc));
            }
        }
        let sents = sentences::split(&doc, &tokens);
        let mut next_token = 0;
        let mut prev_end = 0;
        for s in &sents {
            prop_assert_eq!(s.tokens.start, next_token);
            prop_assert!(s.tokens.end > s.tokens.start);
            next_token = s.tokens.end;
            prop_assert!(s.span.start >= prev_end && s.span.end <= n);
            prev_end = s.span.end;
            prop_assert_eq!(doc.text(s.span), chars(&original, s.span.start, s.span.end));
            prop_assert_eq!(s.span.start, tokens[s.tokens.start].span.start);
            prop_assert_eq!(s.span.end, tokens[s.tokens.end - 1].span.end);
        }
        prop_assert_eq!(next_token, tokens.len());
    }

    #[test]
    fn clitic_cuts_stay_inside_the_word(original in text()) {
        let doc = Document::new(original, &NormalizeOptions::default());
        for t in tokenize::tokenize(&doc) {
            let w = t.normalized(&doc);
            let seg = t.seg;
            let (p, a, s) = (seg.prefix_len as usize, seg.article_len as usize, seg.suffix_len as usize);
            prop_assert!(p + a + s <= w.len());
            prop_assert!(w.is_char_boundary(p) && w.is_char_boundary(p + a) && w.is_char_boundary(w.len() - s));
            let parts = khabar::text::clitics::parts(w, seg);
            let joined: String = parts.proclitics.concat() + parts.article.unwrap_or("") + parts.stem + parts.enclitic.unwrap_or("");
            prop_assert_eq!(joined, w);
        }
    }

    #[test]
    fn conll_output_covers_every_non_space_character(original in text()) {
        let doc = Document::new(original.clone(), &NormalizeOptions::default());
        let tokens = tokenize::tokenize(&doc);
        let sents = sentences::split(&doc, &tokens);
        for style in [khabar::output::conllu::Style::Multiword, khabar::output::conllu::Style::Split] {
            let mut out = Vec::new();
            let options = khabar::output::conllu::Options { style, sent_id_prefix: String::new() };
            khabar::output::conllu::write(&doc, &tokens, &sents, &options, &mut out).expect("write to Vec");
            let out = String::from_utf8(out).expect("utf-8");
            // Surface tokens: range lines, and word lines outside ranges.
            let mut surface = String::new();
            let mut skip_to = 0usize;
            for line in out.lines() {
                if line.is_empty() || line.starts_with('#') {
                    skip_to = 0;
                    continue;
                }
                let cols: Vec<&str> = line.split('\t').collect();
                prop_assert_eq!(cols.len(), 10);
                if let Some((_, b)) = cols[0].split_once('-') {
                    skip_to = b.parse().expect("range end");
                    surface.push_str(cols[1]);
                } else if cols[0].parse::<usize>().expect("id") > skip_to {
                    surface.push_str(cols[1]);
                }
            }
            // Invisible format characters standing alone between spaces belong to no token.
            let visible = |c: &char| !c.is_whitespace() && !is_invisible(*c);
            let expected: String = original.chars().filter(visible).collect();
            let covered: String = tokens.first().map_or(String::new(), |_| {
                let first = tokens[0].span.start;
                let last = tokens[tokens.len() - 1].span.end;
                chars(&original, first, last).chars().filter(visible).collect()
            });
            let surface: String = surface.chars().filter(visible).collect();
            // Everything between the first and the last token is written, nothing twice.
            prop_assert!(expected.contains(&covered));
            prop_assert!(surface.contains(&covered), "{surface:?} vs {covered:?}");
        }
    }
}
