//! Claim extraction: cues, clause segmentation, attribution (speaker, content), kind, certainty
//! and negation, by rules over khabar's own tokens.
//!
//! The pass runs per *unit*: a sentence, or several when a quotation spans sentence ends (one
//! direct quotation is one claim). In a unit it
//! 1. finds cues outside quotations: reporting verbs in any inflection, participles (مضيفا),
//!    nominal attribution (بحسب، وفقا لـ), passive attribution (يُنظر إلى), stance nouns after a
//!    verb and its subject (جددت الحكومة تحذيرها);
//! 2. cuts clauses: و / ف before a verb, لكن، إلا أن، بينما، "، حيث"، "وهو ما"، "، والذي" …, and
//!    the start of each cue's frame — but inside reported speech only where the speech ends, so
//!    that conjoined reported clauses keep their speaker (they become separate claims sharing the
//!    cue);
//! 3. turns each clause into claims: reported (speaker, cue, content after the complementizer) or
//!    the writer's own (conditional / prediction / factual / assessment by cue tables).

use std::ops::Range;

use crate::claims::lexicon::{self as lx, CueInfo, Hedge};
use crate::claims::mention_index::MentionIndex;
use crate::claims::quotes::{self, QuotePair};
use crate::claims::{Certainty, Claim, ClaimKind, Speaker, TextSpan, score};
use crate::entities::{Entity, MentionKind};
use crate::text::{Document, Sentence, Span, Token, TokenKind};

/// What kind of cue opens a frame.
#[derive(Clone, Copy, Debug, PartialEq)]
enum CueKind {
    /// A finite reporting verb (قال، تشير، أكدت).
    Verb(CueInfo),
    /// A participle with an elided subject (مؤكدا، مضيفا).
    Participle(CueInfo),
    /// بحسب / وفقا لـ / نقلا عن: the source follows; the content precedes or follows.
    Nominal,
    /// يُنظر إلى، يتم النظر إلى، أُشير إليه: no subject, the holder follows في / لدى.
    Passive,
    /// A stance or speech noun after verb + subject (جددت الحكومة تحذيرها، أطلق المتظاهرون هتافات).
    Noun { verb: usize },
    /// المتهم بـ: an agentless accusation.
    Accused,
}

#[derive(Clone, Copy, Debug)]
struct Cue {
    kind: CueKind,
    /// Tokens of the cue words.
    at: usize,
    end: usize,
    /// Where the claim's clause starts (the cue, or its subject before it).
    frame: usize,
    /// Subject found before the cue (SVO order).
    svo: Option<(usize, usize)>,
    /// Whether the content comes before the cue (… بحسب أنقرة، … ، قال الوزير).
    backward: bool,
}

/// Token-level view of the document shared by all units.
struct Ctx<'a> {
    doc: &'a Document,
    toks: &'a [Token],
    entities: &'a [Entity],
    /// The entities' mentions by position.
    mentions: MentionIndex,
    /// Folded form of every token (punctuation as itself).
    wbuf: String,
    wr: Vec<(u32, u32)>,
    /// Index into `speech` of the quotation a token is in (marks included).
    in_speech: Vec<Option<usize>>,
    /// Whether a token is inside a quoted name (marks included).
    in_name: Vec<bool>,
    /// Quotations of speech, disjoint and in document order (as `pair_quotes` returns them).
    speech: Vec<QuotePair>,
    /// Per-token lexicon answers, computed once (the lookups dominate the cost otherwise).
    known: Vec<bool>,
    shape: Vec<bool>,
    cues: Vec<Option<CueInfo>>,
    conj: Vec<bool>,
    np: Vec<bool>,
    /// Whether a token can start a multiword cue.
    pstart: Vec<bool>,
    np_lex: Vec<bool>,
    flags: Vec<u8>,
    /// For each token, the first token at or after it that counts as a verb for [`Ctx::has_verb`]
    /// (`n` if none): any range answers in O(1), however long the unit.
    next_verb: Vec<usize>,
    /// For each token, the first ")" at or after it (`n` if none).
    next_close: Vec<usize>,
    /// For each token `i`, the largest `k <= i` right after a clause opener (0 if none): see
    /// [`Ctx::clause_floor`].
    floor: Vec<usize>,
}

/// A clause's claim under construction.
struct Draft {
    kind: ClaimKind,
    span: Range<usize>,
    content: Content,
    speaker: Option<Span>,
    cue: Option<Range<usize>>,
    certainty: Certainty,
    negated: bool,
}

#[derive(Clone, Debug)]
enum Content {
    Tokens(Range<usize>),
    /// Exactly the inside of a quotation.
    Quote(usize),
}

pub fn extract(doc: &Document, toks: &[Token], sentences: &[Sentence], entities: &[Entity]) -> Vec<Claim> {
    let ctx = Ctx::new(doc, toks, entities);
    let mut out = Vec::new();
    let mut last_speaker: Option<Span> = None;
    for (unit, first_sentence) in ctx.units(sentences) {
        let drafts = ctx.unit_claims(unit, &mut last_speaker);
        for d in drafts {
            if let Some(c) = ctx.finish(d, sentences, first_sentence) {
                out.push(c);
            }
        }
    }
    out.sort_by_key(|c| (c.content.start, c.content.end));
    out.dedup_by(|a, b| a.content == b.content);
    out
}

fn is_comma(s: &str) -> bool {
    matches!(s, "،" | "," | "؛" | ";")
}

