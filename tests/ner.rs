//! The shipped NER model on the seed article, and training determinism on a small fixture.

use khabar::ner::train::{TrainOptions, train};
use khabar::ner::{EntityType, Tagger, conll::read_conll, lexicon::Lexicon};
use khabar::text::{Document, NormalizeOptions, sentences, tokenize::tokenize};

const SEED: &str = include_str!("../fixtures/seed-article.txt");
const MINI: &str = include_str!("../fixtures/ner-mini.conll");
const LEXICON: &[u8] = include_bytes!("../src/resources/ner-lexicon.bin");
const SGNS: &[u8] = include_bytes!("../src/resources/ner-sgns-clusters.bin");

fn seed_mentions(article_pass: bool) -> (Document, Vec<khabar::ner::Mention>) {
    let doc = Document::new(SEED.to_owned(), &NormalizeOptions::default());
    let tokens = tokenize(&doc);
    let sents = sentences::split(&doc, &tokens);
    let tagger = Tagger::embedded().expect("embedded model loads");
    let m = if article_pass {
        tagger.tag(&doc, &tokens, &sents)
    } else {
        tagger.tag_sentences(&doc, &tokens, &sents)
    };
    (doc, m)
}

/// The model alone (no article-level propagation) finds the seed article's main names.
#[test]
fn seed_article_names_from_the_model() {
    let (doc, mentions) = seed_mentions(false);
    let found =
        |label: EntityType, name: &str| mentions.iter().any(|m| m.label == label && doc.text(m.span) == name);
    let mut missing = Vec::new();
    for p in ["كيم جونغ أون", "بوتين"] {
        if !found(EntityType::Person, p) {
            missing.push(p);
        }
    }
    for l in ["روسيا", "كوريا الشمالية", "الصين", "أوكرانيا", "موسكو", "بيونغ يانغ", "واشنطن"]
    {
        if !found(EntityType::Location, l) {
            missing.push(l);
        }
    }
    let got: Vec<String> = mentions.iter().map(|m| format!("{:?} {}", m.label, doc.text(m.span))).collect();
    assert!(missing.is_empty(), "missing {missing:?}; found {got:?}");
}

/// A name whose first word is also a common word (شي) after a title: the model alone must
/// cover the whole name, not cut it to جين بينغ.
#[test]
fn seed_article_xi_jinping() {
    let (doc, mentions) = seed_mentions(false);
    assert!(mentions.iter().any(|m| m.label == EntityType::Person && doc.text(m.span) == "شي جين بينغ"));
}

/// Names glued to proclitics get spans that start after the clitic.
#[test]
fn clitic_glued_names_get_bare_spans() {
    let (doc, mentions) = seed_mentions(true);
    for (glued, bare) in [("لبوتين", "بوتين"), ("لموسكو", "موسكو"), ("لكوريا", "كوريا")]
    {
        let at = SEED.find(glued).expect("in the article");
        let start = SEED[..at].chars().count();
        let m = mentions
            .iter()
            .find(|m| m.span.start <= start + 1 && m.span.end > start + 1)
            .unwrap_or_else(|| panic!("no mention over {glued}"));
        assert_eq!(m.span.start, start + 1, "{glued}: span starts at the clitic");
        assert!(doc.text(m.span).starts_with(bare), "{glued}: {}", doc.text(m.span));
        assert!(m.norm.starts_with(bare));
    }
}

#[test]
fn embedded_tagger_tags_gold_words() {
    let tagger = Tagger::embedded().expect("loads");
    let tags = tagger.tag_words(&["قال", "الرئيس", "فلاديمير", "بوتين", "في", "موسكو", "."]);
    assert_eq!(tags.len(), 7);
    assert_eq!(tags[3].entity_type(), Some(EntityType::Person));
    assert_eq!(tags[5].entity_type(), Some(EntityType::Location));
}

/// Same data, lexicon and seed → byte-identical model; the model learns its training data.
#[test]
fn training_is_deterministic() {
    let data = read_conll(MINI).expect("fixture parses");
    let lex = Lexicon::from_bytes(LEXICON).expect("lexicon");
    let sgns = Lexicon::from_bytes(SGNS).expect("skip-gram clusters");
    let opts = TrainOptions { epochs: 5, seed: 11, bits: 16, dropout: 0.2, o_penalty: 0.0, extra_epochs: 0 };
    let (a, _) = train(&data, &[], None, lex, sgns, &opts, |_| {}).expect("train");
    let (b, _) = train(&data, &[], None, lex, sgns, &opts, |_| {}).expect("train");
    assert_eq!(a, b);
    let (c, _) = train(&data, &[], None, lex, sgns, &TrainOptions { seed: 12, ..opts.clone() }, |_| {})
        .expect("train");
    assert!(Tagger::from_bytes(&c, LEXICON).is_ok());
    let tagger = Tagger::from_bytes(&a, LEXICON).expect("own model loads");
    let words: Vec<&str> = data[3].words.iter().map(String::as_str).collect();
    assert_eq!(tagger.tag_words(&words), data[3].tags);
}
