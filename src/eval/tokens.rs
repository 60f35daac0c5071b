//! `khabar eval tokens`: tokenization, clitic segmentation and sentence splitting scored against a
//! UD treebank the way the CoNLL 2018 shared task scored them (`conll18_ud_eval.py`).
//!
//! The raw text is rebuilt from the gold file's `# text` comments: sentences of one paragraph
//! joined by a single space, paragraphs (a `# newpar`, or a `# newdoc` whose id differs from the
//! previous one) separated by a blank line — the layout of the shared task's raw-text inputs,
//! minus their line wrapping. khabar tokenizes, segments and splits that text, writes it as
//! CoNLL-U ([`crate::output::conllu`]), and both files are scored by the script's definitions:
//!
//! - every file is reduced to its *characters*: the concatenation of the token forms with
//!   whitespace (Unicode `Zs`) removed; both files must have the same characters;
//! - **Tokens** and **Sentences**: spans over those characters; a system span is correct when a
//!   gold span has the same start and end. F1 = 2·correct / (gold + system);
//! - **Words**: a word outside multiword tokens is correct when a gold word outside multiword
//!   tokens has the same span. Words inside multiword tokens (on either side) are aligned inside
//!   the smallest region both sides agree on by the longest common subsequence of their
//!   lowercased forms.
//!
//! The gold convention decides the system's: a gold file with multiword-token lines (PADT) is
//! answered with multiword tokens, one without (PUD) with clitics as separate tokens.

use std::fmt;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::output::conllu::{self, Style};
use crate::text::{self, Document, NormalizeOptions};

/// Precision, recall and F1 of one metric.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Score {
    pub gold: usize,
    pub system: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    pub fn new(gold: usize, system: usize, correct: usize) -> Score {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        Score {
            gold,
            system,
            correct,
            precision: ratio(correct, system),
            recall: ratio(correct, gold),
            f1: ratio(2 * correct, gold + system),
        }
    }
}

/// The three scores.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    pub tokens: Score,
    pub words: Score,
    pub sentences: Score,
}

