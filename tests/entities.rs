//! Entity linking over the seed article and hand-made cases (no ../shared needed).

use std::io::Write;
use std::sync::LazyLock;

use khabar::entities::{Entity, Linker, MentionKind, write_tsv};
use khabar::ner::{EntityType, Mention};
use khabar::text::{Document, NormalizeOptions, Span, sentences, tokenize};

fn link_with(linker: &Linker, text: &str, ner: &[(&str, EntityType)]) -> Vec<Entity> {
    let doc = Document::new(text.to_owned(), &NormalizeOptions::default());
    let toks = tokenize::tokenize(&doc);
    let sents = sentences::split(&doc, &toks);
    // Hand-made NER mentions: every occurrence of each string, on token boundaries.
    let mut mentions = Vec::new();
    for (s, label) in ner {
        let n = s.chars().count();
        let chars: Vec<char> = text.chars().collect();
        for start in 0..chars.len().saturating_sub(n - 1) {
            if chars[start..start + n].iter().collect::<String>() != *s {
                continue;
            }
            let span = Span::new(start, start + n);
            let first = toks.iter().position(|t| t.span.start == span.start);
            let last = toks.iter().position(|t| t.span.end == span.end);
            if let (Some(a), Some(b)) = (first, last) {
                mentions.push(Mention {
                    label: *label,
                    tokens: a..b + 1,
                    span,
                    norm: doc.norm(toks[a].norm.start..toks[b].norm.end).to_owned(),
                    confidence: 0.9,
                });
            }
        }
    }
    linker.link(&doc, &toks, &sents, &mentions)
}

/// Built once: compiling the lexicon is the expensive part.
static LINKER: LazyLock<Linker> = LazyLock::new(|| Linker::embedded().expect("embedded lexicon"));

fn link(text: &str) -> Vec<Entity> {
    link_with(&LINKER, text, &[])
}

fn find<'a>(es: &'a [Entity], name: &str) -> &'a Entity {
    es.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("{name} not found in {:#?}", names(es)))
}

fn names(es: &[Entity]) -> Vec<String> {
    es.iter()
        .map(|e| format!("{} {:?}", e.name, e.mentions.iter().map(|m| &m.text).collect::<Vec<_>>()))
        .collect()
}

/// Every row of fixtures/expected-entities.tsv (a copy of the seed's gold file) holds.
#[test]
fn seed_article_gives_the_expected_entities() {
    let text = include_str!("../fixtures/seed-article.txt");
    let es = link(text);
    let gold = include_str!("../fixtures/expected-entities.tsv");
    let mut rows = 0;
    for line in gold.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let c: Vec<&str> = line.split('\t').collect();
        let (name, typ, qid, min) = (c[0], c[1], c[2], c[3].parse::<usize>().expect("min_mentions"));
        let e = find(&es, name);
        let (t, sub) = typ.split_once('/').unwrap_or((typ, ""));
        assert_eq!(format!("{:?}", e.entity_type).to_uppercase(), t, "{name} type");
        if !sub.is_empty() {
            assert_eq!(e.subtype.as_deref(), Some(sub), "{name} subtype");
        }
        if qid != "-" {
            assert_eq!(e.wikidata.as_deref(), Some(qid), "{name} QID");
        }
        let counted = e.mentions.iter().filter(|m| m.kind != MentionKind::Demonym).count();
        assert!(counted >= min, "{name}: {counted} mentions < {min}: {:?}", e.mentions);
        for item in c[4].split(" | ") {
            // "موسكو ×4 (capital)", "بوتين (in لبوتين)": the text, then how many times.
            let bare = item.split(" (").next().unwrap_or(item).trim();
            let (form, times) = match bare.split_once(" ×") {
                Some((f, n)) => (f.trim(), n.trim().parse::<usize>().expect("×N")),
                None => (bare, 1),
            };
            let got = e.mentions.iter().filter(|m| m.text == form).count();
            assert!(got >= times, "{name}: {form} found {got} times, want {times}: {:?}", e.mentions);
        }
        rows += 1;
    }
    assert_eq!(rows, 9);
    // The welcome extras.
    assert_eq!(find(&es, "the West").count, 3);
    assert_eq!(find(&es, "COVID-19").entity_type, EntityType::Misc);
    // Every mention's text is the original text at its span.
    let chars: Vec<char> = text.chars().collect();
    for e in &es {
        for m in &e.mentions {
            assert_eq!(chars[m.span.start..m.span.end].iter().collect::<String>(), m.text);
        }
    }
}

