//! Cue lexicons for claim extraction, as const tables of *folded* forms (see [`fold`]).
//!
//! The tables are written by hand from the claims spec and general knowledge of Arabic newswire
//! style; none is derived from an annotated corpus. Reporting verbs are listed once per lemma
//! (perfect 3ms, imperfect 3ms, active participle stem) and every inflected surface form the
//! matcher accepts is generated from that entry, so that قال، قالت، قالوا، يقول، تقول، قائلا
//! all come from one line.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{LazyLock, OnceLock};

use crate::memo::WordMemo;
use crate::ner::hash::hash_str;

/// An Fx-style hash (rotate, xor, multiply per 8-byte word): the tables are probed for every
/// token, and SipHash's DoS resistance buys nothing for fixed word lists.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        self.0 = h;
    }
}

pub type FnvBuild = BuildHasherDefault<Fnv>;

/// A word list looked up by hashing (built on first use), with the slice API's `contains`.
pub struct WordSet {
    words: &'static [&'static str],
    set: OnceLock<HashSet<&'static str, FnvBuild>>,
}

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet { words, set: OnceLock::new() }
    }

    pub fn contains(&self, w: &&str) -> bool {
        self.set.get_or_init(|| self.words.iter().copied().collect()).contains(*w)
    }

    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }
}

