//! Claim rules on small hand-written sentences (not from any corpus): attribution forms, quotes
//! versus quoted names, negation, hedges and conditionals.

use khabar::claims::{self, Certainty, Claim, ClaimKind};
use khabar::text::{self, Document, NormalizeOptions};

fn run(s: &str) -> Vec<Claim> {
    let doc = Document::new(s.to_owned(), &NormalizeOptions::default());
    let tokens = text::tokenize::tokenize(&doc);
    let sentences = text::sentences::split(&doc, &tokens);
    claims::extract(&doc, &tokens, &sentences, &[])
}

fn one<'a>(cs: &'a [Claim], needle: &str) -> &'a Claim {
    let found: Vec<&Claim> = cs.iter().filter(|c| c.content_text.contains(needle)).collect();
    assert_eq!(found.len(), 1, "{needle:?} in {:#?}", cs.iter().map(|c| &c.content_text).collect::<Vec<_>>());
    found[0]
}

fn speaker(c: &Claim) -> &str {
    c.speaker.as_ref().map_or("", |s| s.text.as_str())
}

#[test]
fn verb_first_attribution_and_elided_follow_up() {
    let cs = run("قال وزير الزراعة اليوم إن المحصول ارتفع بنسبة عشرة في المئة. وأضاف أن الصادرات ستتضاعف.");
    let a = one(&cs, "المحصول ارتفع");
    assert_eq!((a.kind, speaker(a)), (ClaimKind::Reported, "وزير الزراعة"));
    assert_eq!(a.content_text, "المحصول ارتفع بنسبة عشرة في المئة");
    let b = one(&cs, "الصادرات ستتضاعف");
    assert_eq!(speaker(b), "وزير الزراعة", "elided subject points at the last explicit mention");
    assert_eq!(b.certainty, Certainty::Asserted, "the future tense inside a report is not a hedge");
}

#[test]
fn subject_first_and_nominal_attribution() {
    let cs = run(
        "لكن رئيس البلدية قال إن الجسر سيفتتح قريبا. وانهار المبنى القديم في الحي الشرقي، بحسب الدفاع المدني.",
    );
    assert_eq!(speaker(one(&cs, "الجسر سيفتتح")), "رئيس البلدية");
    let c = one(&cs, "انهار المبنى");
    assert_eq!((c.kind, speaker(c)), (ClaimKind::Reported, "الدفاع المدني"));
    assert!(!c.content_text.contains("بحسب"));
    assert_eq!(c.cue.as_ref().map(|q| q.text.as_str()), Some("بحسب"));
}

#[test]
fn attribution_after_the_content() {
    let cs = run("ستبدأ المفاوضات الأسبوع المقبل، قال الوزير.");
    let c = one(&cs, "ستبدأ المفاوضات");
    assert_eq!((c.kind, speaker(c)), (ClaimKind::Reported, "الوزير"));
    assert!(!c.content_text.contains("قال"));
}

#[test]
fn quotes_versus_quoted_names() {
    let cs = run("وقال المدير لصحيفة \"الأيام\" إن الشركة \"لن تتراجع عن قرارها\" مهما حدث.");
    let c = one(&cs, "الشركة");
    assert_eq!(speaker(c), "المدير");
    let q: Vec<&str> = c.quotes.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(q, ["لن تتراجع عن قرارها"], "the newspaper's name is not a quote");
}

#[test]
fn direct_quotation_across_sentences_is_one_claim() {
    let cs =
        run("وقال الطبيب: «وصلنا إلى المستشفى متأخرين. لم يكن هناك أي دواء.» ثم غادر المدينة مع عائلته.");
    let c = one(&cs, "وصلنا إلى المستشفى");
    assert_eq!(c.content_text, "وصلنا إلى المستشفى متأخرين. لم يكن هناك أي دواء.");
    assert_eq!(c.quotes.len(), 1);
    assert_eq!(c.quotes[0].span, c.content);
}

#[test]
fn negation_and_its_look_alikes() {
    let cs = run(
        "ولم توقع الحكومة على الاتفاق مع النقابات. ولم يحضر الاجتماع سوى ثلاثة نواب من المعارضة. ونفت الشركة أنها سرحت العمال.",
    );
    assert!(one(&cs, "توقع الحكومة").negated);
    assert!(!one(&cs, "يحضر الاجتماع").negated, "لم … سوى means only");
    let d = one(&cs, "سرحت العمال");
    assert!(d.negated && d.kind == ClaimKind::Reported);
}

#[test]
fn hedges_conditionals_and_whether() {
    let cs = run(
        "ومن المتوقع أن يرتفع سعر الخبز في الشهر المقبل. وإذا فشلت المحادثات فستندلع الاحتجاجات في العاصمة. وسئل الوزير عما إذا كانت الحكومة ستستقيل، فقال إن ذلك غير مطروح.",
    );
    let p = one(&cs, "يرتفع سعر الخبز");
    assert_eq!((p.kind, p.certainty), (ClaimKind::Prediction, Certainty::Probable));
    let c = one(&cs, "فشلت المحادثات");
    assert_eq!((c.kind, c.certainty), (ClaimKind::Conditional, Certainty::Conditional));
    let r = one(&cs, "ذلك غير مطروح");
    assert_eq!(
        (r.kind, r.certainty),
        (ClaimKind::Reported, Certainty::Asserted),
        "عما إذا is whether, not if"
    );
    assert_eq!(speaker(r), "الوزير", "the subject of سئل answers");
    assert!(cs.iter().all(|c| !c.content_text.starts_with("سئل")), "the question itself is not a claim");
}

#[test]
fn clauses_split_at_conjoined_verbs_and_boilerplate_is_dropped() {
    let cs = run(
        "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك افتتح المحافظ المستشفى الجديد أمس وزار المدرسة الثانوية في المدينة.",
    );
    one(&cs, "افتتح المحافظ المستشفى");
    one(&cs, "زار المدرسة الثانوية");
    assert!(cs.iter().all(|c| !c.content_text.contains("تويتر")));
}

#[test]
fn top_keeps_the_highest_scores_in_order() {
    let cs = run("قتل 25 شخصا في انفجار بالعاصمة يوم الاثنين. ويبدو أن الأجواء كانت هادئة.");
    let top = claims::top(&cs, 1);
    assert_eq!(top.len(), 1);
    assert!(top[0].content_text.contains("قتل 25 شخصا"));
    assert!(claims::top(&cs, 10).len() == cs.len());
}
