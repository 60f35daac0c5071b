//! Turns possibly overlapping character spans (claims, their cues and quotes, entity mentions)
//! into properly nested open/close events over the article text.
//!
//! HTML elements must nest, but khabar's spans need not: a mention may sit inside a claim, or a
//! quote may start inside one claim and end in the next. The article is cut at every span
//! boundary; for each piece the covering spans are ordered outer-to-inner, and the open elements
//! are reconciled with that order by closing down to the longest common prefix and reopening the
//! rest. A span that crosses another is thereby split into several fragments, each carrying the
//! same identity, so the concatenated text of its fragments is exactly `original[start..end]`.

use std::ops::Range;

use crate::text::Span;

/// What a mark highlights. The order is the nesting order for marks with identical spans:
/// a claim is outside its cue and quotes, which are outside the mentions in them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    Claim,
    Cue,
    Quote,
    Mention,
}

/// One span to highlight; `id` identifies the thing it belongs to (claim or mention number).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub span: Span,
    pub layer: Layer,
    pub id: usize,
}

/// A step of the nested rendering; `Open`/`Close` carry the index into the marks slice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Open(usize),
    Close(usize),
    /// A run of article characters `[start, end)` covered by exactly the open marks.
    Text(Range<usize>),
}

/// Nests `marks` over a text of `len` characters. Marks that are empty or fall outside the text
/// after clamping are ignored rather than trusted; the text events cover `0..len` exactly once.
pub fn nest(marks: &[Mark], len: usize) -> Vec<Event> {
    let valid: Vec<usize> =
        (0..marks.len()).filter(|&i| marks[i].span.start < marks[i].span.end.min(len)).collect();
    let clamp = |i: usize| Span::new(marks[i].span.start, marks[i].span.end.min(len));

    let mut bounds: Vec<usize> = vec![0, len];
    for &i in &valid {
        let s = clamp(i);
        bounds.push(s.start);
        bounds.push(s.end);
    }
    bounds.sort_unstable();
    bounds.dedup();

    // Outer marks first: earlier start, then longer, then the layer order, then input order.
    // A lexicographic key is a total order, so containment always puts the container outside.
    let key = |i: usize| {
        let s = clamp(i);
        (s.start, std::cmp::Reverse(s.end), marks[i].layer, i)
    };

    // Sweep over the boundaries: marks enter the active set at their start and leave at their
    // end, so every active mark covers the whole piece up to the next boundary.
    let mut by_start = valid.clone();
    by_start.sort_by_key(|&i| clamp(i).start);
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut events = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for w in bounds.windows(2) {
        let (a, b) = (w[0], w[1]);
        active.retain(|&i| clamp(i).end > a);
        while next < by_start.len() && clamp(by_start[next]).start <= a {
            active.push(by_start[next]);
            next += 1;
        }
        active.sort_by_key(|&i| key(i));
        let common = stack.iter().zip(&active).take_while(|(x, y)| x == y).count();
        while stack.len() > common {
            if let Some(i) = stack.pop() {
                events.push(Event::Close(i));
            }
        }
        for &i in &active[common..] {
            events.push(Event::Open(i));
            stack.push(i);
        }
        events.push(Event::Text(a..b));
    }
    while let Some(i) = stack.pop() {
        events.push(Event::Close(i));
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(start: usize, end: usize, layer: Layer) -> Mark {
        Mark { span: Span::new(start, end), layer, id: 0 }
    }

    /// Renders events as a bracket string, e.g. `[0 ab (1 c 1) 0]`, to compare structures.
    fn show(events: &[Event], text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        for e in events {
            match e {
                Event::Open(i) => out.push_str(&format!("<{i}")),
                Event::Close(i) => out.push_str(&format!("{i}>")),
                Event::Text(r) => out.extend(&chars[r.clone()]),
            }
        }
        out
    }

    /// The text of every mark, gathered from all its fragments.
    fn gathered(events: &[Event], text: &str, n: usize) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut open = vec![false; n];
        let mut out = vec![String::new(); n];
        for e in events {
            match e {
                Event::Open(i) => open[*i] = true,
                Event::Close(i) => open[*i] = false,
                Event::Text(r) => {
                    for (k, o) in open.iter().enumerate() {
                        if *o {
                            out[k].extend(&chars[r.clone()]);
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn mention_inside_claim_nests() {
        let text = "abcdefgh";
        let marks = [m(1, 7, Layer::Claim), m(3, 5, Layer::Mention)];
        assert_eq!(show(&nest(&marks, 8), text), "a<0bc<1de1>fg0>h");
    }

    #[test]
    fn identical_spans_follow_layer_order() {
        let text = "abcd";
        let marks = [m(0, 4, Layer::Mention), m(0, 4, Layer::Quote), m(0, 4, Layer::Claim)];
        assert_eq!(show(&nest(&marks, 4), text), "<2<1<0abcd0>1>2>");
    }

    #[test]
    fn crossing_spans_split_the_later_one() {
        let text = "abcdefgh";
        let marks = [m(0, 5, Layer::Claim), m(3, 8, Layer::Quote)];
        let ev = nest(&marks, 8);
        assert_eq!(show(&ev, text), "<0abc<1de1>0><1fgh1>");
        assert_eq!(gathered(&ev, text, 2), vec!["abcde", "defgh"]);
    }

    #[test]
    fn invalid_spans_are_ignored_and_text_is_covered_once() {
        let text = "اختبار";
        let marks =
            [m(4, 2, Layer::Mention), m(3, 3, Layer::Claim), m(2, 99, Layer::Quote), m(50, 60, Layer::Cue)];
        let ev = nest(&marks, 6);
        assert_eq!(show(&ev, text), "اخ<2تبار2>");
    }

    #[test]
    fn events_are_balanced_and_cover_text_for_many_overlaps() {
        // Every combination of spans over a short text: balanced, properly nested, complete.
        let len = 6;
        let mut marks = Vec::new();
        for s in 0..len {
            for e in s + 1..=len {
                marks.push(m(s, e, if (s + e) % 2 == 0 { Layer::Mention } else { Layer::Claim }));
            }
        }
        let text = "abcdef";
        let ev = nest(&marks, len);
        let mut stack = Vec::new();
        let mut covered = 0;
        for e in &ev {
            match e {
                Event::Open(i) => stack.push(*i),
                Event::Close(i) => assert_eq!(stack.pop(), Some(*i)),
                Event::Text(r) => {
                    assert_eq!(r.start, covered);
                    covered = r.end;
                }
            }
        }
        assert!(stack.is_empty());
        assert_eq!(covered, len);
        let got = gathered(&ev, text, marks.len());
        for (k, mk) in marks.iter().enumerate() {
            assert_eq!(got[k], text[mk.span.start..mk.span.end]);
        }
    }
}
