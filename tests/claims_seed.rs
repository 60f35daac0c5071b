//! The seed article yields every claim the claims spec lists for it (docs/claims.md, "Worked
//! example"), with kinds, speakers, cues, quotes and certainties — with and without entities.

use khabar::claims::{self, Certainty, Claim, ClaimKind};
use khabar::entities::{Entity, EntityMention, MentionKind, Salience};
use khabar::ner::EntityType;
use khabar::text::{self, Document, NormalizeOptions, Span};

const SEED: &str = include_str!("../fixtures/seed-article.txt");

/// Character spans of every occurrence of `needle` in `hay`.
fn find_all(hay: &str, needle: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for (b, _) in hay.match_indices(needle) {
        let s = hay[..b].chars().count();
        out.push(Span::new(s, s + needle.chars().count()));
    }
    out
}

/// Entities as the entities stage would give them, built by hand from surface forms.
fn seed_entities() -> Vec<Entity> {
    let defs: &[(&str, &str, EntityType, &[&str])] = &[
        ("e1", "Kim Jong Un", EntityType::Person, &["كيم جونغ أون", "كيم"]),
        ("e2", "Russia", EntityType::Location, &["روسيا", "موسكو"]),
        ("e3", "North Korea", EntityType::Location, &["كوريا الشمالية", "بيونغ يانغ"]),
        ("e4", "United States", EntityType::Location, &["الولايات المتحدة", "واشنطن"]),
        ("e5", "the West", EntityType::Location, &["الغرب"]),
    ];
    defs.iter()
        .map(|(id, name, ty, forms)| {
            let mut mentions: Vec<EntityMention> = Vec::new();
            for f in *forms {
                for s in find_all(SEED, f) {
                    if !mentions.iter().any(|m| m.span.overlap(s) > 0) {
                        mentions.push(EntityMention {
                            span: s,
                            text: (*f).to_owned(),
                            kind: MentionKind::Name,
                        });
                    }
                }
            }
            let count = mentions.len();
            Entity {
                id: (*id).to_owned(),
                name: (*name).to_owned(),
                name_ar: forms[0].to_owned(),
                entity_type: *ty,
                subtype: None,
                wikidata: None,
                mentions,
                count,
                salience: Salience { score: 0.0, mention_share: 0.0, first_position: 0.0 },
            }
        })
        .collect()
}

fn run(entities: &[Entity]) -> Vec<Claim> {
    let doc = Document::new(SEED.to_owned(), &NormalizeOptions::default());
    let tokens = text::tokenize::tokenize(&doc);
    let sentences = text::sentences::split(&doc, &tokens);
    claims::extract(&doc, &tokens, &sentences, entities)
}

/// The one claim whose content contains `needle`.
fn claim<'a>(cs: &'a [Claim], needle: &str) -> &'a Claim {
    let found: Vec<&Claim> = cs.iter().filter(|c| c.content_text.contains(needle)).collect();
    assert_eq!(
        found.len(),
        1,
        "claims with content containing {needle:?}: {:#?}",
        cs.iter().map(|c| &c.content_text).collect::<Vec<_>>()
    );
    found[0]
}

fn speaker_text(c: &Claim) -> &str {
    c.speaker.as_ref().map_or("", |s| s.text.as_str())
}

fn quotes(c: &Claim) -> Vec<&str> {
    c.quotes.iter().map(|q| q.text.as_str()).collect()
}

