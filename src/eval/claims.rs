//! Claim extraction scored against gold files in the layout of `data/claims/*.jsonl`, with the
//! metrics of the claims spec: detection P/R/F1, kind accuracy on matched pairs, speaker accuracy
//! on matched `reported` pairs, quote exact-match F1.
//!
//! Matching: a prediction and a gold claim match when their content spans overlap by at least
//! half of the shorter one. Pairs are taken greedily, best overlap ratio first (ties: longer
//! overlap, then document order), each gold and each prediction at most once — deterministic and,
//! on the nested-but-distinct spans gold files have, the same as a maximum matching in practice.

use std::fmt;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::analysis::{Analyzer, AnalyzerOptions};
use crate::claims::{Claim, ClaimKind};
use crate::text::Span;

#[derive(Clone, Debug, Deserialize)]
pub struct GoldArticle {
    pub id: serde_json::Value,
    pub text: String,
    pub claims: Vec<GoldClaim>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldSpeaker {
    pub span: Span,
    #[serde(default)]
    pub entity: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldClaim {
    pub kind: ClaimKind,
    #[serde(default)]
    pub span: Option<Span>,
    pub content: Span,
    #[serde(default)]
    pub speaker: Option<GoldSpeaker>,
    #[serde(default)]
    pub quotes: Vec<Span>,
}

/// Raw counts, summed over articles.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ClaimCounts {
    pub gold: usize,
    pub predicted: usize,
    pub matched: usize,
    pub kind_correct: usize,
    pub reported_matched: usize,
    pub speaker_correct: usize,
    pub gold_quotes: usize,
    pub predicted_quotes: usize,
    pub quotes_matched: usize,
}

impl ClaimCounts {
    fn add(&mut self, o: &ClaimCounts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.matched += o.matched;
        self.kind_correct += o.kind_correct;
        self.reported_matched += o.reported_matched;
        self.speaker_correct += o.speaker_correct;
        self.gold_quotes += o.gold_quotes;
        self.predicted_quotes += o.predicted_quotes;
        self.quotes_matched += o.quotes_matched;
    }
}

/// Metrics derived from [`ClaimCounts`].
#[derive(Clone, Debug, Serialize)]
pub struct ClaimsReport {
    pub articles: usize,
    pub counts: ClaimCounts,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub kind_accuracy: f64,
    pub speaker_accuracy: f64,
    pub quote_precision: f64,
    pub quote_recall: f64,
    pub quote_f1: f64,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

impl ClaimsReport {
    pub fn from_counts(articles: usize, c: ClaimCounts) -> ClaimsReport {
        let precision = ratio(c.matched, c.predicted);
        let recall = ratio(c.matched, c.gold);
        let quote_precision = ratio(c.quotes_matched, c.predicted_quotes);
        let quote_recall = ratio(c.quotes_matched, c.gold_quotes);
        ClaimsReport {
            articles,
            precision,
            recall,
            f1: f1(precision, recall),
            kind_accuracy: ratio(c.kind_correct, c.matched),
            speaker_accuracy: ratio(c.speaker_correct, c.reported_matched),
            quote_precision,
            quote_recall,
            quote_f1: f1(quote_precision, quote_recall),
            counts: c,
        }
    }
}

impl fmt::Display for ClaimsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.counts;
        writeln!(f, "articles            {}", self.articles)?;
        writeln!(f, "claims gold/pred    {} / {} (matched {})", c.gold, c.predicted, c.matched)?;
        writeln!(f, "detection P/R/F1    {:.3} / {:.3} / {:.3}", self.precision, self.recall, self.f1)?;
        writeln!(f, "kind accuracy       {:.3} ({}/{})", self.kind_accuracy, c.kind_correct, c.matched)?;
        writeln!(
            f,
            "speaker accuracy    {:.3} ({}/{} matched reported)",
            self.speaker_accuracy, c.speaker_correct, c.reported_matched
        )?;
        write!(
            f,
            "quote P/R/F1        {:.3} / {:.3} / {:.3} (gold {}, pred {}, exact {})",
            self.quote_precision,
            self.quote_recall,
            self.quote_f1,
            c.gold_quotes,
            c.predicted_quotes,
            c.quotes_matched
        )
    }
}

/// Whether two content spans match: overlap ≥ half of the shorter one.
pub fn spans_match(a: Span, b: Span) -> bool {
    let m = a.len().min(b.len());
    m > 0 && 2 * a.overlap(b) >= m
}

/// Greedy one-to-one matching of predictions to gold by content overlap: pairs `(gold, pred)`.
pub fn match_claims(gold: &[GoldClaim], pred: &[Claim]) -> Vec<(usize, usize)> {
    let mut cands: Vec<(f64, usize, usize, usize)> = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (pi, p) in pred.iter().enumerate() {
            if spans_match(g.content, p.content) {
                let ov = g.content.overlap(p.content);
                let r = ov as f64 / g.content.len().min(p.content.len()) as f64;
                cands.push((r, ov, gi, pi));
            }
        }
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
    let mut gold_used = vec![false; gold.len()];
    let mut pred_used = vec![false; pred.len()];
    let mut out = Vec::new();
    for (_, _, gi, pi) in cands {
        if !gold_used[gi] && !pred_used[pi] {
            gold_used[gi] = true;
            pred_used[pi] = true;
            out.push((gi, pi));
        }
    }
    out.sort();
    out
}

