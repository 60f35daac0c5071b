//! Surface forms generated from a lexicon record: demonym inflections, person-name partials and
//! the transliteration variants newswire uses for foreign names. The rules live here so the
//! lexicon files list each fact once (روسي, not روسي/روسية/الروسي/الروسية/الروس…).

/// Suffixes of the nisba adjective: masculine, feminine, sound masculine plural (nominative and
/// oblique, also the oblique dual), feminine plural, feminine dual.
const NISBA_SUFFIXES: &[&str] = &["", "ة", "ون", "ين", "ات", "تان", "تين"];

/// Name tokens that never stand alone as a partial name, and that a partial may not end with.
const NAME_PARTICLES: &[&str] = &[
    "الأول",
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
        for start in 0..=n - len {
            let part = &words[start..start + len];
            if part.first().is_some_and(|w| is_particle(w)) || part.last().is_some_and(|w| is_particle(w)) {
                continue;
            }
            out.push(part.join(" "));
        }
    }
    out
}

/// Transliterated names drop long vowels inconsistently (بوتين / بوتن, زيلينسكي / زيلنسكي,
/// فلاديمير / فلادمير): one variant for each medial ي or و of a word of five letters or more.
pub fn vowel_variants(form: &str) -> Vec<String> {
    let words: Vec<&str> = form.split_whitespace().collect();
    let mut out = Vec::new();
    for (wi, w) in words.iter().enumerate() {
        let chars: Vec<char> = w.chars().collect();
        if chars.len() < 5 {
            continue;
        }
        for i in 1..chars.len() - 1 {
            if !matches!(chars[i], 'ي' | 'و') || matches!(chars[i - 1], 'ي' | 'و' | 'ا') {
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
        let p = partials("محمد بن سلمان");
        assert_eq!(p, vec!["محمد"]);
        assert_eq!(partials("سلمان بن عبد العزيز آل سعود"), vec!["سلمان"]);
        assert_eq!(partials("عبد الله الثاني بن الحسين"), vec!["عبد الله"]);
        assert_eq!(partials("كيم جونغ أون").len(), 5);
        assert!(partials("بوتين").is_empty());
    }

    #[test]
    fn vowel_variants_drop_one_medial_vowel() {
        assert!(vowel_variants("فلاديمير بوتين").contains(&"فلاديمير بوتن".to_owned()));
        assert!(vowel_variants("زيلينسكي").contains(&"زيلنسكي".to_owned()));
        assert!(vowel_variants("كيم").is_empty());
    }
}