fn lkn(w: &str) -> bool {
    let w = w.strip_prefix('و').unwrap_or(w);
    matches!(w, "لكن" | "لكنه" | "لكنها" | "لكنهم" | "لكنهما")
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a Document, toks: &'a [Token], entities: &'a [Entity]) -> Ctx<'a> {
        let mut wbuf = String::with_capacity(doc.normalized().len());
        let mut wr: Vec<(u32, u32)> = Vec::with_capacity(toks.len());
        for t in toks {
            let a = wbuf.len() as u32;
            lx::fold_into(t.normalized(doc), &mut wbuf);
            wr.push((a, wbuf.len() as u32));
        }
        lx::warm_features(
            toks.iter()
                .zip(&wr)
                .filter(|(t, _)| t.kind == TokenKind::Word)
                .map(|(_, &(a, b))| &wbuf[a as usize..b as usize]),
        );
        let pairs = quotes::pair_quotes(doc.original());
        let n = toks.len();
        let (mut known, mut shape, mut cues, mut conj, mut pstart, mut np_lex, mut flags) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for (t, &(a, b)) in toks.iter().zip(&wr) {
            let x = &wbuf[a as usize..b as usize];
            let is_word = t.kind == TokenKind::Word;
            // Only Arabic words are in the lexicons; other tokens need no lookup.
            let f = if is_word {
                lx::features(x)
            } else {
                lx::WordFeatures { np_lexical: true, ..Default::default() }
            };
            known.push(f.known_verb);
            shape.push(is_word && f.verb_shape);
            cues.push(if is_word { f.cue } else { None });
            conj.push(f.conj_new);
            pstart.push(f.phrase_start);
            np_lex.push(f.np_lexical);
            flags.push(f.score_flags);
        }
        let mut ctx = Ctx {
            doc,
            toks,
            entities,
            mentions: MentionIndex::new(entities),
            wbuf,
            wr,
            in_speech: vec![None; n],
            in_name: vec![false; n],
            speech: vec![],
            known,
            shape,
            cues,
            conj,
            np: vec![false; n],
            pstart,
            np_lex,
            flags,
            next_verb: Vec::new(),
            next_close: Vec::new(),
            floor: Vec::new(),
        };
        for q in pairs {
            let first = toks.partition_point(|t| t.span.start < q.open);
            if first >= toks.len() {
                continue;
            }
            let last = toks.partition_point(|t| t.span.end <= q.close + 1).saturating_sub(1).max(first);
            if last < first {
                continue;
            }
            if ctx.is_name_quote(first, last, q) {
                for f in &mut ctx.in_name[first..=last] {
                    *f = true;
                }
            } else {
                let id = ctx.speech.len();
                ctx.speech.push(q);
                for f in &mut ctx.in_speech[first..=last] {
                    *f = Some(id);
                }
            }
        }
        ctx.np = (0..n).map(|i| ctx.compute_np(i)).collect();
        let (mut next_verb, mut next_close) = (vec![n; n + 1], vec![n; n + 1]);
        for i in (0..n).rev() {
            next_verb[i] = if ctx.verb_at(i) { i } else { next_verb[i + 1] };
            next_close[i] = if ctx.word(i) == ")" { i } else { next_close[i + 1] };
        }
        ctx.next_verb = next_verb;
        ctx.next_close = next_close;
        let mut floor = vec![0; n + 1];
        for k in 1..=n {
            floor[k] = if ctx.clause_opener(k - 1) { k } else { floor[k - 1] };
        }
        ctx.floor = floor;
        ctx
    }

    fn kv(&self, i: usize) -> bool {
        self.known.get(i).copied().unwrap_or(false)
    }

    fn vs(&self, i: usize) -> bool {
        self.shape.get(i).copied().unwrap_or(false)
    }

    fn cue_info(&self, i: usize) -> Option<CueInfo> {
        self.cues.get(i).copied().flatten()
    }

    /// Length of the first phrase of `table` that starts at token `k` (before `end`).
    fn phrase_at(&self, k: usize, end: usize, table: &[&[&str]]) -> Option<usize> {
        if !self.pstart.get(k).copied().unwrap_or(false) {
            return None;
        }
        table.iter().find(|p| self.starts_at(k, end, p)).map(|p| p.len())
    }

    fn starts_at(&self, k: usize, end: usize, p: &[&str]) -> bool {
        self.pstart.get(k).copied().unwrap_or(false)
            && k + p.len() <= end
            && p.iter().enumerate().all(|(j, x)| self.word(k + j) == *x)
    }

    /// Quote marks around a name or title are not a quotation: one word (unless after بـ, which
    /// quotes a word of the source: بـ«خرق»), a string after a naming head (صحيفة، طراز، باسم،
    /// لـ), a string that starts with an organisation head (الفرقة 30) or spells letters (إيه دي),
    /// or one an entity mention covers.
    fn is_name_quote(&self, open: usize, close: usize, q: QuotePair) -> bool {
        let inner: Vec<&str> = (open + 1..close)
            .filter(|&i| self.toks[i].kind != TokenKind::Punct)
            .map(|i| self.word(i))
            .collect();
        if inner.is_empty() {
            return true;
        }
        // An empty inner span is "covered" by any mention at all (0 ≥ 0), as a scan would say.
        let covered = if q.inner.is_empty() {
            !self.mentions.is_empty()
        } else {
            self.mentions.overlapping(q.inner).any(|m| m.span.overlap(q.inner) * 5 >= q.inner.len() * 4)
        };
        if covered {
            return true;
        }
        let prev = open.checked_sub(1).map(|i| self.word(i)).unwrap_or("");
        if prev == "ب" {
            return false;
        }
        let prev_bare = lx::strip_conj(prev).unwrap_or(prev);
        if lx::NAME_INTRODUCERS.contains(&prev) || lx::NAME_INTRODUCERS.contains(&prev_bare) {
            return true;
        }
        let head = inner[0];
        let head_bare = head.strip_prefix('ب').or_else(|| head.strip_prefix('ل')).unwrap_or(head);
        if lx::NAME_HEADS.contains(&head) || lx::NAME_HEADS.contains(&head_bare) {
            return true;
        }
        if inner.len() >= 2 && inner.iter().all(|w| w.chars().count() <= 3) {
            return true;
        }
        inner.len() == 1
    }

    fn word(&self, i: usize) -> &str {
        self.wr.get(i).map_or("", |&(a, b)| &self.wbuf[a as usize..b as usize])
    }

    fn is_punct(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Punct || t.kind == TokenKind::Symbol)
    }

    fn comma_at(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Punct) && is_comma(self.word(i))
    }

    fn quoted(&self, i: usize) -> bool {
        self.in_speech.get(i).is_some_and(|q| q.is_some())
    }

    fn speech_open_at(&self, i: usize) -> Option<usize> {
        let q = self.in_speech.get(i).copied().flatten()?;
        (self.toks[i].span.start == self.speech[q].open).then_some(q)
    }

    /// Sentences merged so that no quotation crosses a unit end; with the first sentence index.
    fn units(&self, sentences: &[Sentence]) -> Vec<(Range<usize>, usize)> {
        // Running counts of "(" and ")" tokens: a unit's balance in O(1), however long it grows.
        let mut parens: Vec<(u32, u32)> = Vec::with_capacity(self.toks.len() + 1);
        let (mut o, mut c) = (0u32, 0u32);
        parens.push((o, c));
        for k in 0..self.toks.len() {
            match self.word(k) {
                "(" => o += 1,
                ")" => c += 1,
                _ => {}
            }
            parens.push((o, c));
        }
        let count = |r: &Range<usize>| {
            let (a, b) = (parens[r.start.min(parens.len() - 1)], parens[r.end.min(parens.len() - 1)]);
            (b.0 - a.0, b.1 - a.1)
        };
        let mut out: Vec<(Range<usize>, usize)> = Vec::new();
        for (si, s) in sentences.iter().enumerate() {
            // Quotations are disjoint and ordered: only the last one opening before the sentence
            // can still be open at its start.
            let before = self.speech.partition_point(|q| q.open < s.span.start);
            let inside = before.checked_sub(1).is_some_and(|i| self.speech[i].close >= s.span.start)
                || out.last().is_some_and(|(r, _)| {
                    // A sentence end inside parentheses is an abbreviation: (ايه.تي.في).
                    let (opens, closes) = count(r);
                    opens > closes
                });
            match out.last_mut() {
                Some((r, _)) if inside => r.end = s.tokens.end,
                _ => out.push((s.tokens.clone(), si)),
            }
        }
        out
    }

    /// A verb of the writer's or the speaker's own words: not quoted, not inside a quoted name.
    fn verb_at(&self, i: usize) -> bool {
        !self.quoted(i) && !self.in_name[i] && (self.kv(i) || (self.vs(i) && self.word(i) != "قد"))
    }

    fn has_verb(&self, r: Range<usize>) -> bool {
        r.start < r.end && self.next_verb.get(r.start).is_some_and(|&v| v < r.end)
    }

    fn is_np_token(&self, i: usize) -> bool {
        self.np.get(i).copied().unwrap_or(false)
    }

    fn compute_np(&self, i: usize) -> bool {
        let t = &self.toks[i];
        if self.in_name[i] {
            return true;
        }
        if self.quoted(i) || !matches!(t.kind, TokenKind::Word | TokenKind::Latin | TokenKind::Number) {
            return false;
        }
        self.np_lex[i]
    }

    /// A conjoined word that starts something new (والفرقة، وطلب), not a word that begins with و.
    fn conj_new(&self, i: usize) -> bool {
        self.conj.get(i).copied().unwrap_or(false)
    }

    /// A speaker noun phrase starting at or after `start`, before `end`: skips an addressee (لـ
    /// «عكاظ»، لبوتين) and time words first, then takes nouns up to a complementizer, verb,
    /// preposition (except في / من inside an affiliation: مصدر في وزارة المالية), quote or comma
    /// (an apposition between commas is kept: الوزير، محمد سمير،).
    fn np_forward(&self, start: usize, end: usize) -> Option<Range<usize>> {
        let mut i = start;
        let mut skipped = 0;
        while i < end && skipped < 8 {
            let w = self.word(i);
            let resumptive = lx::RESUMPTIVE.contains(&w) && self.word(i + 1).starts_with("ال");
            if (lx::TIME_ADVERBS.contains(&w) || lx::DATE_WORDS.contains(&w) || resumptive)
                && !self.in_name[i]
            {
                i += 1;
            } else if (w == "ل"
                || (w.starts_with('ل') && w.chars().count() >= 4 && !lx::PARTICLES.contains(&w)))
                && self.toks[i].kind == TokenKind::Word
                && !self.in_name[i]
            {
                i += 1;
                while i < end && self.in_name[i] {
                    i += 1;
                }
                if i < end && self.word(i) == "(" {
                    i = self.next_close.get(i).map_or(end, |&c| c.min(end)) + 1;
                }
            } else {
                break;
            }
            skipped += 1;
        }
        if i >= end || !self.is_np_token(i) {
            return None;
        }
        let s = i;
        let head = self.word(s).to_owned();
        let mut e = s + 1;
        while e < end && e - s < 9 {
            let w = self.word(e);
            if self.in_name[e] {
                e += 1;
                continue;
            }
            if w == "في" || w == "من" {
                let next = self.word(e + 1);
                let stop_words = [
                    "بيان",
                    "تصريح",
                    "تصريحات",
                    "مقابلة",
                    "حديث",
                    "التسجيل",
                    "كلمة",
                    "مؤتمر",
                    "رسالة",
                    "ساعة",
                    "وقت",
                    "اطار",
                ];
                if e + 1 < end
                    && self.is_np_token(e + 1)
                    && !stop_words.contains(&next)
                    && !lx::TIME_ADVERBS.contains(&next)
                    && !lx::DATE_WORDS.contains(&next)
                    && !lx::PARTICLES.contains(&head.as_str())
                {
                    e += 2;
                    continue;
                }
                break;
            }
            if self.comma_at(e) {
                // Apposition: ", NAME ," with one to four name words.
                let mut k = e + 1;
                while k < end
                    && k - e <= 5
                    && self.is_np_token(k)
                    && !lx::TIME_ADVERBS.contains(&self.word(k))
                {
                    k += 1;
                }
                if k > e + 1 && k < end && k - e <= 5 && self.comma_at(k) {
                    e = k;
                }
                break;
            }
            if !self.is_np_token(e) || self.conj_new(e) || (w.starts_with(['ي', 'ت']) && self.vs(e)) {
                break;
            }
            if lx::TIME_ADVERBS.contains(&w) || lx::DATE_WORDS.contains(&w) {
                break;
            }
            if w.starts_with('ب') && w.chars().count() >= 4 && w != "باسم" {
                break;
            }
            if let Some(r) = w.strip_prefix('ل')
                && (lx::MEDIA.contains(&r)
                    || !self.toks.get(e + 1).is_some_and(|t| t.kind == TokenKind::Word))
            {
                break;
            }
            e += 1;
        }
        while e > s + 1
            && (lx::PREPOSITIONS.contains(&self.word(e - 1)) || self.is_punct(e - 1) && !self.in_name[e - 1])
        {
            e -= 1;
        }
        Some(s..e)
    }

    /// A subject noun phrase ending right before `end` (SVO order: لكن الوزير قال، الا ان
    /// الوزارة نفت), not reaching before `lo`. Valid only when what precedes it can open a
    /// clause; a noun after a preposition is a prepositional phrase, not a subject, except after
    /// a nominal attribution (ووفقا لمصادر أمنية أكدت).
    fn np_backward(&self, end: usize, lo: usize) -> Option<Range<usize>> {
        let mut s = end;
        while s > lo && end - s < 8 {
            let i = s - 1;
            if !self.is_np_token(i) {
                break;
            }
            s -= 1;
            if self.conj_new(i) && !self.in_name[i] {
                break;
            }
        }
        if s == end {
            return None;
        }
        let before = s.checked_sub(1).filter(|&b| b >= lo);
        let first = self.word(s);
        let after_nominal =
            before.is_some_and(|b| matches!(self.word(b), "وفقا" | "ووفقا" | "طبقا" | "بحسب" | "وبحسب"));
        if first.starts_with('ل') && first.chars().count() >= 4 && !after_nominal {
            return None;
        }
        let ok = match before {
            None => true,
            Some(b) => {
                let w = self.word(b);
                after_nominal
                    || (self.is_punct(b) && !self.in_name[b])
                    || matches!(
                        w,
                        "ان" | "الا"
                            | "اذ"
                            | "كان"
                            | "كانت"
                            | "وكان"
                            | "وكانت"
                            | "قد"
                            | "وقد"
                            | "كما"
                            | "بينما"
                            | "فيما"
                            | "حين"
                            | "عندما"
                    )
                    || lkn(w)
            }
        };
        ok.then_some(s..end)
    }

    /// Span of a noun phrase, without a leading conjunction or preposition clitic.
    fn np_span(&self, r: &Range<usize>) -> Span {
        let first = &self.toks[r.start];
        let last = &self.toks[r.end - 1];
        let w = self.word(r.start);
        let mut start_norm = first.norm.start;
        let strip = (w.starts_with('ل') && w.chars().count() >= 4 && !self.in_name[r.start])
            || (self.conj_new(r.start) && !self.in_name[r.start]);
        if strip && first.kind == TokenKind::Word {
            let n = self.doc.norm(first.norm.clone());
            start_norm += n.chars().next().map_or(0, char::len_utf8);
        }
        Span::new(self.doc.span_of(start_norm..first.norm.end).start, last.span.end)
    }

    fn cue_at(&self, i: usize, unit: &Range<usize>) -> Option<Cue> {
        if self.quoted(i) || self.in_name[i] || self.toks[i].kind != TokenKind::Word {
            return None;
        }
        let w = self.word(i);
        if let Some(n) = self.phrase_at(i, unit.end, lx::NOMINAL_CUES) {
            // "بحسب ما ذكر": the verb belongs to the cue.
            let mut end = i + n;
            if self.word(end) == "ما" && self.cue_info(end + 1).is_some() {
                end += 2;
            }
            let lo = i.saturating_sub(20).max(unit.start);
            // The source, then (past a coordinated second source) no verb before the next
            // punctuation: the attribution closes what came before.
            let source_then_stop = self.np_forward(end, unit.end).is_some_and(|np| {
                let stop =
                    (np.end..unit.end).find(|&k| self.is_punct(k) && !self.in_name[k]).unwrap_or(unit.end);
                !self.has_verb(np.end..stop)
            });
            let backward = i > unit.start + 2 && self.has_verb(lo..i) && source_then_stop;
            // Inside a reporting verb's frame (أكد الوزير، ووفقا لوكالة "تسنيم"، أن …) it adds nothing.
            let in_frame = (lo..i).any(|k| {
                self.cue_info(k).is_some()
                    && !self.quoted(k)
                    && !(k..i).any(|j| lx::COMPLEMENTIZERS.contains(&self.word(j)))
            });
            if in_frame {
                return None;
            }
            return Some(Cue { kind: CueKind::Nominal, at: i, end, frame: i, svo: None, backward });
        }
        if let Some(n) = self.phrase_at(i, unit.end, lx::PASSIVE_CUES) {
            return Some(Cue {
                kind: CueKind::Passive,
                at: i,
                end: i + n,
                frame: i,
                svo: None,
                backward: false,
            });
        }
        if matches!(w, "المتهم" | "المتهمة" | "المتهمين" | "المتهمون") && self.word(i + 1).starts_with('ب')
        {
            return Some(Cue {
                kind: CueKind::Accused,
                at: i,
                end: i + 1,
                frame: i,
                svo: None,
                backward: false,
            });
        }
        if self.flags[i] & lx::F_STANCE != 0 {
            // Verb + subject + noun: the subject phrase must end right at the noun.
            let lo = i.saturating_sub(9).max(unit.start);
            for v in (lo..i).rev() {
                if self.kv(v) || self.vs(v) {
                    if self.np_forward(v + 1, i).is_some_and(|np| np.end == i) {
                        return Some(Cue {
                            kind: CueKind::Noun { verb: v },
                            at: i,
                            end: i + 1,
                            frame: v,
                            svo: None,
                            backward: false,
                        });
                    }
                    break;
                }
            }
            return None;
        }
        let info = self.cue_info(i)?;
        if info.needs_complement && !self.complement_follows(i + 1, unit.end) {
            return None;
        }
        if info.needs_an && !(i + 1..unit.end.min(i + 10)).any(|k| self.word(k) == "عن") {
            return None;
        }
        if info.participle {
            return Some(Cue {
                kind: CueKind::Participle(info),
                at: i,
                end: i + 1,
                frame: i,
                svo: None,
                backward: false,
            });
        }
        let mut cue =
            Cue { kind: CueKind::Verb(info), at: i, end: i + 1, frame: i, svo: None, backward: false };
        // SVO: a subject right before the verb (and none after it).
        let prev = i.checked_sub(1).filter(|&p| p >= unit.start);
        let clause_lo = self.clause_floor(i, unit);
        if let Some(p) = prev {
            let pw = self.word(p);
            if lx::RELATIVES.contains(&pw) {
                // التقارير الغربية التي أكدت: the antecedent, unless a subject follows the verb.
                if self.np_forward(i + 1, unit.end).is_none() {
                    let mut s = p;
                    while s > clause_lo && p - s < 2 && self.is_np_token(s - 1) && !self.conj_new(s - 1) {
                        s -= 1;
                    }
                    cue.svo = (s < p).then_some((s, p));
                }
            } else if self.is_np_token(p) {
                cue.svo = self.np_backward(i, clause_lo).map(|r| (r.start, r.end));
                // An indefinite noun described by the verb: تقارير تفيد بأن، رسالة تقول إن.
                let source = if lx::SOURCE_NOUNS.contains(&pw) {
                    Some(p)
                } else {
                    p.checked_sub(1).filter(|&q| q >= clause_lo && lx::SOURCE_NOUNS.contains(&self.word(q)))
                };
                if cue.svo.is_none()
                    && let Some(src) = source
                    && self.word(i).starts_with(['ي', 'ت'])
                    && self.np_forward(i + 1, unit.end).is_none()
                {
                    cue.svo = Some((src, i));
                }
            }
        }
        if let Some((s, _)) = cue.svo {
            cue.frame = s;
        }
        // Post-posed: "…، قال الوزير." — comma before, only the speaker after.
        if prev.is_some_and(|p| self.comma_at(p))
            && cue.svo.is_none()
            && let Some(np) = self.np_forward(i + 1, unit.end)
        {
            let rest =
                (np.end..unit.end).all(|k| self.is_punct(k) || lx::TIME_ADVERBS.contains(&self.word(k)));
            if rest {
                cue.backward = true;
            }
        }
        Some(cue)
    }

    /// The last clause opener before `i` in the unit (punctuation or connector), as a lower
    /// bound for a subject search.
    ///
    /// Precomputed per token (`floor`): a walk back from every verb would cost the length of
    /// the unit each time in a text without openers.
    fn clause_floor(&self, i: usize, unit: &Range<usize>) -> usize {
        self.floor.get(i).map_or(unit.start, |&k| k.max(unit.start))
    }

    /// Whether token `k` opens a clause after it: punctuation (outside a quoted name), لكن،
    /// أن، إلا، إذ، بينما, or the end of a quotation.
    fn clause_opener(&self, k: usize) -> bool {
        let w = self.word(k);
        (self.is_punct(k) && !self.in_name[k])
            || lkn(w)
            || matches!(w, "ان" | "الا" | "اذ" | "بينما")
            || self.quoted(k)
    }

    fn complement_follows(&self, from: usize, end: usize) -> bool {
        (from..end.min(from + 14)).any(|k| {
            let w = self.word(k);
            self.speech_open_at(k).is_some()
                || w == ":"
                || ((lx::COMPLEMENTIZERS.contains(&w) || lx::COMPLEMENTIZERS_PRONOUN.contains(&w))
                    && !lx::NOT_COMPLEMENTIZER_BEFORE.contains(&self.word(k.wrapping_sub(1))))
                || matches!(w, "بانه" | "بانها" | "بانهم")
        })
    }

    /// Claims of one unit.
    fn unit_claims(&self, unit: Range<usize>, last_speaker: &mut Option<Span>) -> Vec<Draft> {
        // 1. Cues.
        let mut cues: Vec<Cue> = Vec::new();
        let mut i = unit.start;
        while i < unit.end {
            if let Some(c) = self.cue_at(i, &unit) {
                i = c.end;
                cues.push(c);
            } else {
                i += 1;
            }
        }
        // A nominal attribution right before a verb cue's frame is part of that frame (ووفقا
        // لمصادر أمنية أكدت): drop it.
        let mut verb_frames: Vec<usize> =
            cues.iter().filter(|c| matches!(c.kind, CueKind::Verb(_))).map(|c| c.frame).collect();
        verb_frames.sort_unstable();
        cues.retain(|c| {
            let first = verb_frames.partition_point(|&f| f < c.at);
            c.kind != CueKind::Nominal || c.backward || verb_frames.get(first).is_none_or(|&f| f > c.end + 12)
        });
        // Cues by the token their frame starts at (the first in `cues` order for a forward cue),
        // and by cue token: the clause pass asks at every token. A unit has a handful of cues, so
        // a scan of short lists answers faster than hashing the token index.
        let any_frame: Vec<usize> = cues.iter().map(|c| c.frame).collect();
        let forward: Vec<(usize, usize)> =
            cues.iter().enumerate().filter(|(_, c)| !c.backward).map(|(j, c)| (c.frame, j)).collect();
        let forward_frame = |k: usize| forward.iter().find(|&&(f, _)| f == k).map(|&(_, j)| j);
        let forward_at: Vec<usize> = cues.iter().filter(|c| !c.backward).map(|c| c.at).collect();

        // 2. Clause boundaries.
        let mut bounds = vec![unit.start];
        let mut reported = cues.iter().any(|c| c.frame == unit.start && !c.backward);
        // Inside reported speech a cue without و, comma or participle form is part of the
        // content (أنهم كانوا يتوقعون …), not a new frame.
        let mut nested: Vec<usize> = Vec::new();
        let mut np_content =
            cues.iter().any(|c| c.frame == unit.start && !self.complement_follows(c.end, unit.end));
        let mut k = unit.start + 1;
        while k < unit.end {
            if self.quoted(k) || self.in_name[k] {
                k += 1;
                continue;
            }
            let w = self.word(k);
            let after_comma = self.comma_at(k - 1);
            let last = *bounds.last().unwrap_or(&unit.start);
            if reported && after_comma && matches!(w, "وكان" | "وكانت") {
                // ، وكان … قد: the writer's background, no longer the source's words.
                reported = false;
            }
            if reported && after_comma && np_content {
                // A report whose content is a noun phrase (عبّر عن تشككه) ends at the comma.
                reported = false;
            }
            // After a closed quotation, و + past verb is the writer narrating again.
            if reported
                && k >= 1
                && self.quoted(k - 1)
                && lx::strip_conj(w).is_some_and(lx::perfect_verb)
                && !any_frame.contains(&k)
            {
                reported = false;
            }
            let mut cut = false;
            let mut cut_at = k;
            let mut resets = false;
            if let Some(c) = forward_frame(k).and_then(|j| cues.get(j)) {
                let w0 = self.word(c.at);
                let fresh = matches!(c.kind, CueKind::Participle(_))
                    || c.svo.is_some()
                    || (w0.starts_with(['و', 'ف']) && lx::strip_conj(w0).and_then(lx::cue).is_some())
                    || (self.is_punct(k - 1) && !self.in_name[k - 1]);
                if reported && !fresh {
                    nested.push(c.at);
                } else {
                    cut = self.has_verb(last..k) || after_comma;
                    reported = !matches!(c.kind, CueKind::Verb(i) if i.agentless_hedge.is_some());
                    np_content = !self.complement_follows(c.end, unit.end);
                    if cut {
                        while cut_at > last + 1 && lx::SUBORDINATORS.contains(&self.word(cut_at - 1)) {
                            cut_at -= 1;
                        }
                    }
                }
            } else if forward_at.contains(&k) {
                reported = true;
            } else if (w == "وهو" || w == "وهي") && self.word(k + 1) == "ما"
                || (after_comma
                    && matches!(w, "والذي" | "والتي" | "والتى" | "والذين" | "ما" | "مما" | "وذلك"))
                || (w == "لا" && self.word(k + 1) == "سيما")
                || (after_comma && matches!(w, "بينما" | "اذ"))
                || (after_comma && !reported && w == "حيث")
                || w == "بينما"
            {
                cut = true;
                resets = true;
            } else if !reported {
                let bare = lx::strip_conj(w);
                let fa = w.starts_with('ف');
                let conj_verb = bare.is_some_and(|b| {
                    if fa {
                        lx::known_verb(b) || matches!(b, "قد" | "لم" | "لن")
                    } else if after_comma {
                        lx::verb_shape(b) || matches!(b, "قد" | "لم" | "لن" | "هناك")
                    } else {
                        lx::perfect_verb(b) || lx::future(b) || matches!(b, "قد" | "لم" | "لن")
                    }
                }) && self.toks[k].kind == TokenKind::Word;
                if conj_verb
                    || lkn(w)
                    || (w == "الا" && self.word(k + 1) == "ان")
                    || (after_comma && matches!(w, "كما"))
                {
                    cut = true;
                } else if after_comma && bare.is_some() && self.toks[k].kind == TokenKind::Word {
                    // "، وفي مقابل …، تسعى": a fronted adverbial, then the verb after a comma.
                    let next_comma =
                        (k + 1..unit.end.min(k + 14)).find(|&j| self.comma_at(j) && !self.quoted(j));
                    if let Some(j) = next_comma
                        && self.vs(j + 1)
                        && lx::strip_conj(self.word(j + 1)).is_none()
                    {
                        cut = true;
                    }
                    let near_verb = (k + 1..unit.end.min(k + 5)).find(|&j| {
                        let v = self.word(j);
                        lx::known_verb(v)
                            && lx::strip_conj(v).is_none()
                            && !lx::RELATIVES.contains(&self.word(j - 1))
                    });
                    if near_verb.is_some() && lx::PREPOSITIONS.contains(&w) {
                        cut = true;
                    }
                }
            }
            if cut && cut_at > last {
                bounds.push(cut_at);
            }
            if resets {
                reported = false;
            }
            k += 1;
        }
        bounds.push(unit.end);
        bounds.dedup();
        cues.retain(|c| !nested.contains(&c.at));

        // 3. Claims per clause.
        // Forward cues by frame (then by order in `cues`, which is by cue token); backward cues
        // by cue token (already their order): each clause finds its first cue by binary search.
        let mut by_frame: Vec<(usize, usize)> =
            cues.iter().enumerate().filter(|(_, c)| !c.backward).map(|(j, c)| (c.frame, j)).collect();
        by_frame.sort_unstable();
        let backwards: Vec<&Cue> = cues.iter().filter(|c| c.backward).collect();
        let mut drafts: Vec<Draft> = Vec::new();
        let unit_first_draft = 0;
        for win in bounds.windows(2) {
            let clause = win[0]..win[1];
            let lo = by_frame.partition_point(|&(f, _)| f < clause.start);
            let forward = by_frame[lo..]
                .iter()
                .take_while(|&&(f, _)| f < clause.end)
                .map(|&(_, j)| j)
                .min()
                .and_then(|j| cues.get(j))
                .copied();
            let b = backwards.partition_point(|c| c.at <= clause.start);
            let backward = backwards.get(b).filter(|c| c.at < clause.end).map(|&&c| c);
            if let Some(c) = forward {
                let made =
                    self.reported(&c, clause.clone(), &unit, &drafts[unit_first_draft..], *last_speaker);
                for d in made {
                    if let Some(s) = d.speaker {
                        *last_speaker = Some(s);
                    }
                    drafts.push(d);
                }
            } else if let Some(c) = backward {
                let content = clause.start..c.at;
                let speaker = self.backward_speaker(&c, clause.end);
                // Writer clauses joined to this one in the unit share the attribution.
                for d in drafts.iter_mut().rev() {
                    if d.cue.is_some() {
                        break;
                    }
                    d.kind = ClaimKind::Reported;
                    d.speaker = speaker;
                    d.cue = Some(c.at..c.end);
                    d.span = d.span.start..clause.end;
                }
                if let Some(s) = speaker {
                    *last_speaker = Some(s);
                }
                let mut d = self.writer(clause.clone(), content);
                if let Some(mut d) = d.take() {
                    d.kind = ClaimKind::Reported;
                    d.speaker = speaker;
                    d.cue = Some(c.at..c.end);
                    drafts.push(d);
                }
            } else if let Some(d) = self.writer(clause.clone(), clause.clone()) {
                drafts.push(d);
            }
        }
        drafts
    }

    fn backward_speaker(&self, c: &Cue, end: usize) -> Option<Span> {
        self.np_forward(c.end, end).map(|r| self.np_span(&r))
    }

    /// The elided subject of a cue at `at`: the speaker of the unit's last reported claim, else
    /// the subject of the nearest earlier verb in the unit (skipping embedded questions: سئل
    /// مسؤول عما إذا كان …، فقال), else the document's last speaker.
    fn elided(&self, at: usize, unit: &Range<usize>, done: &[Draft], last: Option<Span>) -> Option<Span> {
        if let Some(s) = done
            .iter()
            .rev()
            .find(|d| d.span.start >= unit.start && d.kind == ClaimKind::Reported)
            .and_then(|d| d.speaker)
        {
            return Some(s);
        }
        // An embedded question (عما إذا …) covers up to ten tokens after it, to the first comma.
        let skipped = |k: usize| {
            (k.saturating_sub(10).max(unit.start)..=k).any(|q| {
                lx::WHETHER.contains(&self.word(q))
                    && self.word(q + 1) == "اذا"
                    && !(q + 1..=k).any(|j| self.comma_at(j))
            })
        };
        let mut pronoun = false;
        for k in unit.start..at {
            if self.quoted(k) || self.in_name[k] || skipped(k) {
                continue;
            }
            let w = self.word(k);
            if lkn(w) && w.ends_with(['ه', 'ا', 'م']) {
                pronoun = true;
            }
            if !(self.kv(k) || self.vs(k)) || w == "قد" {
                continue;
            }
            let lo = self.clause_floor(k, unit);
            let np = self.np_forward(k + 1, at).or_else(|| self.np_backward(k, lo));
            if let Some(np) = np {
                return Some(self.np_span(&np));
            }
        }
        let _ = pronoun;
        last
    }

    /// Claims of a clause opened by a forward cue.
    fn reported(
        &self,
        c: &Cue,
        clause: Range<usize>,
        unit: &Range<usize>,
        done: &[Draft],
        last: Option<Span>,
    ) -> Vec<Draft> {
        let end = clause.end;
        let mut speaker_np: Option<Range<usize>> = c.svo.map(|(s, e)| s..e);
        let mut after = c.end;
        let mut hedge: Option<Hedge> = None;
        let mut negating = false;
        match c.kind {
            CueKind::Verb(info) => {
                negating = info.negating;
                if speaker_np.is_none() {
                    if info.source_after_an {
                        if let Some(an) = (c.end..end.min(c.end + 12)).find(|&k| self.word(k) == "عن") {
                            speaker_np = self.np_forward(an + 1, end);
                        }
                    } else if !(info.takes_object
                        && self.word(c.end).ends_with(['ه', 'ا', 'م'])
                        && !lx::PARTICLES.contains(&self.word(c.end)))
                    {
                        speaker_np = self.np_forward(c.end, end);
                    } else {
                        after = c.end + 1;
                    }
                    if speaker_np.is_none() && info.agentless_hedge.is_some() && c.svo.is_none() {
                        hedge = info.agentless_hedge;
                    }
                }
                if let Some(np) = &speaker_np
                    && np.start > c.end
                {
                    after = after.max(np.end);
                } else if let Some(np) = &speaker_np
                    && np.start >= c.end
                {
                    after = np.end;
                }
                if info.source_after_an
                    && let Some(np) = &speaker_np
                {
                    after = np.end;
                    if matches!(self.word(after), "قوله" | "قولها" | "قولهم") {
                        after += 1;
                    }
                }
            }
            CueKind::Participle(info) => negating = info.negating,
            CueKind::Nominal => {
                speaker_np = self.np_forward(c.end, end);
                after = speaker_np.as_ref().map_or(c.end, |r| r.end);
                if let Some(j) = (after..end.min(after + 4)).find(|&j| self.comma_at(j)) {
                    after = j + 1;
                }
                while matches!(self.word(after), "فقد" | "فان" | "فانه" | "ف") {
                    after += 1;
                }
            }
            CueKind::Passive => {
                let stop = (c.end..end)
                    .find(|&k| self.word(k) == "ان" || lx::COMPLEMENTIZERS_PRONOUN.contains(&self.word(k)))
                    .unwrap_or(end);
                if let Some(p) = (c.end..stop).find(|&k| matches!(self.word(k), "في" | "لدي")) {
                    speaker_np = self.np_forward(p + 1, stop);
                }
            }
            CueKind::Noun { verb } => speaker_np = self.np_forward(verb + 1, c.at),
            CueKind::Accused => {}
        }
        let speaker = match (&speaker_np, c.kind) {
            (Some(np), _) => Some(self.np_span(np)),
            (None, CueKind::Passive | CueKind::Accused) => None,
            (None, CueKind::Verb(info)) if info.agentless_hedge.is_some() => None,
            (None, _) => self.elided(c.frame, unit, done, last),
        };
        // Content start: the complementizer, a colon, or a quotation within reach; otherwise
        // right after the speaker (skipping one preposition: شدد على، حذر من، أعلن عن).
        let mut start = None;
        let mut k = after;
        while k < end && k < after + 25 {
            if self.speech_open_at(k).is_some() {
                start = Some(k);
                break;
            }
            let w = self.word(k);
            if w == ":" {
                let mut s = k + 1;
                if lx::COMPLEMENTIZERS.contains(&self.word(s)) {
                    s += 1;
                }
                start = Some(s);
                break;
            }
            if k > after && (lkn(w) || w == "الا" || w == "بينما") {
                break;
            }
            let conj_ok = !lx::NOT_COMPLEMENTIZER_BEFORE.contains(&self.word(k.wrapping_sub(1)));
            if conj_ok && lx::COMPLEMENTIZERS.contains(&w) {
                start = Some(k + 1);
                break;
            }
            if conj_ok && lx::COMPLEMENTIZERS_PRONOUN.contains(&w) {
                start = Some(k);
                break;
            }
            k += 1;
        }
        let start = start.unwrap_or_else(|| {
            let mut s = after;
            while s < end && (lx::TIME_ADVERBS.contains(&self.word(s)) || self.comma_at(s)) {
                s += 1;
            }
            if matches!(self.word(s), "علي" | "من" | "عن" | "الي" | "في") {
                s += 1;
            }
            s
        });
        let mut cend = self.trim_end(start, end);
        let mut cstart = start;
        if cend <= cstart {
            // Nothing after the cue: the content is the anaphor before it (وهو ما تنفيه أنقرة).
            cstart = clause.start;
            cend = if let Some(np) = &speaker_np { np.start.min(c.at) } else { c.at };
            if cend <= cstart {
                return Vec::new();
            }
        }
        // Split conjoined reported clauses (outside quotations).
        let mut parts: Vec<Range<usize>> = Vec::new();
        let mut ps = cstart;
        for p in cstart + 1..cend {
            if self.quoted(p) || self.in_name[p] {
                continue;
            }
            let w = self.word(p);
            let after_comma = self.comma_at(p - 1);
            let bare = lx::strip_conj(w);
            let split = (after_comma
                && (bare.is_some_and(|b| {
                    lx::verb_shape(b) || matches!(b, "لا" | "لم" | "لن" | "ليس" | "ان" | "انه" | "انها")
                }) && self.toks[p].kind == TokenKind::Word))
                || lkn(w)
                || (w == "الا" && self.word(p + 1) == "ان")
                || bare.is_some_and(lx::future);
            if split && p > ps + 2 {
                parts.push(ps..self.trim_end(ps, p));
                ps = p;
                while matches!(self.word(ps), "لكن" | "ولكن")
                    || (self.word(ps) == "الا" && self.word(ps + 1) == "ان")
                {
                    ps += if self.word(ps) == "الا" { 2 } else { 1 };
                }
            }
        }
        parts.push(ps..cend);
        let kind = if hedge.is_some() { ClaimKind::Prediction } else { ClaimKind::Reported };
        let span = clause.start.min(c.frame)..self.trim_end(clause.start, end);
        parts
            .into_iter()
            .filter(|p| p.end > p.start)
            .map(|p| {
                let content = match self.speech_open_at(p.start) {
                    Some(q) if self.quote_fills(q, p.clone()) => Content::Quote(q),
                    _ => Content::Tokens(p.clone()),
                };
                let (certainty, _) = self.certainty(p.clone(), true);
                let certainty = match hedge {
                    Some(Hedge::Probable) => Certainty::Probable,
                    Some(Hedge::Possible) => Certainty::Possible,
                    None => certainty,
                };
                Draft {
                    kind,
                    span: span.clone(),
                    content,
                    speaker: if hedge.is_some() { None } else { speaker },
                    cue: Some(c.at..c.end),
                    certainty,
                    negated: negating || self.negated(p.clone()),
                }
            })
            .collect()
    }

    /// Whether quotation `q` makes up the whole of `r` (up to punctuation and a tail like
    /// "على حد تعبيره").
    fn quote_fills(&self, q: usize, r: Range<usize>) -> bool {
        let close = (r.start..r.end).rev().find(|&k| self.in_speech[k] == Some(q));
        close.is_some_and(|c| (c + 1..r.end).all(|k| self.is_punct(k)))
    }

    /// End of a clause without trailing punctuation and tails (، على حد تعبيره).
    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        if let Some(p) = (start..end).find(|&k| {
            self.pstart[k] && !self.quoted(k) && lx::TAILS.iter().any(|t| self.starts_at(k, end, t))
        }) {
            end = p;
        }
        while end > start && self.is_punct(end - 1) && !self.quoted(end - 1) && !self.in_name[end - 1] {
            end -= 1;
        }
        end
    }

    /// A writer's claim from a clause (no attribution): kind from the cue tables.
    fn writer(&self, clause: Range<usize>, content: Range<usize>) -> Option<Draft> {
        let mut s = content.start;
        while s < content.end
            && ((self.is_punct(s) && !self.in_name[s] && !self.quoted(s))
                || lkn(self.word(s))
                || matches!(
                    self.word(s),
                    "كما" | "بينما" | "حيث" | "اذ" | "ثم" | "ف" | "و" | "قد" | "وقد" | "فقد" | "لقد"
                ))
        {
            s += 1;
        }
        if (self.word(s) == "الا" || self.word(s) == "لا") && matches!(self.word(s + 1), "ان" | "سيما")
        {
            s += 2;
        }
        if self.word(s) == "ان" && self.word(s.wrapping_sub(1)) == "سيما" {
            s += 1;
        }
        // Share buttons glued before the first sentence: start after them.
        let head = s..content.end.min(s + 12);
        if head.clone().filter(|&k| self.flags[k] & lx::F_BOILER != 0).count() >= 2
            && let Some(k) = head.rev().find(|&k| self.flags[k] & lx::F_BOILER != 0)
        {
            s = k + 1;
        }
        let e = self.trim_end(s, content.end);
        if e <= s {
            return None;
        }
        let words = (s..e).filter(|&k| self.toks[k].kind == TokenKind::Word).count();
        let boiler = (s..e).filter(|&k| self.flags[k] & lx::F_BOILER != 0).count();
        let question = (e..clause.end.min(e + 3)).any(|k| matches!(self.word(k), "؟" | "?"));
        let assess = self.find_phrase(s..e, lx::ASSESSMENTS).is_some();
        let first_verb = (s..e).find(|&k| self.kv(k) || self.vs(k));
        let asked = first_verb.is_some_and(|k| {
            matches!(
                lx::strip_conj(self.word(k)).unwrap_or(self.word(k)),
                "سئل" | "سئلت" | "تساءل" | "يتساءل"
            )
        });
        let connective = words <= 6
            && matches!(self.word(s), "ياتي" | "جاء" | "وياتي" | "وجاء")
            && self.word(s + 1) == "ذلك";
        if words < 3 || boiler >= 2 || question || asked || connective || !(self.has_verb(s..e) || assess) {
            return None;
        }
        let (certainty, hedge_cue) = self.certainty(s..e, false);
        let future_main = (s..e.min(s + 4)).any(|k| lx::future(self.word(k)) || self.word(k) == "سوف")
            || (self.find_phrase(s..e, lx::FUTURE_TIMES).is_some()
                && !(s..e)
                    .find(|&k| self.kv(k) || self.vs(k))
                    .is_some_and(|k| lx::perfect_verb(self.word(k))));
        let kind = match certainty {
            Certainty::Conditional => ClaimKind::Conditional,
            Certainty::Probable | Certainty::Possible => ClaimKind::Prediction,
            Certainty::Asserted if future_main => ClaimKind::Prediction,
            Certainty::Asserted if assess => ClaimKind::Assessment,
            Certainty::Asserted => ClaimKind::Factual,
        };
        let cue = hedge_cue.or_else(|| if assess { self.find_phrase(s..e, lx::ASSESSMENTS) } else { None });
        Some(Draft {
            kind,
            span: clause.start..self.trim_end(clause.start, clause.end),
            content: Content::Tokens(s..e),
            speaker: None,
            cue,
            certainty,
            negated: self.negated(s..e),
        })
    }

    fn find_phrase(&self, r: Range<usize>, table: &[&[&str]]) -> Option<Range<usize>> {
        for k in r.clone() {
            if self.quoted(k) {
                continue;
            }
            if let Some(n) = self.phrase_at(k, r.end, table) {
                return Some(k..k + n);
            }
        }
        None
    }

    /// Certainty of a content range: conditional particles (not "whether"), hedges, قد + imperfect.
    /// Inside reported speech only explicit hedges count, not the future tense.
    fn certainty(&self, r: Range<usize>, _reported: bool) -> (Certainty, Option<Range<usize>>) {
        for k in r.clone() {
            if self.quoted(k) && !_reported {
                continue;
            }
            if let Some(n) = self.phrase_at(k, r.end, lx::CONDITIONALS) {
                let whether = k > 0 && lx::WHETHER.contains(&self.word(k - 1));
                if !whether {
                    return (Certainty::Conditional, Some(k..k + n));
                }
            }
        }
        for k in r.clone() {
            if self.quoted(k) && !_reported {
                continue;
            }
            for (p, h) in lx::HEDGES.iter().filter(|_| self.pstart[k]) {
                if self.starts_at(k, r.end, p) {
                    let c = if *h == Hedge::Probable { Certainty::Probable } else { Certainty::Possible };
                    return (c, Some(k..k + p.len()));
                }
            }
            let w = self.word(k);
            if (w == "قد" || w == "وقد") && k + 1 < r.end {
                let next = self.word(k + 1);
                if (next.starts_with(['ي', 'ت', 'ن']) && lx::verb_shape(next) && !lx::perfect_verb(next))
                    || next.starts_with("يت")
                {
                    return (Certainty::Possible, Some(k..k + 1));
                }
            }
        }
        (Certainty::Asserted, None)
    }

    /// Whether the main predicate is negated: a negation particle before (or at) the first verb,
    /// not "لم … سوى" (only), not "لا يزال" (still), not "لا سيما".
    fn negated(&self, r: Range<usize>) -> bool {
        let mut k = r.start;
        let limit = r.end.min(r.start + 12);
        while k < limit {
            if self.quoted(k) && self.speech_open_at(r.start).is_none() {
                k += 1;
                continue;
            }
            let w = self.word(k);
            if lx::NEGATIONS.contains(&w) && !(k > r.start && w.starts_with('و')) {
                let next = self.word(k + 1);
                if lx::NOT_NEGATION_AFTER.iter().any(|n| next.ends_with(n)) {
                    return false;
                }
                let only = (k + 1..r.end.min(k + 10)).any(|j| matches!(self.word(j), "سوي" | "الا"));
                return !only;
            }
            if w.starts_with("لا") && (w.ends_with("يزال") || w.ends_with("تزال")) {
                return false;
            }
            if (self.kv(k) || (self.vs(k) && k > r.start)) && !matches!(w, "قد" | "كان" | "كانت" | "تم")
            {
                return false;
            }
            k += 1;
        }
        false
    }

    fn span_of(&self, r: &Range<usize>) -> Span {
        let a = &self.toks[r.start];
        let b = &self.toks[r.end - 1];
        Span::new(a.span.start, b.span.end)
    }

    fn finish(&self, d: Draft, sentences: &[Sentence], first_sentence: usize) -> Option<Claim> {
        if d.span.end <= d.span.start {
            return None;
        }
        let content = match &d.content {
            Content::Tokens(r) if r.end > r.start => {
                let mut sp = self.span_of(r);
                // A leading conjunction on a verb is not part of the proposition (وحكمت → حكمت).
                let first = &self.toks[r.start];
                if self.conj_new(r.start) && !self.quoted(r.start) {
                    let n = self.doc.norm(first.norm.clone());
                    let off = n.chars().next().map_or(0, char::len_utf8);
                    sp.start = self.doc.span_of(first.norm.start + off..first.norm.end).start;
                }
                sp
            }
            Content::Quote(q) => self.speech[*q].inner,
            Content::Tokens(_) => return None,
        };
        let span = self.span_of(&d.span).cover(content);
        // Disjoint, ordered quotations: only those from the first closing at or after the content
        // start to the last opening before its end can lie inside it.
        let first = self.speech.partition_point(|q| q.close < content.start);
        let quotes: Vec<TextSpan> = self.speech[first..]
            .iter()
            .take_while(|q| q.open < content.end)
            .filter(|q| content.contains(q.inner) || content.contains(q.outer()))
            .map(|q| TextSpan { span: q.inner, text: self.doc.text(q.inner).to_owned() })
            .collect();
        let cue = d.cue.as_ref().map(|r| {
            let s = self.span_of(r);
            TextSpan { span: s, text: self.doc.text(s).to_owned() }
        });
        let speaker = d.speaker.map(|s| {
            let (entity, entity_name) = self.entity_for(s);
            Speaker { span: s, text: self.doc.text(s).to_owned(), entity, entity_name }
        });
        let entities = self.entities_in(content);
        // The last sentence of the unit starting at or before the claim (sentences are ordered).
        let after = sentences
            .get(first_sentence..)
            .map_or(0, |rest| rest.partition_point(|s| s.span.start <= span.start));
        let sentence = if after == 0 { first_sentence } else { first_sentence + after - 1 };
        let mut claim = Claim {
            kind: d.kind,
            span,
            text: self.doc.text(span).to_owned(),
            content,
            content_text: self.doc.text(content).to_owned(),
            speaker,
            cue,
            quotes,
            certainty: d.certainty,
            negated: d.negated,
            entities,
            score: 0.0,
            sentence,
        };
        let lo = self.toks.partition_point(|t| t.span.start < content.start);
        let hi = self.toks.partition_point(|t| t.span.start < content.end);
        let inside = lo..hi.max(lo);
        let inside: Vec<usize> = inside.filter(|&k| content.contains(self.toks[k].span)).collect();
        let flags = inside.iter().fold(0u8, |f, &k| f | self.flags[k]);
        let has_digit = inside.iter().any(|&k| self.toks[k].kind == TokenKind::Number);
        let n_words = inside.iter().filter(|&&k| self.toks[k].kind == TokenKind::Word).count();
        claim.score = score::score(&claim, flags, n_words, has_digit);
        Some(claim)
    }

    /// The entity a speaker span names: the overlapping mention, preferring names and titles over
    /// demonyms (الوزير التركي أحمد داود أوغلو → Davutoğlu, not Turkey), then the largest overlap.
    /// Ties go to the first mention in entity order, as in a scan over `entities`.
    fn entity_for(&self, s: Span) -> (Option<String>, Option<String>) {
        let best = self
            .mentions
            .overlapping(s)
            .map(|m| {
                (
                    (m.kind != MentionKind::Demonym, m.span.overlap(s)),
                    std::cmp::Reverse((m.entity, m.mention)),
                )
            })
            .max();
        best.and_then(|(_, std::cmp::Reverse((e, _)))| self.entities.get(e))
            .map_or((None, None), |e| (Some(e.id.clone()), Some(e.name.clone())))
    }

    /// Entities with a mention inside `content`, by their first such mention (then id).
    fn entities_in(&self, content: Span) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        // By start, so an entity's first hit is its earliest mention inside.
        let mut found: Vec<(usize, &str)> = self
            .mentions
            .inside(content)
            .filter(|m| seen.insert(m.entity))
            .filter_map(|m| self.entities.get(m.entity).map(|e| (m.span.start, e.id.as_str())))
            .collect();
        found.sort();
        found.into_iter().map(|(_, id)| id.to_owned()).collect()
    }
}
