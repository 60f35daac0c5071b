//! Clitic segmentation: proclitics (و ف ب ل ك س), the article ال, the stem, and pronoun
//! enclitics, as byte lengths inside a token's normalized form.

/// How a normalized word splits into proclitics, article, stem and enclitic.
///
/// Lengths are in bytes of the normalized token text: the word is
/// `[prefix_len bytes of proclitics][article_len bytes of article][stem][suffix_len bytes of enclitic]`.
/// After ل the article's alef is elided in writing (للغرب = ل + ال + غرب): then the article is the
/// single ل and `article_len` is 2.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Segmentation {
    pub prefix_len: u8,
    pub article_len: u8,
    pub suffix_len: u8,
}

/// A word cut at its segmentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parts<'a> {
    pub proclitics: Vec<&'a str>,
    pub article: Option<&'a str>,
    pub stem: &'a str,
    pub enclitic: Option<&'a str>,
}

impl Segmentation {
    /// The word without its proclitics (article kept): the form a name is looked up by.
    pub fn without_proclitics<'a>(&self, word: &'a str) -> &'a str {
        &word[self.prefix_len as usize..]
    }

    /// The bare stem: no proclitics, article or enclitic.
    pub fn stem<'a>(&self, word: &'a str) -> &'a str {
        let s = (self.prefix_len + self.article_len) as usize;
        let e = word.len() - self.suffix_len as usize;
        if s <= e { &word[s..e] } else { "" }
    }
}

/// Cuts `word` at `seg`; each proclitic is one letter.
pub fn parts(word: &str, seg: Segmentation) -> Parts<'_> {
    let p = seg.prefix_len as usize;
    let proclitics = word[..p].char_indices().map(|(i, c)| &word[i..i + c.len_utf8()]).collect();
    let a = seg.article_len as usize;
    let article = (a > 0).then(|| &word[p..p + a]);
    let e = word.len() - seg.suffix_len as usize;
    let enclitic = (seg.suffix_len > 0).then(|| &word[e..]);
    Parts { proclitics, article, stem: &word[p + a..e.max(p + a)], enclitic }
}

/// Segments one normalized Arabic word.
pub fn segment(word: &str) -> Segmentation {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let mut seg = Segmentation::default();
    let mut i = 0;
    // Conjunction و / ف, then a preposition ب ل ك (or the future س before an imperfect prefix),
    // each only if a stem of at least three letters is left (ولد, بلد stay whole).
    if n - i >= 4 && matches!(chars[i], 'و' | 'ف') {
        i += 1;
    }
    if n - i >= 4 && matches!(chars[i], 'ب' | 'ل' | 'ك') {
        if chars[i] == 'ل' && chars.get(i + 1) == Some(&'ل') && n - i >= 4 {
            // لل = ل + ال with the alef elided.
            seg.prefix_len = (i * 2 + 2) as u8;
            seg.article_len = 2;
            return seg;
        }
        if chars.get(i + 1) == Some(&'ا') && chars.get(i + 2) == Some(&'ل') && n - i >= 5 {
            i += 1;
        }
    }
    seg.prefix_len = (i * 2) as u8;
    if chars.get(i) == Some(&'ا') && chars.get(i + 1) == Some(&'ل') && n - i >= 4 {
        seg.article_len = 4;
    }
    seg
}

/// The word form of the base (article + stem) as treebanks write it inside a multiword token:
/// the elided alef of the article restored after ل (للمرة → المرة).
pub fn base_form(word: &str, seg: Segmentation) -> String {
    let p = seg.prefix_len as usize;
    let e = word.len() - seg.suffix_len as usize;
    let base = &word[p.min(e)..e];
    if seg.article_len == 2 { format!("ا{base}") } else { base.to_owned() }
}