/// The result of [`evaluate`].
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub gold_file: String,
    /// `multiword` (PADT) or `split` (PUD).
    pub style: String,
    #[serde(flatten)]
    pub scores: Scores,
    /// Regions where gold and system words disagree (up to `max_errors`), for error analysis.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "gold: {} (style {})", self.gold_file, self.style)?;
        writeln!(f, "Metric     | Precision |    Recall |  F1 Score |   Gold | System | Correct")?;
        writeln!(f, "-----------+-----------+-----------+-----------+--------+--------+--------")?;
        for (name, s) in [
            ("Tokens", self.scores.tokens),
            ("Sentences", self.scores.sentences),
            ("Words", self.scores.words),
        ] {
            writeln!(
                f,
                "{:<11}|{:>10.2} |{:>10.2} |{:>10.2} |{:>7} |{:>7} |{:>7}",
                name,
                100.0 * s.precision,
                100.0 * s.recall,
                100.0 * s.f1,
                s.gold,
                s.system,
                s.correct
            )?;
        }
        for e in &self.errors {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

/// Options of [`evaluate`].
#[derive(Clone, Debug, Default)]
pub struct EvalOptions {
    pub normalize: NormalizeOptions,
    /// Force a clitic layout instead of following the gold file's.
    pub style: Option<Style>,
    /// How many disagreement regions to list in the report.
    pub max_errors: usize,
}

/// Scores khabar on the gold CoNLL-U file at `gold_path`.
pub fn evaluate(gold_path: &Path, options: &EvalOptions) -> Result<Report> {
    let gold_text =
        std::fs::read_to_string(gold_path).with_context(|| format!("reading {}", gold_path.display()))?;
    let mut report = evaluate_str(&gold_text, options).with_context(|| gold_path.display().to_string())?;
    report.gold_file = gold_path.display().to_string();
    Ok(report)
}

/// [`evaluate`] over the gold file's contents.
pub fn evaluate_str(gold_text: &str, options: &EvalOptions) -> Result<Report> {
    let gold = UdFile::parse(gold_text).context("gold file")?;
    let style = options.style.unwrap_or(if gold.has_multiword { Style::Multiword } else { Style::Split });
    let system_text = system_conllu(&raw_text(gold_text), &options.normalize, style);
    let system = UdFile::parse(&system_text).context("system output")?;
    let (scores, errors) = score(&gold, &system, options.max_errors)?;
    Ok(Report {
        gold_file: String::new(),
        style: match style {
            Style::Multiword => "multiword",
            Style::Split => "split",
        }
        .to_owned(),
        scores,
        errors,
    })
}

/// The raw text of a gold file (see the module documentation for the layout). A sentence
/// without a `# text` comment is rebuilt from its surface tokens and their `SpaceAfter=No`.
pub fn raw_text(conllu: &str) -> String {
    let mut out = String::new();
    let mut new_par = false;
    let mut last_doc: Option<&str> = None;
    let mut text: Option<&str> = None;
    let mut rebuilt = String::new();
    // Last word ID covered by a multiword-token range in this sentence.
    let mut range_end = 0usize;
    let mut in_sentence = false;
    for line in conllu.lines().chain(std::iter::once("")) {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if in_sentence {
                let sentence = text.map_or(rebuilt.trim_end(), str::trim);
                if !out.is_empty() {
                    out.push_str(if new_par { "\n\n" } else { " " });
                }
                out.push_str(sentence);
                new_par = false;
            }
            (text, in_sentence, range_end) = (None, false, 0);
            rebuilt.clear();
        } else if let Some(rest) = line.strip_prefix("# newdoc") {
            let id = rest.split_once('=').map_or("", |(_, v)| v.trim());
            if last_doc != Some(id) || id.is_empty() {
                new_par = true;
            }
            last_doc = Some(id);
        } else if line.starts_with("# newpar") {
            new_par = true;
        } else if let Some(t) = line.strip_prefix("# text =") {
            text = Some(t);
        } else if !line.starts_with('#') {
            in_sentence = true;
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 10 || cols[0].contains('.') {
                continue;
            }
            let surface = if let Some((_, b)) = cols[0].split_once('-') {
                range_end = b.parse().unwrap_or(0);
                true
            } else {
                cols[0].parse::<usize>().is_ok_and(|k| k > range_end)
            };
            if surface {
                rebuilt.push_str(cols[1]);
                if !cols[9].split('|').any(|m| m == "SpaceAfter=No") {
                    rebuilt.push(' ');
                }
            }
        }
    }
    out.push('\n');
    out
}

