//! Check-worthiness: how much a claim deserves a fact-checker's time, in 0..1.
//!
//! A fact-checker wants specific, verifiable statements about named actors: numbers, dates, votes,
//! "the first", deliveries, deals, casualties, and the exact words of named sources. Vague opinion
//! and hedged speculation come last. The score is a clamped sum (documented in README.md):
//!
//! | part | value |
//! |---|---|
//! | base | 0.20 |
//! | kind | reported +0.15, factual +0.15, conditional +0.10, prediction +0.05, assessment −0.05 |
//! | a number in the content (digits or number words) | +0.15 |
//! | a date or time word (months, weekdays, عام، أمس) | +0.10 |
//! | entities in the content | +0.07 each, at most +0.21 |
//! | a specificity word (أول، صوت، تسليم، صفقة، اتفاق، قتل، مليار …) | +0.10 |
//! | speaker is a known entity | +0.05, and +0.10 more with a direct quotation |
//! | certainty possible / probable or conditional | −0.10 / −0.05 |
//! | opinion words (أعتقد، يجب، ينبغي، ضرورة) | −0.10 |
//! | content under four words | −0.10 |
//!
//! A claim with score ≥ 0.5 is a key claim: e.g. a dated factual event about two named entities
//! (0.20 + 0.15 + 0.10 + 0.14 = 0.59), while an unattributed assessment with no names stays near
//! 0.15.

use crate::claims::lexicon as lx;
use crate::claims::{Certainty, Claim, ClaimKind};

/// Score of `claim` whose content words carry the lexicon `flags` (`lexicon::F_*`, or-ed),
/// `n_words` words, and a number token when `has_digit`.
pub fn score(claim: &Claim, flags: u8, n_words: usize, has_digit: bool) -> f64 {
    let mut s = 0.20;
    s += match claim.kind {
        ClaimKind::Reported | ClaimKind::Factual => 0.15,
        ClaimKind::Conditional => 0.10,
        ClaimKind::Prediction => 0.05,
        ClaimKind::Assessment => -0.05,
    };
    if has_digit || flags & lx::F_NUMBER != 0 {
        s += 0.15;
    }
    if flags & lx::F_DATE != 0 {
        s += 0.10;
    }
    s += (0.07 * claim.entities.len() as f64).min(0.21);
    if flags & lx::F_SPECIFIC != 0 {
        s += 0.10;
    }
    if claim.speaker.as_ref().is_some_and(|sp| sp.entity.is_some()) {
        s += 0.05;
        if !claim.quotes.is_empty() {
            s += 0.10;
        }
    }
    s -= match claim.certainty {
        Certainty::Possible => 0.10,
        Certainty::Probable | Certainty::Conditional => 0.05,
        Certainty::Asserted => 0.0,
    };
    if flags & lx::F_OPINION != 0 {
        s -= 0.10;
    }
    if n_words < 4 {
        s -= 0.10;
    }
    (s.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}
