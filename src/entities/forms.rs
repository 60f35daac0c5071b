//! Surface forms generated from a lexicon record: demonym inflections, person-name partials and
//! the transliteration variants newswire uses for foreign names. The rules live here so the
//! lexicon files list each fact once (روسي, not روسي/روسية/الروسي/الروسية/الروس…).

/// Suffixes of the nisba adjective: masculine, feminine, sound masculine plural (nominative and
/// oblique, also the oblique dual), feminine plural, feminine dual.
const NISBA_SUFFIXES: &[&str] = &["", "ة", "ون", "ين", "ات", "تان", "تين"];

/// Name tokens that never stand alone as a partial name, and that a partial may not end with.
const NAME_PARTICLES: &[&str] = &[
    "الأول",
    "الله",
    "الثاني",
    "الثالث",
    "بن",
    "ابن",
    "بنت",
    "آل",
    "ال",
    "عبد",
    "أبو",
    "ابو",
    "أبي",
    "ابي",
    "أم",
    "ام",
    "ولد",
    "دي",
    "دو",
    "دا",
    "ديل",
    "دل",
    "فان",
    "فون",
    "لا",
    "لو",
    "لي",
    "سان",
    "سانت",
    "الشيخ",
    "الأمير",
    "الملك",
    "السيد",
];

/// All inflected forms of a demonym. A base starting with `=` is a literal form (a broken plural
/// such as الروس); otherwise every word of the base must be a nisba ending in ي (كوري شمالي) and
/// each word takes the same suffix and, in the definite forms, the article.
pub fn demonym_forms(base: &str) -> Vec<String> {
    if let Some(lit) = base.strip_prefix('=') {
        return vec![lit.trim().to_owned()];
    }
    let words: Vec<&str> = base.split_whitespace().collect();
    if words.is_empty() || !words.iter().all(|w| w.ends_with('ي')) {
        return vec![base.trim().to_owned()];
    }
    let mut out = Vec::with_capacity(NISBA_SUFFIXES.len() * 2);
    for suffix in NISBA_SUFFIXES {
        for article in ["", "ال"] {
            let form: Vec<String> = words.iter().map(|w| format!("{article}{w}{suffix}")).collect();
            out.push(form.join(" "));
        }
    }
    out
}