/// Counts for one article.
pub fn score_article(gold: &[GoldClaim], pred: &[Claim]) -> ClaimCounts {
    let pairs = match_claims(gold, pred);
    let mut c =
        ClaimCounts { gold: gold.len(), predicted: pred.len(), matched: pairs.len(), ..Default::default() };
    for &(gi, pi) in &pairs {
        let (g, p) = (&gold[gi], &pred[pi]);
        if g.kind == p.kind {
            c.kind_correct += 1;
        }
        if g.kind == ClaimKind::Reported {
            c.reported_matched += 1;
            let ok = match (&g.speaker, &p.speaker) {
                (None, None) => true,
                (Some(gs), Some(ps)) => gs.span.overlap(ps.span) > 0,
                _ => false,
            };
            if ok {
                c.speaker_correct += 1;
            }
        }
    }
    let mut gq: Vec<Span> = gold.iter().flat_map(|g| g.quotes.iter().copied()).collect();
    gq.sort();
    gq.dedup();
    let mut pq: Vec<Span> = pred.iter().flat_map(|p| p.quotes.iter().map(|q| q.span)).collect();
    pq.sort();
    pq.dedup();
    c.gold_quotes = gq.len();
    c.predicted_quotes = pq.len();
    c.quotes_matched = pq.iter().filter(|q| gq.binary_search(q).is_ok()).count();
    c
}

/// Runs the full analyzer on every article of a gold JSONL file and scores its claims.
pub fn eval_claims(gold_path: &Path) -> Result<ClaimsReport> {
    let text =
        std::fs::read_to_string(gold_path).with_context(|| format!("reading {}", gold_path.display()))?;
    let analyzer = Analyzer::new(AnalyzerOptions::default())?;
    let mut total = ClaimCounts::default();
    let mut articles = 0;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let art: GoldArticle = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a gold article", gold_path.display(), n + 1))?;
        let analysis = analyzer.analyze(art.text);
        total.add(&score_article(&art.claims, &analysis.claims));
        articles += 1;
    }
    Ok(ClaimsReport::from_counts(articles, total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Certainty, Speaker, TextSpan};

    fn pred(
        kind: ClaimKind,
        content: (usize, usize),
        speaker: Option<(usize, usize)>,
        quotes: &[(usize, usize)],
    ) -> Claim {
        Claim {
            kind,
            span: Span::new(0, 100),
            text: String::new(),
            content: Span::new(content.0, content.1),
            content_text: String::new(),
            speaker: speaker.map(|(s, e)| Speaker {
                span: Span::new(s, e),
                text: String::new(),
                entity: None,
                entity_name: None,
            }),
            cue: None,
            quotes: quotes
                .iter()
                .map(|&(s, e)| TextSpan { span: Span::new(s, e), text: String::new() })
                .collect(),
            certainty: Certainty::Asserted,
            negated: false,
            entities: vec![],
            score: 0.0,
            sentence: 0,
        }
    }

    // A hand-made article: "قال الوزير إن الحكومة ستبني "مئة مدرسة". وافتتح المصنع أمس."
    // gold: reported [14,37) speaker [4,10) quote [27,36); factual [39,56).
    fn gold() -> Vec<GoldClaim> {
        let line = r#"{"id": "t", "text": "", "claims": [
            {"kind": "reported", "content": [14, 37], "speaker": {"span": [4, 10], "entity": null}, "quotes": [[27, 36]]},
            {"kind": "factual", "content": [39, 56], "speaker": null, "quotes": []}]}"#;
        serde_json::from_str::<GoldArticle>(line).expect("valid gold").claims
    }

    #[test]
    fn perfect_prediction_scores_one() {
        let p = vec![
            pred(ClaimKind::Reported, (14, 37), Some((4, 10)), &[(27, 36)]),
            pred(ClaimKind::Factual, (39, 56), None, &[]),
        ];
        let r = ClaimsReport::from_counts(1, score_article(&gold(), &p));
        assert_eq!(
            (r.precision, r.recall, r.kind_accuracy, r.speaker_accuracy, r.quote_f1),
            (1.0, 1.0, 1.0, 1.0, 1.0)
        );
    }

    #[test]
    fn half_overlap_rule_wrong_kind_and_speaker() {
        // Covers 12 of gold's 23 chars (more than half of the shorter, the prediction itself,
        // 12 long): a match. A second prediction overlapping the same gold only a little is a
        // false positive. Wrong speaker span, wrong kind on the factual, quote off by one.
        let p = vec![
            pred(ClaimKind::Reported, (25, 37), Some((0, 3)), &[(27, 35)]),
            pred(ClaimKind::Reported, (10, 16), None, &[]),
            pred(ClaimKind::Assessment, (45, 70), None, &[]),
        ];
        let c = score_article(&gold(), &p);
        assert_eq!(c.matched, 2);
        assert_eq!(c.kind_correct, 1);
        assert_eq!((c.reported_matched, c.speaker_correct), (1, 0));
        assert_eq!((c.gold_quotes, c.predicted_quotes, c.quotes_matched), (1, 1, 0));
        let r = ClaimsReport::from_counts(1, c);
        assert!((r.precision - 2.0 / 3.0).abs() < 1e-9 && r.recall == 1.0);
    }

    #[test]
    fn each_gold_matches_once() {
        let p = vec![
            pred(ClaimKind::Factual, (39, 56), None, &[]),
            pred(ClaimKind::Factual, (40, 56), None, &[]),
        ];
        let c = score_article(&gold(), &p);
        assert_eq!((c.matched, c.predicted), (1, 2));
        assert!(!spans_match(Span::new(0, 10), Span::new(6, 30)));
        assert!(spans_match(Span::new(0, 10), Span::new(5, 30)));
    }
}