/// Folds a normalized word further so the tables match whatever [`crate::text::NormalizeOptions`]
/// the document used: drops harakat and tatweel, unifies alef seats (أ إ آ ٱ → ا) and alef
/// maqsura (ى → ي).
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`], appending to `out`.
pub fn fold_into(word: &str, out: &mut String) {
    // Most words have nothing to fold: copy those whole. Every folded character is U+0622–U+0625
    // (lead byte D8) or U+0640–U+0671 (lead byte D9, second byte 80–B1); a word with neither
    // lead byte followed by such a byte is kept as it is.
    let b = word.as_bytes();
    let foldable = b.windows(2).any(|p| match p[0] {
        0xD8 => (0xA2..=0xA5).contains(&p[1]),
        0xD9 => (0x80..=0xB1).contains(&p[1]),
        _ => false,
    });
    if !foldable {
        out.push_str(word);
        return;
    }
    out.extend(word.chars().filter_map(|c| match c {
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => None,
        'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
        'ى' => Some('ي'),
        _ => Some(c),
    }));
}

/// How a reporting cue behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CueInfo {
    /// Only a cue when a complementizer (أن، إن، بأن، :) or a quote follows: رأى، اعتبر، وصف are
    /// ordinary verbs otherwise.
    pub needs_complement: bool,
    /// Only a cue when عن follows (عبّر عن، تحدث عن): عبر is also the preposition "via".
    pub needs_an: bool,
    /// The verb denies its content (نفى، استبعد).
    pub negating: bool,
    /// The source is named after عن (نقلت الوكالة عن مصدر قوله).
    pub source_after_an: bool,
    /// Without an explicit source the cue is the writer's hedge (يتوقع أن، يرجح أن): a
    /// prediction, not a report.
    pub agentless_hedge: Option<Hedge>,
    /// The object right after the verb is an emotion or stance noun (أبدى استغرابه من …).
    pub takes_object: bool,
    /// Whether this surface form is a participle (مؤكدا، مضيفا): its subject is always elided.
    pub participle: bool,
}

/// A hedge's strength.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hedge {
    Probable,
    Possible,
}

/// One reporting verb: perfect 3ms forms | imperfect 3ms forms | participle stems | flags.
/// Flags: `c` needs a complement, `n` needs عن, `x` negating, `s` source after عن,
/// `p`/`q` agentless hedge probable/possible, `o` takes an object noun, `-` none.
const REPORTING_VERBS: &[&str] = &[
    "قال|يقول|قائل|-",
    "اكد|يؤكد|مؤكد|-",
    "اعلن|يعلن|معلن|-",
    "اضاف|يضيف|مضيف|-",
    "اشار|يشير|مشير|-",
    "نفي|ينفي|-|x",
    "اوضح|يوضح|موضح|-",
    "ذكر|يذكر|-|-",
    "افاد|يفيد|-|-",
    "كشف|يكشف|كاشف|-",
    "حذر|يحذر|محذر|-",
    "اتهم|يتهم|متهم|-",
    "نسب|ينسب|-|-",
    "زعم|يزعم|زاعم|-",
    "اعتبر|يعتبر|معتبر|c",
    "راي|يري|-|c",
    "توقع|يتوقع|-|pc",
    "شدد|يشدد|مشدد|-",
    "لفت|يلفت|لافت|-",
    "دعا|يدعو|داعي|-",
    "طالب|يطالب|مطالب|-",
    "صرح|يصرح|مصرح|-",
    "بين|يبين|مبين|-",
    "نوه|ينوه|منوه|-",
    "افصح|يفصح|-|-",
    "اعرب|يعرب|معرب|on",
    "عبر|يعبر|معبر|on",
    "ابدي|يبدي|مبدي|o",
    "تحدث|يتحدث|-|n",
    "وصف|يصف|واصف|c",
    "تعهد|يتعهد|متعهد|-",
    "استبعد|يستبعد|مستبعد|x",
    "نقل|ينقل|ناقل|s",
    "اورد|يورد|-|-",
    "ابلغ|يبلغ|-|c",
    "اخبر|يخبر|-|c",
    "تابع|يتابع|-|c",
    "انتقد|ينتقد|منتقد|-",
    "هدد|يهدد|مهدد|-",
    "ناشد|يناشد|مناشد|-",
    "حث|يحث|-|-",
    "رجح|يرجح|مرجح|p",
    "اشتبه|يشتبه|-|-",
    "اعتقد|يعتقد|معتقد|c",
    "اعترض|يعترض|معترض|-",
    "غرد|يغرد|مغرد|-",
];

/// Forms that are far more often another word (بين "between", بينها "between them"): never cues,
/// with or without و.
const NOT_CUES: &[&str] =
    &["بين", "بينه", "بينها", "بينهم", "بينهما", "بيننا", "راي", "قائل", "متحدث", "مفيد", "حثه"];

/// Forms that are another word when bare (نقل "transport") but a cue after و (ونقل).
const NOT_CUES_BARE: &[&str] = &["نقل"];

/// Nominal attribution: the source follows the phrase (بحسب أنقرة، وفقا لمصادر).
pub const NOMINAL_CUES: &[&[&str]] = &[
    &["بحسب"],
    &["حسب"],
    &["وبحسب"],
    &["وحسب"],
    &["وفقا"],
    &["ووفقا"],
    &["طبقا"],
    &["نقلا", "عن"],
    &["علي", "لسان"],
];

/// Passive or impersonal attribution: a belief with no grammatical subject; the holder, if any,
/// follows في / لدى / من قبل (يتم النظر إلى الزيارة في الغرب إلى أنها …).
pub const PASSIVE_CUES: &[&[&str]] = &[
    &["يتم", "النظر", "الي"],
    &["ينظر", "الي"],
    &["ينظر", "اليه"],
    &["ينظر", "اليها"],
    &["يعتقد", "ان"],
    &["يعتقد", "انه"],
    &["يعتقد", "انها"],
    &["اشير", "اليه"],
    &["اشير", "اليها"],
    &["يشاع", "ان"],
    &["يقال", "ان"],
];

/// Stance nouns with a possessive suffix after verb + subject (جددت الحكومة تحذيرها من …).
const STANCE_NOUNS: &[&str] = &["تحذير", "تاكيد", "دعوت", "رفض", "نفي", "اتهام", "مطالبت", "ترحيب", "ادانت"];

/// Sources that "say" things with an imperfect verb after them (تقارير تفيد بأن، رسالة تقول إن).
pub static SOURCE_NOUNS: WordSet = WordSet::new(&[
    "تقارير",
    "تقرير",
    "رسالة",
    "بيان",
    "مصادر",
    "مصدر",
    "معلومات",
    "دراسة",
    "وثيقة",
    "وثائق",
    "تسريبات",
    "انباء",
    "اشاعات",
    "شائعات",
    "استطلاع",
    "احصاءات",
    "ارقام",
    "صور",
    "تسجيل",
]);

/// Nouns that carry the speech themselves (أطلق المتظاهرون هتافات …).
pub static SPEECH_NOUNS: WordSet = WordSet::new(&["هتافات", "شعارات"]);

/// Hedges: multiword phrases and their strength.
pub const HEDGES: &[(&[&str], Hedge)] = &[
    (&["علي", "الارجح"], Hedge::Probable),
    (&["من", "المرجح"], Hedge::Probable),
    (&["يرجح"], Hedge::Probable),
    (&["ويرجح"], Hedge::Probable),
    (&["من", "المتوقع"], Hedge::Probable),
    (&["ومن", "المتوقع"], Hedge::Probable),
    (&["من", "المنتظر"], Hedge::Probable),
    (&["ومن", "المنتظر"], Hedge::Probable),
    (&["من", "المقرر"], Hedge::Probable),
    (&["من", "الممكن"], Hedge::Possible),
    (&["ومن", "الممكن"], Hedge::Possible),
    (&["من", "المحتمل"], Hedge::Possible),
    (&["ومن", "المحتمل"], Hedge::Possible),
    (&["ربما"], Hedge::Possible),
    (&["وربما"], Hedge::Possible),
    (&["يحتمل"], Hedge::Possible),
    (&["مخاوف", "من"], Hedge::Possible),
    (&["يمكن", "ان"], Hedge::Possible),
];

/// Conditional particles (إذا، لو، في حال). `إن` is left out: in news it is almost always the
/// complementizer after قال.
pub const CONDITIONALS: &[&[&str]] = &[
    &["اذا"],
    &["واذا"],
    &["فاذا"],
    &["لو"],
    &["ولو"],
    &["لولا"],
    &["في", "حال"],
    &["وفي", "حال"],
    &["في", "حالة"],
    &["وفي", "حالة"],
    &["ما", "لم"],
    &["شريطة"],
    &["بشرط"],
];

/// Words before اذا that make it "whether", not "if" (سئل عما إذا كان …).
pub const WHETHER: &[&str] = &["عما", "ما", "فيما", "عمّا", "بما"];

/// The writer's evaluation and interpretation.
pub const ASSESSMENTS: &[&[&str]] = &[
    &["لا", "شك"],
    &["بلا", "شك"],
    &["دون", "شك"],
    &["يمثل"],
    &["تمثل"],
    &["رمزية"],
    &["رمزي"],
    &["مثيرة"],
    &["حرجة"],
    &["علي", "استحياء"],
    &["يفسح", "المجال"],
    &["وهو", "ما"],
    &["وهي", "ما"],
    &["ما", "يعني"],
    &["مما", "يعني"],
    &["يرجع", "ذلك"],
    &["ويرجع", "ذلك"],
    &["يبقي"],
    &["يظل"],
    &["بذلك"],
    &["يعكس"],
    &["تعكس"],
    &["يعزز"],
    &["يبدو"],
    &["ويبدو"],
    &["يكرس"],
    &["دلالة"],
    &["مؤشر"],
];

/// Negation particles whose scope is the following predicate.
pub static NEGATIONS: WordSet = WordSet::new(&[
    "لم", "لن", "لا", "ليس", "ليست", "لسنا", "لست", "ولم", "ولن", "ولا", "وليس", "فلم", "فلن", "فلا",
]);

/// Negation look-alikes: "not only", "still", "especially".
pub const NOT_NEGATION_AFTER: &[&str] = &["سوي", "سيما", "يزال", "تزال", "زال", "زالت", "بد"];

/// Words that make a claim about opinion rather than fact (they lower the score).
pub static OPINION: WordSet =
    WordSet::new(&["اعتقد", "نعتقد", "يجب", "ينبغي", "ضرورة", "نامل", "اتمني", "اري", "نري"]);

/// Words that make a claim specific and checkable: firsts, votes, deliveries, deals, casualties,
/// sentences, money.
pub static SPECIFIC: WordSet = WordSet::new(&[
    "اول",
    "اولي",
    "صوت",
    "صوتت",
    "تسليم",
    "صفقة",
    "اتفاق",
    "اتفاقية",
    "عقد",
    "مليار",
    "مليون",
    "الف",
    "قتل",
    "قتيل",
    "قتلي",
    "اعدام",
    "بالاعدام",
    "حكم",
    "اعتقال",
    "القبض",
    "اختبار",
    "اختبارين",
    "تجربة",
    "اعترف",
    "تعترف",
    "قرار",
    "القرارات",
    "العقوبات",
    "بالسجن",
]);

/// Month and weekday names, and other date words.
pub static DATE_WORDS: WordSet = WordSet::new(&[
    "يناير",
    "فبراير",
    "مارس",
    "ابريل",
    "مايو",
    "يونيو",
    "يوليو",
    "اغسطس",
    "سبتمبر",
    "اكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون",
    "شباط",
    "اذار",
    "نيسان",
    "ايار",
    "حزيران",
    "تموز",
    "اب",
    "ايلول",
    "تشرين",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "الاحد",
    "امس",
    "اليوم",
    "العام",
    "عام",
]);

/// Number words (a claim with a count is more checkable).
pub static NUMBER_WORDS: WordSet = WordSet::new(&[
    "اثنين",
    "اثنان",
    "ثلاث",
    "ثلاثة",
    "اربع",
    "اربعة",
    "خمس",
    "خمسة",
    "ست",
    "ستة",
    "سبع",
    "سبعة",
    "ثماني",
    "ثمانية",
    "تسع",
    "تسعة",
    "عشر",
    "عشرة",
    "عشرات",
    "مئات",
    "الاف",
    "الالاف",
    "مئة",
    "مائة",
    "الف",
    "مليون",
    "مليار",
    "ثلاثين",
    "اربعين",
    "خمسين",
]);

/// Words that can sit between a verb and its subject without being the subject: times and
/// adverbs (قال اليوم الأربعاء مصدر …).
pub static TIME_ADVERBS: WordSet = WordSet::new(&[
    "اليوم",
    "امس",
    "الاول",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "الاحد",
    "يوم",
    "صباح",
    "مساء",
    "ليلة",
    "الليلة",
    "حاليا",
    "مؤخرا",
    "ايضا",
    "كذلك",
    "ثانية",
    "مجددا",
    "مرة",
    "اخري",
    "الماضي",
    "الماضية",
    "الجاري",
    "الحالي",
]);

/// Prepositions and particles written as separate words: they end a noun phrase.
pub static PREPOSITIONS: WordSet = WordSet::new(&[
    "في",
    "من",
    "الي",
    "علي",
    "عن",
    "مع",
    "منذ",
    "خلال",
    "امام",
    "بعد",
    "قبل",
    "حول",
    "دون",
    "عبر",
    "ضد",
    "لدي",
    "حتي",
    "عند",
    "بين",
    "نحو",
    "وفق",
    "اثناء",
    "تجاه",
    "ازاء",
    "بشان",
    "لدى",
    "فوق",
    "تحت",
    "ضمن",
    "وفي",
    "ومن",
    "وعلي",
    "ومع",
    "وبعد",
    "وقبل",
    "عقب",
    "اثر",
    "وسط",
    "رغم",
    "بسبب",
]);

/// Function words that are never part of a speaker's name.
pub static PARTICLES: WordSet = WordSet::new(&[
    "ان",
    "انه",
    "انها",
    "انهم",
    "انهما",
    "بان",
    "بانه",
    "بانها",
    "بانهم",
    "لان",
    "لكن",
    "ولكن",
    "لكنه",
    "لكنها",
    "لكنهم",
    "الا",
    "اذ",
    "اذا",
    "قد",
    "وقد",
    "فقد",
    "لقد",
    "كما",
    "ثم",
    "او",
    "ام",
    "ما",
    "مما",
    "عما",
    "هو",
    "هي",
    "هم",
    "وهو",
    "وهي",
    "وهم",
    "ذلك",
    "هذا",
    "هذه",
    "تلك",
    "الذي",
    "التي",
    "الذين",
    "اللذان",
    "اللتان",
    "اللذين",
    "اللتين",
    "اللواتي",
    "اللاتي",
    "والذي",
    "والتي",
    "والذين",
    "حيث",
    "بينما",
    "فيما",
    "عندما",
    "حين",
    "لم",
    "لن",
    "لا",
    "ليس",
    "سوف",
    "كي",
    "لكي",
    "حتي",
    "قوله",
    "قولها",
    "نفسه",
    "نفسها",
    "انما",
    "بل",
    "فان",
    "فانه",
    "وان",
    "وانه",
    "كان",
    "كانت",
    "يكون",
    "تكون",
    "بذلك",
    "بهذا",
    "به",
    "بها",
    "بهم",
    "له",
    "لها",
    "لهم",
    "فيه",
    "فيها",
    "منه",
    "منها",
    "عليه",
    "عليها",
    "اليه",
    "اليها",
    "عنه",
    "عنها",
    "ذلك",
    "هناك",
    "هنا",
]);

/// Prepositions with a resumptive pronoun that can stand between a verb and its subject
/// (تدابير تطالب بها الجهات الدائنة).
pub static RESUMPTIVE: WordSet = WordSet::new(&[
    "به",
    "بها",
    "بهم",
    "عليه",
    "عليها",
    "فيه",
    "فيها",
    "اليه",
    "اليها",
    "عنه",
    "عنها",
    "منه",
    "منها",
    "له",
    "لها",
]);

/// Relative pronouns.
pub static RELATIVES: WordSet = WordSet::new(&[
    "الذي",
    "التي",
    "الذين",
    "اللذان",
    "اللتان",
    "اللذين",
    "اللتين",
    "اللواتي",
    "اللاتي",
    "التى",
]);

/// Complementizers that open reported content and are excluded from it.
pub const COMPLEMENTIZERS: &[&str] = &["ان", "بان", "وان"];

/// Complementizers with a pronoun: they are the content's subject and stay in it (أنه، إنها).
pub static COMPLEMENTIZERS_PRONOUN: WordSet = WordSet::new(&[
    "انه",
    "انها",
    "انهم",
    "انهما",
    "اننا",
    "انني",
    "بانه",
    "بانها",
    "بانهم",
    "بانهما",
    "وانه",
    "وانها",
    "وانهم",
]);

/// Words before ان that make it a temporal or causal conjunction, not a complementizer.
pub const NOT_COMPLEMENTIZER_BEFORE: &[&str] =
    &["بعد", "قبل", "منذ", "دون", "بدون", "حتي", "لاجل", "رغم", "يجب", "يمكن"];

/// Subordinators that belong to the clause after them (… خاصة عندما أكد …).
pub const SUBORDINATORS: &[&str] =
    &["عندما", "حين", "حينما", "خاصة", "خصوصا", "اذ", "لاسيما", "بينما", "فيما", "كما"];

/// Tails after a quotation that are not content (على حد تعبيره).
pub const TAILS: &[&[&str]] = &[&["علي", "حد"], &["حسب", "تعبيره"], &["وفق", "تعبيره"]];

/// Share buttons and tag-list headers glued to article text.
pub static BOILERPLATE: WordSet = WordSet::new(&[
    "تويتر",
    "فيسبوك",
    "جوجل",
    "بلس",
    "واتساب",
    "لينكدان",
    "رايك",
    "طباعة",
    "سمات",
    "انستغرام",
    "تلغرام",
]);

/// Media nouns: after a speaker, "ل + media" is the addressee (قال لقناة …), not part of the name.
pub static MEDIA: WordSet =
    WordSet::new(&["قناة", "محطة", "صحيفة", "وكالة", "موقع", "مجلة", "تلفزيون", "اذاعة", "راديو", "شبكة"]);

/// Heads that introduce a name in quote marks: a quoted string after them is a title, not speech
/// (صحيفة "الوطن"، طائرات "الرافال"، تعرف باسم "…").
pub static NAME_INTRODUCERS: WordSet = WordSet::new(&[
    "صحيفة",
    "وكالة",
    "لوكالة",
    "قناة",
    "لقناة",
    "موقع",
    "مجلة",
    "طراز",
    "شركة",
    "بريد",
    "تنظيم",
    "حركة",
    "حزب",
    "جبهة",
    "جماعة",
    "باسم",
    "اسم",
    "المسمي",
    "المسماة",
    "يسمي",
    "تسمي",
    "عملية",
    "طائرات",
    "طائرة",
    "مقاتلات",
    "برنامج",
    "كتاب",
    "فيلم",
    "مسلسل",
    "حملة",
    "مبادرة",
    "مشروع",
    "فندق",
    "مطعم",
    "منظمة",
    "مؤسسة",
    "صفحة",
    "حساب",
    "هاشتاغ",
    "وسم",
    "اعلاميا",
    "بحسب",
    "وفق",
    "لـ",
    "ل",
    "خدمات",
    "الفرقة",
    "فرقة",
]);

/// First words of a quoted string that make it an organisation's or operation's name.
pub static NAME_HEADS: WordSet = WordSet::new(&[
    "الفرقة",
    "فرقة",
    "جبهة",
    "حركة",
    "حزب",
    "تنظيم",
    "جماعة",
    "لواء",
    "كتيبة",
    "جيش",
    "شركة",
    "منظمة",
    "غرفة",
    "مجلس",
    "قوات",
    "اتحاد",
    "مؤسسة",
    "الاتحاد",
    "مركز",
    "هيئة",
]);

/// Frequent newswire verbs in the perfect 3ms; 3fs and 3mp are generated. They tell a clause
/// head (وقتل …) from a coordinated noun (ومؤيديها).
const COMMON_VERBS: &[&str] = &[
    "كان",
    "تم",
    "قتل",
    "اصيب",
    "شن",
    "وقع",
    "بدا",
    "انتهي",
    "صوت",
    "دعم",
    "وصل",
    "وجه",
    "اراد",
    "برز",
    "كرس",
    "صادق",
    "الغي",
    "حكم",
    "عاقب",
    "عرف",
    "فض",
    "اصبح",
    "ظل",
    "بات",
    "صار",
    "ادي",
    "اسفر",
    "اجري",
    "سمح",
    "قصف",
    "هاجم",
    "خطف",
    "اختطف",
    "اعتقل",
    "القي",
    "اطلق",
    "افرج",
    "اكمل",
    "اطاح",
    "اثار",
    "تظاهر",
    "احيا",
    "انهار",
    "نفذ",
    "شغل",
    "انضم",
    "وسع",
    "انتخب",
    "دخل",
    "خرج",
    "ترك",
    "تجنب",
    "سئل",
    "نشر",
    "بث",
    "اجتاز",
    "تلقي",
    "حاول",
    "تمكن",
    "استطاع",
    "حلق",
    "انهي",
    "ابرم",
    "طلب",
    "باع",
    "خضع",
    "وافق",
    "رفض",
    "قرر",
    "فرض",
    "حقق",
    "شهد",
    "ساعد",
    "لعب",
    "احتجز",
    "تحقق",
    "ظهر",
    "عاد",
    "جاء",
    "اتي",
    "ذهب",
    "اقتصر",
    "تبخر",
    "تغير",
    "غادر",
    "التقي",
    "زار",
    "استقبل",
    "اتفق",
    "بلغ",
    "ارتفع",
    "انخفض",
    "تراجع",
    "زاد",
    "سجل",
    "فاز",
    "خسر",
    "حصل",
    "منح",
    "تولي",
    "اقال",
    "استقال",
    "ضرب",
    "دمر",
    "سيطر",
    "استعاد",
    "تقدم",
    "انسحب",
    "ارسل",
    "اوفد",
    "قدم",
    "اعد",
    "ناقش",
    "بحث",
    "تسلم",
    "سلم",
    "اشتري",
    "انتج",
    "اغلق",
    "فتح",
    "افتتح",
    "اختتم",
    "شارك",
    "حضر",
    "نظم",
    "استضاف",
    "اصدر",
    "تبني",
    "اعترف",
    "اغرق",
    "اعاد",
    "استهدف",
    "تسبب",
    "مثل",
    "قضي",
    "اجل",
    "اوقف",
    "انطلق",
    "اندلع",
    "تعرض",
    "سقط",
    "توفي",
    "مات",
    "ولد",
    "اسس",
    "تاسس",
    "اقام",
    "امر",
    "وجد",
    "واجه",
    "تعهد",
    "ابدي",
    "شكل",
    "رحب",
    "ادان",
    "تمت",
    "جري",
    "يجري",
    "يتم",
    "بقي",
    "تبين",
    "اتضح",
    "تضمن",
    "نص",
    "هدف",
    "تجاوز",
];

/// Words the verb patterns would take for verbs.
const NOT_VERBS: &[&str] = &[
    "سيما",
    "يوم",
    "يونيو",
    "يوليو",
    "يناير",
    "يد",
    "يمين",
    "يهود",
    "يسار",
    "يورو",
    "وقت",
    "بيت",
    "صوت",
    "بنت",
    "تحت",
    "ذات",
    "ثابت",
    "تونس",
    "تموز",
    "تركيا",
    "تشرين",
    "تاريخ",
    "سبت",
    "ستة",
    "ستين",
    "سنة",
    "سنوات",
    "سيدة",
    "سيد",
    "سيف",
    "سيناء",
    "سياسة",
    "سياسية",
    "سيارة",
    "سيطرة",
    "ستار",
    "يحيي",
    "يوسف",
    "يونس",
    "ياسر",
    "يزيد",
    "يعقوب",
    "تويتر",
    "تقنيات",
    "تلك",
    "تجاه",
    "تمهيدا",
    "تقريبا",
    "نحو",
    "نفسه",
    "انترنت",
    "مؤقت",
    "يسري",
];

/// Pronoun suffixes a verb may carry as object (أعلنتها، تنفيه).
const OBJECT_SUFFIXES: &[&str] = &["هما", "هم", "ها", "ه", "ني", "نا"];

/// Ends of feminine or plural nouns: a word ending so is not a perfect verb.
const NOUN_ENDINGS: &[&str] = &["ة", "ات", "ية", "يا", "اء"];

fn split_entry(line: &str) -> [&str; 4] {
    let mut it = line.split('|');
    let mut out = ["-"; 4];
    for slot in out.iter_mut() {
        *slot = it.next().unwrap_or("-");
    }
    out
}

/// `s` without its last character.
fn drop_last(s: &str) -> &str {
    s.char_indices().next_back().map_or(s, |(i, _)| &s[..i])
}

/// Perfect-tense inflections of a 3ms form: 3fs (قالت), 3mp (قالوا), dual (قالا), each as the
/// pieces it is written with.
fn perfect_forms(p: &str) -> impl Iterator<Item = [&str; 2]> {
    let weak = p.ends_with('ي') || (p.ends_with('ا') && p.chars().count() >= 3);
    let base = if weak { drop_last(p) } else { p };
    let plain = [[p, ""], [base, "ت"], [base, "وا"], [base, "تا"]];
    plain.into_iter().chain((!weak).then_some([p, "ا"]))
}

/// Imperfect inflections of a 3ms form in ي: the other person prefixes, plurals and duals.
fn imperfect_forms(i: &str) -> Vec<[&str; 3]> {
    let Some(rest) = i.strip_prefix('ي') else { return vec![["", i, ""]] };
    let weak = rest.ends_with('ي') || rest.ends_with('و');
    let stem = if weak { drop_last(rest) } else { rest };
    let mut out: Vec<[&str; 3]> = ["ي", "ت", "ن", "ا"].into_iter().map(|pre| [pre, rest, ""]).collect();
    for pre in ["ي", "ت"] {
        out.push([pre, stem, "ون"]);
        out.push([pre, stem, "ان"]);
    }
    out
}

/// Generated verb forms, all written into one string: the tables hold some 5,400 forms, and
/// allocating each on its own was most of the cost of building them (a fifth of the start-up of
/// `khabar analyze` on one article).
struct FormText<V> {
    text: String,
    /// Byte range of each form in `text`, with the value it maps to.
    forms: Vec<(usize, usize, V)>,
}

impl<V: Copy> FormText<V> {
    /// Room for `forms` forms of 16 bytes (eight letters) on average.
    fn with_capacity(forms: usize) -> FormText<V> {
        FormText { text: String::with_capacity(forms * 16), forms: Vec::with_capacity(forms) }
    }

    /// Adds the form written as `pieces`.
    fn push(&mut self, pieces: &[&str], info: V) {
        let start = self.text.len();
        for p in pieces {
            self.text.push_str(p);
        }
        self.forms.push((start, self.text.len(), info));
    }

    /// Adds the form written as `pieces`, then the same with each object suffix.
    fn push_with_objects(&mut self, pieces: &[&str], info: V) {
        self.push(pieces, info);
        let start = self.forms.last().map_or(0, |f| f.0);
        let form_end = self.text.len();
        let form = &self.text[start..];
        let base_end = if form.ends_with("وا") { form_end - 'ا'.len_utf8() } else { form_end };
        for s in OBJECT_SUFFIXES {
            let at = self.text.len();
            self.text.extend_from_within(start..base_end);
            self.text.push_str(s);
            self.forms.push((at, self.text.len(), info));
        }
    }

    /// The forms in the order they were added, as strings that live as long as the program (the
    /// tables that hold them are statics).
    fn into_static(self) -> impl Iterator<Item = (&'static str, V)> {
        let text: &'static str = self.text.leak();
        self.forms.into_iter().map(move |(a, b, info)| (&text[a..b], info))
    }
}

/// Every surface form (without و/ف) of every reporting verb, with its behaviour.
static CUE_FORMS: LazyLock<HashMap<&'static str, CueInfo, FnvBuild>> = LazyLock::new(|| {
    // 7 forms for each of 5 perfect and 8 imperfect inflections, 6 participles.
    let mut forms = FormText::with_capacity(REPORTING_VERBS.len() * (13 * 7 + 6));
    for line in REPORTING_VERBS {
        let [perf, imperf, part, flags] = split_entry(line);
        let info = CueInfo {
            needs_complement: flags.contains('c'),
            needs_an: flags.contains('n'),
            negating: flags.contains('x'),
            source_after_an: flags.contains('s'),
            agentless_hedge: if flags.contains('p') {
                Some(Hedge::Probable)
            } else if flags.contains('q') {
                Some(Hedge::Possible)
            } else {
                None
            },
            takes_object: flags.contains('o'),
            participle: false,
        };
        if perf != "-" {
            for f in perfect_forms(perf) {
                forms.push_with_objects(&f, info);
            }
        }
        if imperf != "-" {
            for f in imperfect_forms(imperf) {
                forms.push_with_objects(&f, info);
            }
        }
        if part != "-" {
            let pinfo = CueInfo { participle: true, ..info };
            for end in ["ا", "ة", "ين", "ون", "ان", "تين"] {
                forms.push(&[part, end], pinfo);
            }
        }
    }
    let mut map = HashMap::with_capacity_and_hasher(forms.forms.len(), FnvBuild::default());
    // The first line that generates a form decides its behaviour.
    for (f, info) in forms.into_static() {
        map.entry(f).or_insert(info);
    }
    map
});

/// Perfect-tense forms of the common verbs and of the reporting verbs: a و before one of these
/// starts a new clause even without a comma (وقتل فيه …، وأعلنتها …).
static COMMON_VERB_FORMS: LazyLock<HashSet<&'static str, FnvBuild>> = LazyLock::new(|| {
    let mut forms = FormText::with_capacity((COMMON_VERBS.len() + REPORTING_VERBS.len()) * 5);
    for v in COMMON_VERBS {
        for f in perfect_forms(v) {
            forms.push(&f, ());
        }
    }
    let common = forms.forms.len();
    for line in REPORTING_VERBS {
        let [perf, ..] = split_entry(line);
        if perf != "-" {
            for f in perfect_forms(perf) {
                forms.push(&f, ());
            }
        }
    }
    let mut set = HashSet::with_capacity_and_hasher(forms.forms.len(), FnvBuild::default());
    // The reporting verbs' forms that are rather another word (بين) are left out.
    let forms = forms.into_static().enumerate();
    set.extend(forms.filter(|&(i, (f, _))| i < common || !NOT_CUES.contains(&f)).map(|(_, (f, _))| f));
    set
});

static NOT_VERB_SET: LazyLock<HashSet<&'static str, FnvBuild>> =
    LazyLock::new(|| NOT_VERBS.iter().copied().collect());

/// The word without a leading conjunction و / ف (when enough is left to be a word).
pub fn strip_conj(w: &str) -> Option<&str> {
    let mut it = w.chars();
    let c = it.next()?;
    let rest = it.as_str();
    if !matches!(c, 'و' | 'ف') || rest.chars().count() < 2 {
        return None;
    }
    // A word that is itself a known verb (وافق، وصل، وجه) has no conjunction to strip.
    if COMMON_VERB_FORMS.contains(w)
        || CUE_FORMS.contains_key(w)
        || COMMON_VERB_FORMS.contains(strip_object(w))
    {
        return None;
    }
    Some(rest)
}

/// The reporting cue a word is, looked up as written and without its conjunction.
pub fn cue(w: &str) -> Option<CueInfo> {
    if NOT_CUES.contains(&w) {
        return None;
    }
    if let Some(i) = CUE_FORMS.get(w)
        && !NOT_CUES_BARE.contains(&w)
    {
        return Some(*i);
    }
    strip_conj(w).filter(|r| !NOT_CUES.contains(r)).and_then(|r| CUE_FORMS.get(r).copied())
}

/// A stance noun with a possessive suffix (تحذيرها، تأكيده).
pub fn stance_noun(w: &str) -> bool {
    let w = strip_conj(w).filter(|r| r.chars().count() >= 4).unwrap_or(w);
    STANCE_NOUNS.iter().any(|n| {
        w.strip_prefix(n)
            .is_some_and(|suffix| OBJECT_SUFFIXES.contains(&suffix) || suffix == "ه" || suffix == "ها")
    })
}

fn strip_object(w: &str) -> &str {
    for s in OBJECT_SUFFIXES {
        if let Some(b) = w.strip_suffix(s)
            && b.chars().count() >= 3
        {
            return b;
        }
    }
    w
}

/// A verb by the lexicons alone (no shape guessing): safe inside names.
pub fn known_verb(w: &str) -> bool {
    let check = |x: &str| {
        CUE_FORMS.contains_key(x)
            || COMMON_VERB_FORMS.contains(x)
            || COMMON_VERB_FORMS.contains(strip_object(x))
    };
    check(w) || strip_conj(w).is_some_and(check)
}

/// A perfect-tense verb by the lexicons or by its ending (ت، وا), object suffix allowed.
pub fn perfect_verb(w: &str) -> bool {
    let check = |x: &str| {
        let core = strip_object(x);
        COMMON_VERB_FORMS.contains(x)
            || COMMON_VERB_FORMS.contains(core)
            || (!x.starts_with('ي')
                && !x.starts_with("ال")
                && core.len() == x.len()
                && !NOT_VERB_SET.contains(core)
                && {
                    let n = core.chars().count();
                    ((3..=6).contains(&n) && core.ends_with('ت') && !core.ends_with("ات"))
                        || (n >= 4 && x.ends_with("وا"))
                })
    };
    check(w) || strip_conj(w).is_some_and(check)
}

/// Future tense prefix س on an imperfect (ستحقق، سيكون).
pub fn future(w: &str) -> bool {
    let w = strip_conj(w).filter(|r| r.starts_with('س')).unwrap_or(w);
    let mut it = w.chars();
    it.next() == Some('س')
        && matches!(it.next(), Some('ي' | 'ت' | 'ن'))
        && w.chars().count() >= 4
        && !NOT_VERB_SET.contains(w)
        && !NOUN_ENDINGS.iter().any(|e| w.ends_with(e))
}

/// Whether a word (without its conjunction) looks like a finite verb: the lexicons, the future
/// prefix, the imperfect prefix ي, the perfect endings ت / وا. A heuristic without a tagger; it is
/// used where a verb is expected (after و at a clause head), not inside names.
pub fn verb_shape(w: &str) -> bool {
    if known_verb(w) || future(w) {
        return true;
    }
    if NOT_VERB_SET.contains(w) || w.starts_with("ال") {
        return false;
    }
    let n = w.chars().count();
    if w.starts_with('ي') && n >= 3 && !w.ends_with('ة') {
        return true;
    }
    let core = strip_object(w);
    let suffixed = core.len() < w.len();
    let cn = core.chars().count();
    if core.starts_with('ت') && (4..=6).contains(&cn) && !NOUN_ENDINGS.iter().any(|e| core.ends_with(e)) {
        let c: Vec<char> = core.chars().collect();
        let tafil = cn == 5 && c[3] == 'ي';
        let tafaul = c.get(2) == Some(&'ا') || c.get(1) == Some(&'ا');
        if !tafil && !tafaul && !NOT_VERB_SET.contains(core) {
            return true;
        }
    }
    // A ت before a pronoun suffix is as often a feminine noun's (مترجمتها، حكومتها): only the
    // lexicons decide there.
    if !suffixed
        && (3..=6).contains(&cn)
        && core.ends_with('ت')
        && !core.ends_with("ات")
        && !NOT_VERB_SET.contains(core)
    {
        return true;
    }
    n >= 4 && w.ends_with("وا")
}

/// First words of every multiword table: a token that is none of them starts no phrase, which
/// spares the phrase comparisons at almost every position.
static PHRASE_STARTS: LazyLock<HashSet<&'static str, FnvBuild>> = LazyLock::new(|| {
    let tables: [&[&[&str]]; 6] =
        [NOMINAL_CUES, PASSIVE_CUES, CONDITIONALS, ASSESSMENTS, TAILS, FUTURE_TIMES];
    let mut set: HashSet<&'static str, FnvBuild> =
        tables.iter().flat_map(|t| t.iter().map(|p| p[0])).collect();
    set.extend(HEDGES.iter().map(|(p, _)| p[0]));
    set
});

/// Time phrases that put a writer's statement in the future (خلال الأيام المقبلة).
pub const FUTURE_TIMES: &[&[&str]] = &[
    &["خلال", "الايام", "المقبلة"],
    &["خلال", "الايام", "القليلة"],
    &["خلال", "الساعات", "المقبلة"],
    &["خلال", "الاسابيع", "المقبلة"],
];

/// Whether some phrase of the tables may start with `w`.
pub fn phrase_start(w: &str) -> bool {
    PHRASE_STARTS.contains(w)
}

/// Score-relevant word classes (bit flags of [`WordFeatures::score_flags`]).
pub const F_NUMBER: u8 = 1;
pub const F_DATE: u8 = 2;
pub const F_SPECIFIC: u8 = 4;
pub const F_OPINION: u8 = 8;
/// Share-button and tag-list words.
pub const F_BOILER: u8 = 16;
/// Stance and speech nouns (تحذيرها، هتافات).
pub const F_STANCE: u8 = 32;

/// Everything the extractor asks the lexicons about one folded word.
#[derive(Clone, Copy, Debug, Default)]
pub struct WordFeatures {
    pub known_verb: bool,
    pub verb_shape: bool,
    pub cue: Option<CueInfo>,
    /// A conjunction that starts something new (والفرقة، وطلب).
    pub conj_new: bool,
    pub phrase_start: bool,
    /// Can be part of a noun phrase as far as the word itself goes (no particle, verb, cue …).
    pub np_lexical: bool,
    pub score_flags: u8,
}

/// A conjoined word that starts something new (والفرقة، وطلب), not a word that begins with و.
fn conj_new_word(w: &str) -> bool {
    if w.starts_with('ف') {
        return strip_conj(w).is_some_and(|r| known_verb(r) || PARTICLES.contains(&r));
    }
    strip_conj(w).is_some_and(|r| r.starts_with("ال") || verb_shape(r) || PARTICLES.contains(&r))
}

fn compute_features(w: &str) -> WordFeatures {
    let known = known_verb(w);
    let cue_info = cue(w);
    let np_lexical = !(PARTICLES.contains(&w)
        || PREPOSITIONS.contains(&w)
        || RELATIVES.contains(&w)
        || COMPLEMENTIZERS_PRONOUN.contains(&w)
        || known
        || cue_info.is_some()
        || stance_noun(w)
        || SPEECH_NOUNS.contains(&w)
        || NEGATIONS.contains(&w));
    let bare = strip_conj(w).filter(|r| r.starts_with("ال") || r.chars().count() >= 3);
    let has = |t: &WordSet| t.contains(&w) || bare.is_some_and(|b| t.contains(&b));
    let mut flags = 0;
    for (t, f) in
        [(&NUMBER_WORDS, F_NUMBER), (&DATE_WORDS, F_DATE), (&SPECIFIC, F_SPECIFIC), (&OPINION, F_OPINION)]
    {
        if has(t) {
            flags |= f;
        }
    }
    if is_boilerplate(w) {
        flags |= F_BOILER;
    }
    if stance_noun(w) || SPEECH_NOUNS.contains(&w) {
        flags |= F_STANCE;
    }
    WordFeatures {
        known_verb: known,
        verb_shape: verb_shape(w),
        cue: cue_info,
        conj_new: conj_new_word(w),
        phrase_start: phrase_start(w),
        np_lexical,
        score_flags: flags,
    }
}

/// log2 of the most slots the per-thread memo of [`features`] grows to: 65,536 words, 4 MB.
const MEMO_BITS: u32 = 16;

thread_local! {
    /// Features of the words seen lately on this thread: the lexicon answers do not depend on
    /// the article, and computing them takes a score of hash-set probes. The memo keeps each word
    /// inline in one slot (see [`WordMemo`]), so a hit costs one memory access; a map owning a
    /// string per word cost three, mostly cache misses.
    static MEMO: std::cell::RefCell<WordMemo<WordFeatures>> = std::cell::RefCell::new(WordMemo::new(MEMO_BITS));
}

/// The lexicon answers for a folded word, memoized per thread.
pub fn features(w: &str) -> WordFeatures {
    MEMO.with(|memo| match memo.try_borrow_mut() {
        Ok(mut memo) => memo.get_or_compute(0, w.as_bytes(), hash_str(w), || compute_features(w)),
        Err(_) => compute_features(w),
    })
}

/// Brings the memo slots of `words` into the CPU caches before their [`features`] are asked
/// one by one (see [`WordMemo::warm`]).
pub fn warm_features<'w>(words: impl Iterator<Item = &'w str>) {
    MEMO.with(|memo| {
        if let Ok(memo) = memo.try_borrow() {
            memo.warm(words.map(hash_str));
        }
    })
}

/// Whether `words` starts with the phrase `p`.
pub fn starts_with(words: &[&str], p: &[&str]) -> bool {
    words.len() >= p.len() && words.iter().zip(p).all(|(a, b)| a == b)
}

/// Length of the first phrase of `table` that starts `words`.
pub fn match_phrase(words: &[&str], table: &[&[&str]]) -> Option<usize> {
    table.iter().find(|p| starts_with(words, p)).map(|p| p.len())
}

pub fn is_boilerplate(w: &str) -> bool {
    BOILERPLATE.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_forms_cover_inflections() {
        for w in [
            "قال",
            "قالت",
            "وقال",
            "يقول",
            "تقول",
            "قائلا",
            "مؤكدا",
            "اكد",
            "واكد",
            "تشير",
            "مشيرين",
            "نفت",
            "تنفيه",
            "يري",
            "معتبرة",
        ] {
            assert!(cue(w).is_some(), "{w}");
        }
        for w in ["بين", "قول", "مطالبهم", "المتحدث", "الاكد"] {
            assert!(cue(w).is_none(), "{w}");
        }
        assert!(cue("نفت").is_some_and(|c| c.negating));
        assert!(cue("مضيفا").is_some_and(|c| c.participle));
    }

    #[test]
    fn verb_shapes() {
        for w in ["قصفت", "اعلنتها", "يتوقع", "ستعود", "بينوا", "كانت", "تعمل"]
        {
            assert!(verb_shape(w), "{w}");
        }
        for w in ["مؤيديها", "الحكومة", "توفير", "تعاون", "تركيا", "وقت", "صور"]
        {
            assert!(!verb_shape(w), "{w}");
        }
    }

    #[test]
    fn fold_unifies_spellings() {
        assert_eq!(fold("أكّد"), "اكد");
        assert_eq!(fold("إلى"), "الي");
    }
}