#[test]
fn salience_orders_and_numbers_entities() {
    let es = link(include_str!("../fixtures/seed-article.txt"));
    for (i, e) in es.iter().enumerate() {
        assert_eq!(e.id, format!("e{}", i + 1));
        assert_eq!(e.count, e.mentions.len());
        assert!((0.0..=1.0).contains(&e.salience.score));
    }
    assert!(es.windows(2).all(|w| w[0].salience.score >= w[1].salience.score));
    let share: f64 = es.iter().map(|e| e.salience.mention_share).sum();
    assert!((share - 1.0).abs() < 0.01, "{share}");
    assert_eq!(es[0].name, "Russia");
    // Deterministic.
    assert_eq!(es, link(include_str!("../fixtures/seed-article.txt")));
}

#[test]
fn clitics_are_outside_the_span() {
    let text = "سافر لروسيا ثم وموسكو وبكوريا الشمالية وقال للغرب ولبوتين.";
    let es = link(text);
    let texts = |n: &str| find(&es, n).mentions.iter().map(|m| m.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts("Russia"), vec!["روسيا", "موسكو"]);
    assert_eq!(texts("North Korea"), vec!["كوريا الشمالية"]);
    assert_eq!(texts("the West"), vec!["غرب"]);
    assert_eq!(texts("Vladimir Putin"), vec!["بوتين"]);
}

#[test]
fn spelling_variants_match_through_normalization() {
    let text = "التقى بوتن مع كيم جونج اون في بيونج يانج ثم في بيونغيانغ، وقالت الكوريه الشماليه والصين إنّ إسرائيل و اسرائيل دولة. زار زيلنسكي أوكرانيا.";
    let es = link(text);
    assert_eq!(find(&es, "Vladimir Putin").count, 1);
    assert_eq!(find(&es, "Kim Jong Un").count, 1);
    let nk = find(&es, "North Korea");
    assert_eq!(nk.mentions.iter().filter(|m| m.kind == MentionKind::Capital).count(), 2);
    assert_eq!(nk.mentions.iter().filter(|m| m.kind == MentionKind::Demonym).count(), 1);
    assert_eq!(find(&es, "Israel").count, 2);
    assert_eq!(find(&es, "Volodymyr Zelenskyy").count, 1);
}

#[test]
fn partial_names_need_the_full_name_in_the_article() {
    // كيم alone names no one; with the full name it joins Kim Jong Un.
    assert!(link("وصل كيم إلى المدينة.").iter().all(|e| e.name != "Kim Jong Un"));
    let es = link("وصل كيم جونغ أون. ثم قال كيم إن جونغ اون سعيد.");
    let kim = find(&es, "Kim Jong Un");
    assert_eq!(kim.mentions.iter().filter(|m| m.kind == MentionKind::Partial).count(), 2);
}

#[test]
fn titles_join_the_holder() {
    // The holder in the article wins; without one, the lexicon's holder; else the office.
    let es = link("قال الرئيس الروسي إن فلاديمير بوتين سيزور الصين.");
    assert_eq!(find(&es, "Vladimir Putin").count, 2);
    let es = link("قال الرئيس الروسي إن بلاده مستعدة.");
    assert_eq!(find(&es, "Vladimir Putin").mentions[0].kind, MentionKind::Title);
    let es = link("قال وزير الخارجية الكويتي إن بلاده مستعدة.");
    let office = find(&es, "Foreign Minister of Kuwait");
    assert_eq!((office.entity_type, office.wikidata.as_deref()), (EntityType::Person, None));
}