/// The definite masculine form of a demonym (الروسي, الكوري الشمالي), which follows a title
/// (الرئيس الروسي); `None` for literal forms.
pub fn definite_masculine(base: &str) -> Option<String> {
    if base.starts_with('=') {
        return None;
    }
    let words: Vec<String> = base.split_whitespace().map(|w| format!("ال{w}")).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn is_particle(w: &str) -> bool {
    NAME_PARTICLES.contains(&w)
}

/// Given names too common (or too like common words: علي/على, حسن "good", صالح "valid") to
/// stand for one person on their own, even when that person is in the article.
const COMMON_GIVEN_NAMES: &[&str] = &[
    "محمد",
    "أحمد",
    "احمد",
    "محمود",
    "علي",
    "حسن",
    "حسين",
    "عبد الله",
    "عبدالله",
    "عبد العزيز",
    "خالد",
    "عمر",
    "سعد",
    "سعيد",
    "فهد",
    "فيصل",
    "سلطان",
    "تركي",
    "إبراهيم",
    "ابراهيم",
    "يوسف",
    "صالح",
    "هادي",
    "مبارك",
    "جو",
    "بان",
    "كي",
    "حافظ",
    "صدام",
    "مشعل",
    "ظريف",
    "رئيسي",
    "روحاني",
    "الشرع",
    "حمد",
    "راشد",
    "جون",
    "ديفيد",
    "ماركو",
    "نيكولا",
    "نيكولاس",
    "بوريس",
    "الله",
];

/// Words that form one name with the word after them.
const COMPOUND_HEADS: &[&str] = &["عبد", "أبو", "ابو", "أبي", "آل", "ال"];

/// Contiguous parts of a multi-word person name that can refer to the person once the full name
/// is in the article: كيم جونغ أون → كيم, جونغ, أون, كيم جونغ, جونغ أون. Parts that start or end
/// with a particle (محمد بن, بن عبد العزيز) are left out, and compound names (عبد العزيز) stay whole.
pub fn partials(name: &str) -> Vec<String> {
    // Compound names are one unit: عبد العزيز, أبو مازن, آل سعود never split.
    let mut words: Vec<String> = Vec::new();
    let mut glue = false;
    for w in name.split_whitespace() {
        match words.last_mut() {
            Some(last) if glue => {
                last.push(' ');
                last.push_str(w);
            }
            _ => words.push(w.to_owned()),
        }
        glue = COMPOUND_HEADS.contains(&w);
    }
    // After بن comes the father's name, and آل the family's: neither names the person alone.
    let full = words.len();
    if let Some(i) =
        words.iter().position(|w| matches!(w.as_str(), "بن" | "ابن" | "بنت") || w.starts_with("آل "))
    {
        words.truncate(i);
    }
    let n = words.len();
    let mut out = Vec::new();
    for len in 1..=n.min(full - 1) {
        // A part touches an end of the name: a middle word alone is usually the father's name.
        let starts: Vec<usize> = if len == n { vec![0] } else { vec![0, n - len] };
        for start in starts {
            let part = &words[start..start + len];
            if part.first().is_some_and(|w| is_particle(w)) || part.last().is_some_and(|w| is_particle(w)) {
                continue;
            }
            if len == 1 && COMMON_GIVEN_NAMES.contains(&part[0].as_str()) {
                continue;
            }
            let p = part.join(" ");
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// Transliterated names drop long vowels inconsistently (بوتين / بوتن, زيلينسكي / زيلنسكي,
/// فلاديمير / فلادمير): one variant for each medial ي of a word of five letters or more. Not و
/// (محمود / محمد are two names) and not in words with the article (الحسين / الحسن).
pub fn vowel_variants(form: &str) -> Vec<String> {
    let words: Vec<&str> = form.split_whitespace().collect();
    let mut out = Vec::new();
    for (wi, w) in words.iter().enumerate() {
        let chars: Vec<char> = w.chars().collect();
        // Arabic names with the article (الحسين / الحسن) are different names without the ي.
        if chars.len() < 5 || w.starts_with("ال") {
            continue;
        }
        for i in 1..chars.len() - 1 {
            if chars[i] != 'ي' || matches!(chars[i - 1], 'ي' | 'و' | 'ا') {
                continue;
            }
            let shortened: String =
                chars.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, c)| c).collect();
            let mut ws: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            ws[wi] = shortened;
            out.push(ws.join(" "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demonyms_inflect_every_word() {
        let f = demonym_forms("كوري شمالي");
        for want in ["الكوري الشمالي", "الكورية الشمالية", "كورية شمالية", "الكوريين الشماليين"]
        {
            assert!(f.contains(&want.to_owned()), "{want} missing from {f:?}");
        }
        assert!(!demonym_forms("روسي").contains(&"الروس".to_owned()));
        assert_eq!(demonym_forms("=الروس"), vec!["الروس"]);
        assert_eq!(definite_masculine("كوري شمالي").as_deref(), Some("الكوري الشمالي"));
    }

    #[test]
    fn partials_skip_particles() {
        assert!(partials("محمد بن سلمان").is_empty());
        assert_eq!(partials("سلمان بن عبد العزيز آل سعود"), vec!["سلمان"]);
        assert!(partials("عبد الله الثاني بن الحسين").is_empty());
        assert_eq!(partials("كيم جونغ أون"), vec!["كيم", "أون", "كيم جونغ", "جونغ أون"]);
        assert_eq!(partials("علي عبد الله صالح"), vec!["علي عبد الله", "عبد الله صالح"]);
        assert_eq!(partials("حسن نصر الله"), vec!["حسن نصر"]);
        assert!(partials("بوتين").is_empty());
    }

    #[test]
    fn vowel_variants_drop_one_medial_vowel() {
        assert!(vowel_variants("فلاديمير بوتين").contains(&"فلاديمير بوتن".to_owned()));
        assert!(vowel_variants("زيلينسكي").contains(&"زيلنسكي".to_owned()));
        assert!(vowel_variants("كيم").is_empty());
        assert!(vowel_variants("محمود عباس").is_empty());
    }
}
