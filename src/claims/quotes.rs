//! Quotation marks: pairing « » " " “ ” ‘ ’ into quotes, and telling quoted speech from quoted
//! names ("فيفا", «عكاظ», طائرات "الرافال").
//!
//! Pairing works on the original characters, paragraph by paragraph (a quote never crosses a line
//! break). A mark's role comes from its neighbours first — an opening mark is followed by text, a
//! closing mark is not — and from its shape only when both sides are letters (بـ"تنازل). This
//! copes with the straight `"` that opens and closes, with inner quotes (`"إن مشكلات "فيفا" أكبر"`,
//! outermost pair wins) and with the wrong-way closing « some sites type.

use crate::text::Span;

/// Quote-mark families: a closing mark pairs only with an opening mark of its family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Guillemet,
    CurlyDouble,
    Straight,
    CurlySingle,
}

fn family(c: char) -> Option<(Family, Option<bool>)> {
    // The bool is the mark's own direction when it has one (true = opening).
    match c {
        '«' => Some((Family::Guillemet, Some(true))),
        '»' => Some((Family::Guillemet, Some(false))),
        '“' | '„' => Some((Family::CurlyDouble, Some(true))),
        '”' => Some((Family::CurlyDouble, Some(false))),
        '"' => Some((Family::Straight, None)),
        '‘' => Some((Family::CurlySingle, Some(true))),
        '’' => Some((Family::CurlySingle, Some(false))),
        _ => None,
    }
}

/// A paired quotation: the marks' positions and the trimmed text between them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotePair {
    /// Character offset of the opening mark.
    pub open: usize,
    /// Character offset of the closing mark.
    pub close: usize,
    /// Text between the marks, trimmed of spaces (original char offsets).
    pub inner: Span,
}

impl QuotePair {
    /// Marks included.
    pub fn outer(&self) -> Span {
        Span::new(self.open, self.close + 1)
    }
}

fn wordish(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '(' || c == '\u{0640}')
}

/// Pairs the quote marks of `text` (original characters). Returns the outermost pairs only,
/// in document order; unbalanced marks give nothing.
pub fn pair_quotes(text: &str) -> Vec<QuotePair> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    // Stack of (family, position) of open marks in the current paragraph.
    let mut stack: Vec<(Family, usize)> = Vec::new();
    for i in 0..chars.len() {
        let c = chars[i];
        if c == '\n' {
            stack.clear();
            continue;
        }
        let Some((fam, dir)) = family(c) else { continue };
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let next_text =
            wordish(next) || next.is_some_and(|n| family(n).is_some_and(|(_, d)| d != Some(false)));
        let prev_text = prev.is_some_and(|p| !p.is_whitespace());
        let opening = if !next_text {
            false
        } else if !prev_text || prev.is_some_and(|p| matches!(p, '(' | '[' | ':' | '،' | ',')) {
            true
        } else {
            match dir {
                Some(d) => d,
                None => !stack.iter().any(|(f, _)| *f == fam),
            }
        };
        if opening {
            stack.push((fam, i));
            continue;
        }
        let Some(k) = stack.iter().rposition(|(f, _)| *f == fam) else { continue };
        let (_, open) = stack[k];
        stack.truncate(k);
        if stack.is_empty() {
            // Drop pairs nested in this one; keep the outermost.
            while out.last().is_some_and(|q: &QuotePair| q.open > open) {
                out.pop();
            }
            let (mut s, mut e) = (open + 1, i);
            while s < e && chars[s].is_whitespace() {
                s += 1;
            }
            while e > s && chars[e - 1].is_whitespace() {
                e -= 1;
            }
            if e > s {
                out.push(QuotePair { open, close: i, inner: Span::new(s, e) });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(text: &str, q: &QuotePair) -> String {
        text.chars().skip(q.inner.start).take(q.inner.len()).collect()
    }

    #[test]
    fn straight_quotes_nest_outermost() {
        let t = "قال الرجل \"إن مشكلات \"الفريق\" أكبر بكثير\". ثم مضى.";
        let q = pair_quotes(t);
        assert_eq!(q.len(), 1);
        assert_eq!(inner(t, &q[0]), "إن مشكلات \"الفريق\" أكبر بكثير");
    }

    #[test]
    fn guillemets_and_glued_marks() {
        let t = "اتهم المسؤول «الحكومة» بـ«خرق» الاتفاق، وقال «لن نقبل «.";
        let q = pair_quotes(t);
        let texts: Vec<String> = q.iter().map(|p| inner(t, p)).collect();
        assert_eq!(texts, vec!["الحكومة", "خرق", "لن نقبل"]);
    }

    #[test]
    fn lone_closing_mark_is_ignored() {
        let t = "أكد أن البلاد ستنتج الوقود\". وقال آخر: \"نعم\"";
        let q = pair_quotes(t);
        assert_eq!(q.len(), 1);
        assert_eq!(inner(t, &q[0]), "نعم");
    }
}