/// khabar's CoNLL-U for a raw text.
pub fn system_conllu(raw: &str, normalize: &NormalizeOptions, style: Style) -> String {
    let doc = Document::new(raw.to_owned(), normalize);
    let tokens = text::tokenize::tokenize(&doc);
    let sentences = text::sentences::split(&doc, &tokens);
    let mut out = Vec::with_capacity(raw.len() * 4);
    let options = conllu::Options { style, sent_id_prefix: String::new() };
    // Writing to a Vec cannot fail.
    let _ = conllu::write(&doc, &tokens, &sentences, &options, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// A syntactic word: the character span of its token, its form, whether it is inside a
/// multiword token.
#[derive(Clone, Debug)]
struct UdWord {
    start: usize,
    end: usize,
    form: String,
    multiword: bool,
}

/// A CoNLL-U file reduced to what the tokenization metrics read.
#[derive(Debug, Default)]
struct UdFile {
    chars: Vec<char>,
    tokens: Vec<(usize, usize)>,
    words: Vec<UdWord>,
    sentences: Vec<(usize, usize)>,
    has_multiword: bool,
}

/// Whitespace the scorer removes from forms (Unicode general category Zs).
fn is_zs(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}')
}

impl UdFile {
    fn parse(text: &str) -> Result<UdFile> {
        let mut ud = UdFile::default();
        let mut sentence_start: Option<usize> = None;
        // Words still expected inside the current multiword token.
        let mut pending_mwt: usize = 0;
        let mut expected_id = 1usize;
        for (n, raw_line) in text.lines().enumerate() {
            let line = raw_line.trim_end_matches('\r');
            if sentence_start.is_none() {
                if line.starts_with('#') || line.is_empty() {
                    continue;
                }
                sentence_start = Some(ud.chars.len());
                expected_id = 1;
            }
            if line.is_empty() {
                if pending_mwt > 0 {
                    bail!("line {}: multiword token ends after its sentence", n + 1);
                }
                ud.sentences.push((sentence_start.take().unwrap_or(0), ud.chars.len()));
                continue;
            }
            if line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 10 {
                bail!("line {}: not 10 tab-separated columns", n + 1);
            }
            let id = cols[0];
            if id.contains('.') {
                continue; // empty node
            }
            let form: String = cols[1].chars().filter(|&c| !is_zs(c)).collect();
            if form.is_empty() {
                bail!("line {}: empty FORM", n + 1);
            }
            if pending_mwt > 0 {
                let (start, end) = *ud.tokens.last().unwrap_or(&(0, 0));
                ud.words.push(UdWord { start, end, form, multiword: true });
                pending_mwt -= 1;
                expected_id += 1;
                continue;
            }
            let start = ud.chars.len();
            ud.chars.extend(form.chars());
            let end = ud.chars.len();
            ud.tokens.push((start, end));
            if let Some((a, b)) = id.split_once('-') {
                let (a, b): (usize, usize) = (
                    a.parse().with_context(|| format!("line {}: bad range {id}", n + 1))?,
                    b.parse().with_context(|| format!("line {}: bad range {id}", n + 1))?,
                );
                if a != expected_id || b < a {
                    bail!("line {}: range {id} does not start at word {expected_id}", n + 1);
                }
                pending_mwt = b - a + 1;
                ud.has_multiword = true;
            } else {
                let k: usize = id.parse().with_context(|| format!("line {}: bad ID {id}", n + 1))?;
                if k != expected_id {
                    bail!("line {}: word ID {k}, expected {expected_id}", n + 1);
                }
                expected_id += 1;
                ud.words.push(UdWord { start, end, form, multiword: false });
            }
        }
        if sentence_start.is_some() {
            ud.sentences.push((sentence_start.unwrap_or(0), ud.chars.len()));
        }
        Ok(ud)
    }
}

/// Span F1 as the script computes it: walk both sorted span lists, count equal spans.
fn spans_score(gold: &[(usize, usize)], system: &[(usize, usize)]) -> Score {
    let (mut gi, mut si, mut correct) = (0, 0, 0);
    while gi < gold.len() && si < system.len() {
        if system[si].0 < gold[gi].0 {
            si += 1;
        } else if gold[gi].0 < system[si].0 {
            gi += 1;
        } else {
            correct += usize::from(gold[gi].1 == system[si].1);
            gi += 1;
            si += 1;
        }
    }
    Score::new(gold.len(), system.len(), correct)
}

/// Whether word `i` lies past the end of the current multiword region: a multiword word when
/// its token starts at or after the end, any other word when it ends after it.
fn beyond_end(words: &[UdWord], i: usize, end: usize) -> bool {
    match words.get(i) {
        None => true,
        Some(w) if w.multiword => w.start >= end,
        Some(w) => w.end > end,
    }
}

/// Aligns gold and system words; returns the matched (gold, system) index pairs.
fn align_words(gold: &[UdWord], system: &[UdWord]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let (mut gi, mut si) = (0, 0);
    while gi < gold.len() && si < system.len() {
        if !gold[gi].multiword && !system[si].multiword {
            if (gold[gi].start, gold[gi].end) == (system[si].start, system[si].end) {
                pairs.push((gi, si));
                gi += 1;
                si += 1;
            } else if gold[gi].start <= system[si].start {
                gi += 1;
            } else {
                si += 1;
            }
            continue;
        }
        // The region starts at the multiword token; a plain word on the other side that
        // starts before it is left behind.
        let mut end;
        if gold[gi].multiword {
            end = gold[gi].end;
            if !system[si].multiword && system[si].start < gold[gi].start {
                si += 1;
            }
        } else {
            end = system[si].end;
            if gold[gi].start < system[si].start {
                gi += 1;
            }
        }
        let (gs, ss) = (gi, si);
        // Grow the region until both sides stand past its end; multiword tokens met on the way
        // extend it.
        while !beyond_end(gold, gi, end) || !beyond_end(system, si, end) {
            let take_gold = gi < gold.len() && (si >= system.len() || gold[gi].start <= system[si].start);
            let w = if take_gold { &gold[gi] } else { &system[si] };
            if w.multiword && w.end > end {
                end = w.end;
            }
            if take_gold {
                gi += 1;
            } else {
                si += 1;
            }
        }
        align_lcs(&gold[gs..gi], &system[ss..si], gs, ss, &mut pairs);
    }
    pairs
}

fn same_form(a: &UdWord, b: &UdWord) -> bool {
    a.form == b.form || a.form.to_lowercase() == b.form.to_lowercase()
}

/// Aligns two word sequences by the longest common subsequence of their lowercased forms,
/// walking the table the way the script does (prefer a match, then skipping a gold word when
/// that keeps the LCS length).
fn align_lcs(gold: &[UdWord], system: &[UdWord], g0: usize, s0: usize, pairs: &mut Vec<(usize, usize)>) {
    let (ng, ns) = (gold.len(), system.len());
    if ng == 0 || ns == 0 {
        return;
    }
    // lcs[g][s]: LCS length of gold[g..] and system[s..]; one extra row and column of zeros.
    let w = ns + 1;
    let mut lcs = vec![0u32; (ng + 1) * w];
    for g in (0..ng).rev() {
        for s in (0..ns).rev() {
            let v = if same_form(&gold[g], &system[s]) { 1 + lcs[(g + 1) * w + s + 1] } else { 0 };
            lcs[g * w + s] = v.max(lcs[(g + 1) * w + s]).max(lcs[g * w + s + 1]);
        }
    }
    let (mut g, mut s) = (0, 0);
    while g < ng && s < ns {
        if same_form(&gold[g], &system[s]) {
            pairs.push((g0 + g, s0 + s));
            g += 1;
            s += 1;
        } else if lcs[g * w + s] == lcs[(g + 1) * w + s] {
            g += 1;
        } else {
            s += 1;
        }
    }
}

/// Scores `system` against `gold`; lists up to `max_errors` word disagreements.
fn score(gold: &UdFile, system: &UdFile, max_errors: usize) -> Result<(Scores, Vec<String>)> {
    if gold.chars != system.chars {
        let i = gold.chars.iter().zip(&system.chars).take_while(|(a, b)| a == b).count();
        let show = |c: &[char]| c.iter().skip(i).take(20).collect::<String>();
        bail!(
            "the concatenation of tokens differs from the gold file at character {i}: gold '{}', system '{}'",
            show(&gold.chars),
            show(&system.chars)
        );
    }
    let pairs = align_words(&gold.words, &system.words);
    let scores = Scores {
        tokens: spans_score(&gold.tokens, &system.tokens),
        sentences: spans_score(&gold.sentences, &system.sentences),
        words: Score::new(gold.words.len(), system.words.len(), pairs.len()),
    };
    let errors = if max_errors > 0 { word_errors(gold, system, &pairs, max_errors) } else { Vec::new() };
    Ok((scores, errors))
}

/// Character regions holding unaligned words, each shown as `surface: gold words | system words`.
fn word_errors(gold: &UdFile, system: &UdFile, pairs: &[(usize, usize)], max: usize) -> Vec<String> {
    let mut g_ok = vec![false; gold.words.len()];
    let mut s_ok = vec![false; system.words.len()];
    for &(g, s) in pairs {
        g_ok[g] = true;
        s_ok[s] = true;
    }
    let mut regions: Vec<(usize, usize)> = gold
        .words
        .iter()
        .zip(&g_ok)
        .chain(system.words.iter().zip(&s_ok))
        .filter(|(_, ok)| !**ok)
        .map(|(w, _)| (w.start, w.end))
        .collect();
    regions.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in regions {
        match merged.last_mut() {
            Some(last) if a < last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let words_in = |ws: &[UdWord], (a, b): (usize, usize)| {
        ws.iter().filter(|w| w.start < b && w.end > a).map(|w| w.form.as_str()).collect::<Vec<_>>().join(" ")
    };
    merged
        .into_iter()
        .take(max)
        .map(|r| {
            let surface: String = gold.chars[r.0..r.1].iter().collect();
            format!(
                "{surface}: gold [{}] | khabar [{}]",
                words_in(&gold.words, r),
                words_in(&system.words, r)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a one-sentence CoNLL-U file from a compact notation: `"abc a b c"` is a multiword
    /// token `abc` with words a, b, c; `"a"` a plain word.
    fn conllu(tokens: &[&str]) -> String {
        let mut out = String::new();
        let mut n = 0;
        for t in tokens {
            let parts: Vec<&str> = t.split(' ').collect();
            if parts.len() == 1 {
                n += 1;
                out += &format!("{n}\t{t}\t_\t_\t_\t_\t_\t_\t_\t_\n");
            } else {
                out += &format!("{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t_\n", n + 1, n + parts.len() - 1, parts[0]);
                for p in &parts[1..] {
                    n += 1;
                    out += &format!("{n}\t{p}\t_\t_\t_\t_\t_\t_\t_\t_\n");
                }
            }
        }
        out + "\n"
    }

    fn words(gold: &[&str], system: &[&str]) -> Score {
        let g = UdFile::parse(&conllu(gold)).expect("gold");
        let s = UdFile::parse(&conllu(system)).expect("system");
        score(&g, &s, 0).expect("same characters").0.words
    }

    #[test]
    fn words_equal_with_and_without_multiword_tokens() {
        assert_eq!(words(&["a", "b", "c"], &["a", "b", "c"]).correct, 3);
        assert_eq!(words(&["abc a b c"], &["a", "b", "c"]).correct, 3);
        assert_eq!(words(&["a", "bc b c", "d"], &["a", "b", "c", "d"]).correct, 4);
        assert_eq!(words(&["abcd a b c d"], &["ab a b", "cd c d"]).correct, 4);
        assert_eq!(words(&["abc a b c", "de d e"], &["a", "bcd b c d", "e"]).correct, 5);
    }

    #[test]
    fn words_misaligned() {
        assert_eq!(words(&["abcd"], &["a", "b", "c", "d"]).correct, 0);
        assert_eq!(words(&["abc", "d"], &["a", "b", "c", "d"]).correct, 1);
        assert_eq!(words(&["a", "bc", "d"], &["a", "b", "c", "d"]).correct, 2);
        assert_eq!(words(&["a", "bc b c", "d"], &["a", "b", "cd"]).correct, 2);
        // Forms inside multiword tokens are compared case-insensitively.
        assert_eq!(words(&["abc a BX c", "def d EX f"], &["ab a b", "cd c d", "ef e f"]).correct, 4);
        assert_eq!(words(&["ab a b", "cd bc d"], &["a", "bc", "d"]).correct, 2);
        assert_eq!(words(&["a", "bc b c", "d"], &["ab AX BX", "cd CX a"]).correct, 1);
    }

    #[test]
    fn different_characters_are_an_error() {
        let g = UdFile::parse(&conllu(&["a"])).expect("gold");
        let s = UdFile::parse(&conllu(&["b"])).expect("system");
        assert!(score(&g, &s, 0).is_err());
    }

    /// A hand-made PADT-style gold file: two sentences, one paragraph, with multiword tokens
    /// (للمرة → ل + المرة, وبانه → و + ب + أن + ه).
    const GOLD: &str = "# newdoc id = d1\n# newpar id = d1:p1\n# sent_id = 1\n# text = قال للمرة الاولى.\n\
1\tقال\t_\tVERB\t_\t_\t_\t_\t_\t_\n\
2-3\tللمرة\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tل\t_\tADP\t_\t_\t_\t_\t_\t_\n\
3\tالمرة\t_\tNOUN\t_\t_\t_\t_\t_\t_\n\
4\tالاولى\t_\tADJ\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
5\t.\t_\tPUNCT\t_\t_\t_\t_\t_\t_\n\n\
# sent_id = 2\n# text = وبانه جاء\n\
1-4\tوبانه\t_\t_\t_\t_\t_\t_\t_\t_\n\
1\tو\t_\tCCONJ\t_\t_\t_\t_\t_\t_\n\
2\tب\t_\tADP\t_\t_\t_\t_\t_\t_\n\
3\tأن\t_\tSCONJ\t_\t_\t_\t_\t_\t_\n\
4\tه\t_\tPRON\t_\t_\t_\t_\t_\t_\n\
5\tجاء\t_\tVERB\t_\t_\t_\t_\t_\t_\n\n";

    #[test]
    fn raw_text_joins_sentences_of_a_paragraph_with_a_space() {
        assert_eq!(raw_text(GOLD), "قال للمرة الاولى. وبانه جاء\n");
    }

    #[test]
    fn raw_text_without_text_comments_is_rebuilt_from_tokens() {
        let no_text: String =
            GOLD.lines().filter(|l| !l.starts_with("# text")).map(|l| format!("{l}\n")).collect();
        assert_eq!(raw_text(&no_text), "قال للمرة الاولى. وبانه جاء\n");
    }

    #[test]
    fn hand_computed_scores_on_a_small_gold_file() {
        // A system that splits both sentences right, gets للمرة right, but writes أن without
        // hamza and misses the split of و from the rest.
        let system = "1\tقال\t_\t_\t_\t_\t_\t_\t_\t_\n\
2-3\tللمرة\t_\t_\t_\t_\t_\t_\t_\t_\n2\tل\t_\t_\t_\t_\t_\t_\t_\t_\n3\tالمرة\t_\t_\t_\t_\t_\t_\t_\t_\n\
4\tالاولى\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n5\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n\
1-3\tوبانه\t_\t_\t_\t_\t_\t_\t_\t_\n1\tوب\t_\t_\t_\t_\t_\t_\t_\t_\n2\tان\t_\t_\t_\t_\t_\t_\t_\t_\n\
3\tه\t_\t_\t_\t_\t_\t_\t_\t_\n4\tجاء\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
        let g = UdFile::parse(GOLD).expect("gold");
        let s = UdFile::parse(system).expect("system");
        let (scores, errors) = score(&g, &s, 10).expect("same characters");
        // Tokens: gold 6 (قال للمرة الاولى . وبانه جاء), system the same 6.
        assert_eq!((scores.tokens.gold, scores.tokens.system, scores.tokens.correct), (6, 6, 6));
        // Words: gold 10, system 9; matched قال ل المرة الاولى . ه جاء = 7 (وب ≠ و, ان ≠ أن).
        assert_eq!((scores.words.gold, scores.words.system, scores.words.correct), (10, 9, 7));
        assert!((scores.words.f1 - 14.0 / 19.0).abs() < 1e-12);
        assert!((scores.words.precision - 7.0 / 9.0).abs() < 1e-12);
        assert_eq!(scores.sentences.correct, 2);
        assert_eq!(errors, vec!["وبانه: gold [و ب أن ه] | khabar [وب ان ه]".to_owned()]);
    }

    #[test]
    fn wrong_sentence_boundary_costs_both_sentences() {
        let gold = "1\tا\t_\t_\t_\t_\t_\t_\t_\t_\n\n1\tب\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
        let system = "1\tا\t_\t_\t_\t_\t_\t_\t_\t_\n2\tب\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
        let g = UdFile::parse(gold).expect("gold");
        let s = UdFile::parse(system).expect("system");
        let (scores, _) = score(&g, &s, 0).expect("same characters");
        assert_eq!((scores.sentences.gold, scores.sentences.system, scores.sentences.correct), (2, 1, 0));
        assert_eq!(scores.words.correct, 2);
    }
}