fn check(cs: &[Claim], with_entities: bool) {
    let ent = |c: &Claim| c.speaker.as_ref().and_then(|s| s.entity.clone());

    // Kim: Moscow will win "a great victory" (cue أكد, quote, asserted, about Russia).
    let c = claim(cs, "موسكو ستحقق");
    assert_eq!(c.kind, ClaimKind::Reported);
    assert!(speaker_text(c).contains("كيم جونغ أون"), "{}", speaker_text(c));
    assert_eq!(c.cue.as_ref().map(|q| q.text.as_str()), Some("أكد"));
    assert_eq!(quotes(c), ["نصرا كبيرا"]);
    assert_eq!(c.certainty, Certainty::Asserted);
    assert!(!c.content_text.contains("أكد") && !c.content_text.contains("كيم"));
    // Kim (elided subject of وقال): rapprochement with Russia is the top priority.
    let d = claim(cs, "التقارب مع روسيا");
    assert_eq!(d.kind, ClaimKind::Reported);
    assert_eq!(
        d.speaker.as_ref().map(|s| s.span),
        c.speaker.as_ref().map(|s| s.span),
        "elided subject → Kim's mention"
    );
    assert!(d.cue.as_ref().is_some_and(|q| q.text.contains("قال")));
    assert_eq!(quotes(d), ["الأولوية القصوى"]);
    // The writer's assessment: a message to Washington and the West.
    let a = claim(cs, "وجه بذلك رسالة الى واشنطن والغرب");
    assert_eq!(a.kind, ClaimKind::Assessment);
    assert!(a.speaker.is_none());
    // The delegation's composition indicates military cooperation (not an entity).
    let t = claim(cs, "التعاون العسكري سيكون");
    assert_eq!(t.kind, ClaimKind::Reported);
    assert_eq!(speaker_text(t), "تركيبة الوفد المرافق");
    assert_eq!(t.cue.as_ref().map(|q| q.text.as_str()), Some("تشير"));
    assert_eq!(ent(t), None);
    // Facts: the first to recognise the republics; the vote against the resolutions.
    assert_eq!(claim(cs, "أول دولة تعترف").kind, ClaimKind::Factual);
    assert_eq!(claim(cs, "صوتت ضد القرارات").kind, ClaimKind::Factual);
    // The United States suspects Russia wants to buy weapons.
    let u = claim(cs, "رغبة روسيا لشراء أسلحة");
    assert_eq!(u.kind, ClaimKind::Reported);
    assert_eq!(speaker_text(u), "الولايات المتحدة");
    assert_eq!(u.cue.as_ref().map(|q| q.text.as_str()), Some("تشتبه"));
    // Predictions: naval exercises (probable), satellite help (possible).
    let p = claim(cs, "يتفق البلدان");
    assert_eq!((p.kind, p.certainty), (ClaimKind::Prediction, Certainty::Probable));
    let s = claim(cs, "تطلب بيونغ يانغ مساعدة روسيا");
    assert_eq!((s.kind, s.certainty), (ClaimKind::Prediction, Certainty::Possible));
    // Food aid and submarine technology: factual or prediction.
    let f = claim(cs, "تسعى كوريا الشمالية");
    assert!(matches!(f.kind, ClaimKind::Factual | ClaimKind::Prediction), "{:?}", f.kind);
    // The last two tests failed: a separate factual claim.
    let x = claim(cs, "انتهى آخر اختبارين له بالفشل");
    assert_eq!(x.kind, ClaimKind::Factual);
    assert!(!x.content_text.contains("تطلب"));
    // A deal would be an admission of weakness: conditional.
    let k = claim(cs, "اعترافاً بالضعف");
    assert_eq!((k.kind, k.certainty), (ClaimKind::Conditional, Certainty::Conditional));
    // The West sees the visit as breaking the isolation.
    let w = claim(cs, "لفك العزلة المتبادلة");
    assert_eq!(w.kind, ClaimKind::Reported);
    assert_eq!(speaker_text(w), "الغرب");

    if with_entities {
        assert_eq!(ent(c).as_deref(), Some("e1"));
        assert_eq!(ent(d).as_deref(), Some("e1"));
        assert!(c.entities.contains(&"e2".to_owned()));
        assert!(d.entities.contains(&"e2".to_owned()) && d.entities.contains(&"e3".to_owned()));
        assert_eq!(ent(u).as_deref(), Some("e4"));
        assert_eq!(ent(w).as_deref(), Some("e5"));
    } else {
        assert!(
            cs.iter().all(|c| c.entities.is_empty() && c.speaker.as_ref().is_none_or(|s| s.entity.is_none()))
        );
    }
}

#[test]
fn seed_claims_without_entities() {
    check(&run(&[]), false);
}

#[test]
fn seed_claims_with_entities() {
    check(&run(&seed_entities()), true);
}

#[test]
fn seed_claims_are_ordered_scored_and_inside_the_text() {
    let cs = run(&seed_entities());
    let n = SEED.chars().count();
    for w in cs.windows(2) {
        assert!(w[0].content.start <= w[1].content.start);
    }
    for c in &cs {
        assert!((0.0..=1.0).contains(&c.score));
        assert!(c.span.contains(c.content) && c.content.end <= n);
        assert!(c.quotes.iter().all(|q| c.content.contains(q.span)));
    }
    // Key claims rank specific reported and factual claims above the writer's assessments.
    let top = claims::top(&cs, 3);
    assert_eq!(top.len(), 3);
    assert!(top.iter().all(|c| c.kind != ClaimKind::Assessment));
    assert!(top.windows(2).all(|w| w[0].score >= w[1].score));
}