#[test]
fn organizations_and_abbreviations() {
    let es =
        link("دعا حلف شمال الأطلسي ثم الناتو والأمم المتحدة ومجلس الأمن والوكالة الدولية للطاقة الذرية وأوبك.");
    assert_eq!(find(&es, "NATO").count, 2);
    assert_eq!(find(&es, "NATO").wikidata.as_deref(), Some("Q7184"));
    for n in
        ["United Nations", "United Nations Security Council", "International Atomic Energy Agency", "OPEC"]
    {
        assert_eq!(find(&es, n).count, 1, "{n}");
    }
}

#[test]
fn ner_mentions_merge_with_the_lexicon() {
    let linker = &*LINKER;
    let text = "التقى سامي الحسن بالرئيس بوتين في موسكو. وقال الحسن إن كيم يو جونغ وكيم جونغ أون حضرا.";
    let ner = [
        ("سامي الحسن", EntityType::Person),
        ("الحسن", EntityType::Person),
        ("بوتين", EntityType::Person),
        ("كيم يو جونغ", EntityType::Person),
    ];
    let es = link_with(linker, text, &ner);
    // Unknown names are entities without QID, partials grouped with the full name.
    let sami = find(&es, "سامي الحسن");
    assert_eq!((sami.count, sami.wikidata.as_deref()), (2, None));
    assert_eq!(sami.mentions[1].kind, MentionKind::Partial);
    // A lexicon name covers the NER mention; a longer NER name beats lexicon partials.
    assert_eq!(find(&es, "Vladimir Putin").count, 1);
    assert_eq!(find(&es, "كيم يو جونغ").count, 1);
    assert_eq!(find(&es, "Kim Jong Un").count, 1);
}

#[test]
fn user_lexicon_adds_and_overrides() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(f, "id\ttype\tsubtype\tname_en\tname_ar\twikidata\taliases\tdemonyms\tcapitals\troles").unwrap();
    writeln!(f, "local:mayor\tPERSON\tmayor\tSami Al-Hassan\tسامي الحسن\t\tالعمدة الحسن").unwrap();
    writeln!(f, "Q159\tLOCATION\tcountry\tRussian Federation\tروسيا\tQ159\tروسيا الاتحادية").unwrap();
    writeln!(f, "+Q423\t\t\t\t\t\tكوريا الديموقراطية").unwrap();
    let linker = Linker::with_user_lexicon(f.path()).unwrap();
    let es = link_with(&linker, "قال سامي الحسن إن روسيا وكوريا الديموقراطية وموسكو.", &[]);
    assert_eq!(find(&es, "Sami Al-Hassan").count, 1);
    // The override replaced Russia's row: its capital is gone, its new name is used.
    assert_eq!(find(&es, "Russian Federation").count, 1);
    assert_eq!(find(&es, "North Korea").count, 1);
    let bad = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bad.path(), "x\tPLANET\t\tX\tس\n").unwrap();
    assert!(Linker::with_user_lexicon(bad.path()).is_err());
}

#[test]
fn tsv_output_has_one_line_per_entity() {
    let es = link(include_str!("../fixtures/seed-article.txt"));
    let mut out = Vec::new();
    write_tsv(&es, &mut out).unwrap();
    let s = String::from_utf8(out).unwrap();
    assert_eq!(s.lines().count(), es.len() + 1);
    assert!(s.lines().nth(1).unwrap().starts_with("e1\tRussia\tروسيا\tLOCATION\tcountry\tQ159\t"));
}

#[test]
fn empty_and_odd_inputs_do_not_panic() {
    for t in ["", " ", "\n\n", "...", "ل", "للل", "A B C", "روسيا"] {
        let _ = link(t);
    }
}
