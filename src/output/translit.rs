//! Buckwalter transliteration (`--translit buckwalter`): the one-to-one ASCII spelling of Arabic
//! script that Arabic NLP corpora and tools (PATB, MADAMIRA, CAMeL) use, so that a reader without
//! an Arabic font or keyboard can still read, grep and compare khabar's Arabic fields.
//!
//! The table is the standard one (Tim Buckwalter, 2002), with the four common extension letters:
//!
//! | Arabic | BW | Arabic | BW | Arabic | BW | Arabic | BW |
//! |---|---|---|---|---|---|---|---|
//! | ء U+0621 hamza | `'` | آ U+0622 | `\|` | أ U+0623 | `>` | ؤ U+0624 | `&` |
//! | إ U+0625 | `<` | ئ U+0626 | `}` | ا U+0627 alef | `A` | ب | `b` |
//! | ة teh marbuta | `p` | ت | `t` | ث | `v` | ج | `j` |
//! | ح | `H` | خ | `x` | د | `d` | ذ | `*` |
//! | ر | `r` | ز | `z` | س | `s` | ش | `$` |
//! | ص | `S` | ض | `D` | ط | `T` | ظ | `Z` |
//! | ع | `E` | غ | `g` | ـ tatweel | `_` | ف | `f` |
//! | ق | `q` | ك | `k` | ل | `l` | م | `m` |
//! | ن | `n` | ه | `h` | و | `w` | ى alef maqsura | `Y` |
//! | ي | `y` | ً fathatan | `F` | ٌ dammatan | `N` | ٍ kasratan | `K` |
//! | َ fatha | `a` | ُ damma | `u` | ِ kasra | `i` | ّ shadda | `~` |
//! | ْ sukun | `o` | ٰ dagger alef | `` ` `` | ٱ alef wasla | `{` | پ | `P` |
//! | چ | `J` | ڤ | `V` | گ | `G` | | |
//!
//! Every other character (Latin letters, digits, punctuation, Arabic punctuation and digits) is
//! left as it is. The mapping is a bijection between the table's two columns, so
//! [`from_buckwalter`] undoes [`to_buckwalter`] on any text whose non-Arabic part holds none of
//! the table's ASCII characters (Arabic text, which is what the Arabic fields hold).

/// `(Arabic, Buckwalter)` pairs; both columns are free of duplicates (a unit test checks it).
pub const TABLE: &[(char, char)] = &[
    ('\u{0621}', '\''),
    ('\u{0622}', '|'),
    ('\u{0623}', '>'),
    ('\u{0624}', '&'),
    ('\u{0625}', '<'),
    ('\u{0626}', '}'),
    ('\u{0627}', 'A'),
    ('\u{0628}', 'b'),
    ('\u{0629}', 'p'),
    ('\u{062A}', 't'),
    ('\u{062B}', 'v'),
    ('\u{062C}', 'j'),
    ('\u{062D}', 'H'),
    ('\u{062E}', 'x'),
    ('\u{062F}', 'd'),
    ('\u{0630}', '*'),
    ('\u{0631}', 'r'),
    ('\u{0632}', 'z'),
    ('\u{0633}', 's'),
    ('\u{0634}', '$'),
    ('\u{0635}', 'S'),
    ('\u{0636}', 'D'),
    ('\u{0637}', 'T'),
    ('\u{0638}', 'Z'),
    ('\u{0639}', 'E'),
    ('\u{063A}', 'g'),
    ('\u{0640}', '_'),
    ('\u{0641}', 'f'),
    ('\u{0642}', 'q'),
    ('\u{0643}', 'k'),
    ('\u{0644}', 'l'),
    ('\u{0645}', 'm'),
    ('\u{0646}', 'n'),
    ('\u{0647}', 'h'),
    ('\u{0648}', 'w'),
    ('\u{0649}', 'Y'),
    ('\u{064A}', 'y'),
    ('\u{064B}', 'F'),
    ('\u{064C}', 'N'),
    ('\u{064D}', 'K'),
    ('\u{064E}', 'a'),
    ('\u{064F}', 'u'),
    ('\u{0650}', 'i'),
    ('\u{0651}', '~'),
    ('\u{0652}', 'o'),
    ('\u{0670}', '`'),
    ('\u{0671}', '{'),
    ('\u{067E}', 'P'),
    ('\u{0686}', 'J'),
    ('\u{06A4}', 'V'),
    ('\u{06AF}', 'G'),
];

/// A transliteration scheme (`--translit`); one today, an enum so that others (e.g. the
/// XML-safe Buckwalter variant) can be added without changing the flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Translit {
    /// The standard Buckwalter table (see the module documentation).
    Buckwalter,
}

impl Translit {
    pub fn apply(self, s: &str) -> String {
        match self {
            Translit::Buckwalter => to_buckwalter(s),
        }
    }
}

/// The Buckwalter letter for an Arabic character of the table.
pub fn bw_char(c: char) -> Option<char> {
    // The table is sorted by the Arabic column, so a binary search finds the letter.
    TABLE.binary_search_by_key(&c, |&(a, _)| a).ok().map(|i| TABLE[i].1)
}

/// Whether `s` holds any character the table transliterates.
pub fn has_arabic(s: &str) -> bool {
    s.chars().any(|c| bw_char(c).is_some())
}

/// Arabic letters and marks to Buckwalter; everything else unchanged.
pub fn to_buckwalter(s: &str) -> String {
    s.chars().map(|c| bw_char(c).unwrap_or(c)).collect()
}

/// Buckwalter back to Arabic script; characters outside the table unchanged.
pub fn from_buckwalter(s: &str) -> String {
    s.chars().map(|c| TABLE.iter().find(|&&(_, b)| b == c).map_or(c, |&(a, _)| a)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_one_to_one() {
        assert!(TABLE.windows(2).all(|w| w[0].0 < w[1].0), "sorted by the Arabic column");
        let mut bw: Vec<char> = TABLE.iter().map(|&(_, b)| b).collect();
        bw.sort_unstable();
        bw.dedup();
        assert_eq!(bw.len(), TABLE.len(), "no two letters share a Buckwalter character");
        assert!(TABLE.iter().all(|&(_, b)| b.is_ascii_graphic()));
    }

    #[test]
    fn every_arabic_letter_and_mark_round_trips() {
        // All of U+0621..U+0652 that are assigned letters or marks, plus the extras.
        let all: String = TABLE.iter().map(|&(a, _)| a).collect();
        let bw = to_buckwalter(&all);
        assert!(bw.is_ascii());
        assert_eq!(from_buckwalter(&bw), all);
        for c in '\u{0621}'..='\u{064A}' {
            if c.is_alphabetic() && !('\u{063B}'..='\u{063F}').contains(&c) {
                assert!(bw_char(c).is_some(), "{c} (U+{:04X}) has no Buckwalter letter", c as u32);
            }
        }
    }

    #[test]
    fn known_words() {
        assert_eq!(to_buckwalter("كيم جونغ أون"), "kym jwng >wn");
        assert_eq!(to_buckwalter("مُحَمَّدٌ"), "muHama~dN");
        assert_eq!(to_buckwalter("الصين، 2024"), "AlSyn، 2024");
        assert_eq!(from_buckwalter("bwtyn"), "بوتين");
    }
}
