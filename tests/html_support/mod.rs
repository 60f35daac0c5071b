//! Shared helpers for the HTML report tests: hand-built analyses over the seed article and a
//! hostile article (the entity and claim stages are developed in parallel, so the tests give the
//! writer exactly known spans), a headless-Chromium runner, and a small parser for the DOM that
//! Chromium serializes with `--dump-dom`.
#![allow(dead_code)]

pub mod cdp;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use khabar::claims::{Certainty, Claim, ClaimKind, Speaker, TextSpan};
use khabar::entities::{Entity, EntityMention, MentionKind, Salience};
use khabar::ner::EntityType;
use khabar::{Analysis, Analyzer, AnalyzerOptions, Span};

pub const SEED: &str = include_str!("../../fixtures/seed-article.txt");

// ---------------------------------------------------------------------------------------------
// Building analyses by hand

/// Character span of every occurrence of `needle` in `text` that is not followed by a letter
/// (so الصين does not match inside الصيني); a prefix clitic before it is allowed (لبوتين).
pub fn find_all(text: &str, needle: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find(needle) {
        let b = from + pos;
        let e = b + needle.len();
        let next_is_letter = text[e..].chars().next().is_some_and(char::is_alphabetic);
        if !next_is_letter {
            let start = text[..b].chars().count();
            out.push(Span::new(start, start + needle.chars().count()));
        }
        from = e;
    }
    out
}

/// The first occurrence of `needle` at or after character `from`; panics in the test if absent.
pub fn find_from(text: &str, needle: &str, from: usize) -> Span {
    let skip: usize = text.chars().take(from).map(char::len_utf8).sum();
    let b = skip + text[skip..].find(needle).unwrap_or_else(|| panic!("{needle:?} not in text"));
    let start = text[..b].chars().count();
    Span::new(start, start + needle.chars().count())
}

pub fn slice(text: &str, span: Span) -> String {
    text.chars().skip(span.start).take(span.len()).collect()
}

pub struct EntitySpec<'a> {
    pub name: &'a str,
    pub name_ar: &'a str,
    pub entity_type: EntityType,
    pub subtype: Option<&'a str>,
    pub wikidata: Option<&'a str>,
    pub mentions: Vec<(Span, MentionKind)>,
}

/// Builds entities with ids in salience order (mention share, then first position).
pub fn entities(text: &str, specs: Vec<EntitySpec<'_>>) -> Vec<Entity> {
    let total: usize = specs.iter().map(|s| s.mentions.len()).sum::<usize>().max(1);
    let len = text.chars().count().max(1) as f64;
    let mut out: Vec<Entity> = specs
        .into_iter()
        .map(|s| {
            let mut mentions = s.mentions;
            mentions.sort_by_key(|m| m.0);
            let first = mentions.first().map_or(0, |m| m.0.start) as f64 / len;
            let share = mentions.len() as f64 / total as f64;
            Entity {
                id: String::new(),
                name: s.name.to_owned(),
                name_ar: s.name_ar.to_owned(),
                entity_type: s.entity_type,
                subtype: s.subtype.map(str::to_owned),
                wikidata: s.wikidata.map(str::to_owned),
                count: mentions.len(),
                mentions: mentions
                    .iter()
                    .map(|&(span, kind)| EntityMention { span, text: slice(text, span), kind })
                    .collect(),
                salience: Salience {
                    score: 0.7 * share + 0.3 * (1.0 - first),
                    mention_share: share,
                    first_position: first,
                },
            }
        })
        .collect();
    out.sort_by(|a, b| b.salience.score.total_cmp(&a.salience.score));
    for (i, e) in out.iter_mut().enumerate() {
        e.id = format!("e{}", i + 1);
    }
    out
}

pub struct ClaimSpec<'a> {
    pub kind: ClaimKind,
    pub certainty: Certainty,
    /// The claim clause, content, cue and quotes as substrings; all but the clause are searched
    /// from the clause's start.
    pub clause: &'a str,
    pub content: &'a str,
    pub cue: Option<&'a str>,
    pub quotes: Vec<&'a str>,
    /// Speaker surface text (searched from the article start) and entity name.
    pub speaker: Option<(&'a str, &'a str)>,
    pub negated: bool,
    pub score: f64,
}

pub fn claims(text: &str, analysis: &Analysis, specs: Vec<ClaimSpec<'_>>) -> Vec<Claim> {
    specs
        .into_iter()
        .map(|s| {
            let span = find_from(text, s.clause, 0);
            let content = find_from(text, s.content, span.start);
            let text_span = |t: &str| {
                let sp = find_from(text, t, span.start);
                TextSpan { span: sp, text: slice(text, sp) }
            };
            let speaker = s.speaker.map(|(surface, name)| {
                let sp = find_from(text, surface, 0);
                let entity = analysis.entities.iter().find(|e| e.name == name);
                Speaker {
                    span: sp,
                    text: slice(text, sp),
                    entity: entity.map(|e| e.id.clone()),
                    entity_name: entity.map(|e| e.name.clone()),
                }
            });
            let sentence = analysis
                .sentences
                .iter()
                .position(|x| x.span.start <= span.start && span.start < x.span.end)
                .unwrap_or(0);
            let entity_ids = analysis
                .entities
                .iter()
                .filter(|e| e.mentions.iter().any(|m| content.contains(m.span)))
                .map(|e| e.id.clone())
                .collect();
            Claim {
                kind: s.kind,
                span,
                text: slice(text, span),
                content,
                content_text: slice(text, content),
                speaker,
                cue: s.cue.map(text_span),
                quotes: s.quotes.into_iter().map(text_span).collect(),
                certainty: s.certainty,
                negated: s.negated,
                entities: entity_ids,
                score: s.score,
                sentence,
            }
        })
        .collect()
}

/// Mentions of `needle`, minus those inside any of `inside` (كيم inside كيم جونغ أون).
fn mentions_of(text: &str, needle: &str, kind: MentionKind, inside: &[Span]) -> Vec<(Span, MentionKind)> {
    find_all(text, needle)
        .into_iter()
        .filter(|s| !inside.iter().any(|o| o.contains(*s)))
        .map(|s| (s, kind))
        .collect()
}

/// The seed article with the entities of `/work/shared/seed/expected-entities.tsv` placed by hand
/// and six claims of every kind and certainty.
pub fn seed_analysis() -> Analysis {
    let t = SEED;
    let mut a = Analyzer::new(AnalyzerOptions::default()).expect("embedded resources").analyze(t.to_owned());
    a.source = Some("fixtures/seed-article.txt".to_owned());
    a.encoding = Some("utf-8".to_owned());
    let kim_full = find_all(t, "كيم جونغ أون");
    let putin_full = find_all(t, "فلاديمير بوتين");
    let mut kim = mentions_of(t, "كيم جونغ أون", MentionKind::Name, &[]);
    kim.extend(mentions_of(t, "كيم", MentionKind::Partial, &kim_full));
    kim.extend(mentions_of(t, "جونغ اون", MentionKind::Partial, &[]));
    kim.extend(mentions_of(t, "الزعيم الكوري الشمالي", MentionKind::Title, &[]));
    let mut putin = mentions_of(t, "فلاديمير بوتين", MentionKind::Name, &[]);
    putin.extend(mentions_of(t, "بوتين", MentionKind::Partial, &putin_full));
    let mut russia = mentions_of(t, "روسيا", MentionKind::Name, &[]);
    russia.extend(mentions_of(t, "موسكو", MentionKind::Capital, &[]));
    let mut nk = mentions_of(t, "كوريا الشمالية", MentionKind::Name, &[]);
    nk.extend(mentions_of(t, "بيونغ يانغ", MentionKind::Capital, &[]));
    let mut ukraine = mentions_of(t, "اوكرانيا", MentionKind::Name, &[]);
    ukraine.extend(mentions_of(t, "أوكرانيا", MentionKind::Name, &[]));
    let mut usa = mentions_of(t, "الولايات المتحدة", MentionKind::Name, &[]);
    usa.extend(mentions_of(t, "واشنطن", MentionKind::Capital, &[]));
    let spec = |name, name_ar, entity_type, subtype, wikidata, mentions| EntitySpec {
        name,
        name_ar,
        entity_type,
        subtype,
        wikidata,
        mentions,
    };
    a.entities = entities(
        t,
        vec![
            spec("Kim Jong Un", "كيم جونغ أون", EntityType::Person, Some("politician"), Some("Q56226"), kim),
            spec(
                "Vladimir Putin",
                "فلاديمير بوتين",
                EntityType::Person,
                Some("politician"),
                Some("Q7747"),
                putin,
            ),
            spec(
                "Xi Jinping",
                "شي جين بينغ",
                EntityType::Person,
                Some("politician"),
                Some("Q15031"),
                mentions_of(t, "شي جين بينغ", MentionKind::Name, &[]),
            ),
            spec("Russia", "روسيا", EntityType::Location, Some("country"), Some("Q159"), russia),
            spec("North Korea", "كوريا الشمالية", EntityType::Location, Some("country"), Some("Q423"), nk),
            spec(
                "China",
                "الصين",
                EntityType::Location,
                Some("country"),
                Some("Q148"),
                mentions_of(t, "الصين", MentionKind::Name, &[]),
            ),
            spec("Ukraine", "أوكرانيا", EntityType::Location, Some("country"), Some("Q212"), ukraine),
            spec("United States", "الولايات المتحدة", EntityType::Location, Some("country"), Some("Q30"), usa),
            spec(
                "the West",
                "الغرب",
                EntityType::Misc,
                None,
                None,
                mentions_of(t, "الغرب", MentionKind::Name, &[]),
            ),
            spec(
                "COVID-19",
                "كوفيد",
                EntityType::Misc,
                Some("disease"),
                Some("Q84263196"),
                mentions_of(t, "كوفيد", MentionKind::Name, &[]),
            ),
        ],
    );
    let specs = vec![
        ClaimSpec {
            kind: ClaimKind::Reported,
            certainty: Certainty::Asserted,
            clause: "أكد لبوتين أن موسكو ستحقق \"نصرا كبيرا\" على أعدائها",
            content: "موسكو ستحقق \"نصرا كبيرا\" على أعدائها",
            cue: Some("أكد"),
            quotes: vec!["\"نصرا كبيرا\""],
            speaker: Some(("كيم جونغ أون", "Kim Jong Un")),
            negated: false,
            score: 0.81,
        },
        ClaimSpec {
            kind: ClaimKind::Reported,
            certainty: Certainty::Asserted,
            clause: "وقال إن التقارب مع روسيا سيكون \"الأولوية القصوى\" للسياسة الخارجية لكوريا الشمالية",
            content: "التقارب مع روسيا سيكون \"الأولوية القصوى\" للسياسة الخارجية لكوريا الشمالية",
            cue: Some("قال"),
            quotes: vec!["\"الأولوية القصوى\""],
            speaker: Some(("كيم جونغ أون", "Kim Jong Un")),
            negated: false,
            score: 0.77,
        },
        ClaimSpec {
            kind: ClaimKind::Assessment,
            certainty: Certainty::Asserted,
            clause: "لا يمكن للغرب ان يخفي قلقه من تداعيات تشكيل المحور الثلاثي الصيني- الروسي - الكوري الشمالي",
            content: "لا يمكن للغرب ان يخفي قلقه من تداعيات تشكيل المحور الثلاثي الصيني- الروسي - الكوري الشمالي",
            cue: None,
            quotes: vec![],
            speaker: None,
            negated: true,
            score: 0.42,
        },
        ClaimSpec {
            kind: ClaimKind::Factual,
            certainty: Certainty::Asserted,
            clause: "وكانت أول دولة تعترف بالجمهوريات الروسية في شرق أوكرانيا",
            content: "أول دولة تعترف بالجمهوريات الروسية في شرق أوكرانيا",
            cue: None,
            quotes: vec![],
            speaker: None,
            negated: false,
            score: 0.68,
        },
        ClaimSpec {
            kind: ClaimKind::Prediction,
            certainty: Certainty::Probable,
            clause: "على الارجح أن يتفق البلدان على إقامة مناورات بحرية مشتركة",
            content: "يتفق البلدان على إقامة مناورات بحرية مشتركة",
            cue: Some("على الارجح"),
            quotes: vec![],
            speaker: None,
            negated: false,
            score: 0.6,
        },
        ClaimSpec {
            kind: ClaimKind::Prediction,
            certainty: Certainty::Possible,
            clause: "ومن الممكن أن تطلب بيونغ يانغ مساعدة روسيا في وضع قمرها الصناعي الجديد في مداره",
            content: "تطلب بيونغ يانغ مساعدة روسيا في وضع قمرها الصناعي الجديد في مداره",
            cue: Some("من الممكن"),
            quotes: vec![],
            speaker: None,
            negated: false,
            score: 0.55,
        },
        ClaimSpec {
            kind: ClaimKind::Conditional,
            certainty: Certainty::Conditional,
            clause: "وإذا تم في النهاية التوصل إلى اتفاق تبادلي بين المدفعية الكورية الشمالية والتكنولوجيا الروسية المتقدمة، سيمثل ذلك اعترافاً بالضعف بالنسبة لموسكو",
            content: "سيمثل ذلك اعترافاً بالضعف بالنسبة لموسكو",
            cue: Some("إذا"),
            quotes: vec![],
            speaker: None,
            negated: false,
            score: 0.5,
        },
    ];
    a.claims = claims(t, &a, specs);
    a
}

/// An article written to break out of the page: markup, event handlers, `javascript:` text, bidi
/// overrides and isolates, line/paragraph separators, a CR and a C0 control. Entity names, QIDs,
/// the source and the claim's texts carry payloads too. Every payload that could run would log
/// `xss-…` to the console.
pub const HOSTILE: &str = "قال المسؤول <script>console.error('xss-script');alert(1)</script> إن \"><img src=x onerror=\"console.error('xss-img');alert(2)\"> الوضع javascript:alert(3) خطير.\n\
نص \u{202E}معكوس\u{202C} و\u{2066}معزول\u{2069} و\u{202B}مضمن\u{202A} ثم </article></aside><svg onload=console.error('xss-svg')> و<!-- تعليق --> و&amp; و&lt;b&gt; و]]> و\u{2028}سطر\u{2029}فقرة\r\nو\u{1}تحكم.\n\
<style>body{display:none}</style><a href=\"javascript:console.error('xss-link')\">رابط</a> <iframe srcdoc=\"<script>console.error('xss-frame')</script>\"></iframe> '\"--></script></textarea></title>";

pub fn hostile_analysis() -> Analysis {
    let t = HOSTILE;
    let mut a = Analyzer::new(AnalyzerOptions::default()).expect("embedded resources").analyze(t.to_owned());
    a.source = Some("\"><script>console.error('xss-source')</script>\u{202E}txt.evil".to_owned());
    a.encoding = Some("<b onmouseover=\"console.error('xss-enc')\">utf-8</b>".to_owned());
    a.id = Some(serde_json::json!("</script><script>console.error('xss-id')</script>"));
    let spec = |name, name_ar, entity_type, subtype, wikidata, mentions| EntitySpec {
        name,
        name_ar,
        entity_type,
        subtype,
        wikidata,
        mentions,
    };
    a.entities = entities(
        t,
        vec![
            spec(
                "<b>Official</b>\" onmouseover=\"console.error('xss-attr')",
                "\u{202E}المسؤول",
                EntityType::Person,
                Some("<i>role</i>"),
                Some("javascript:console.error('xss-qid')"),
                vec![(find_from(t, "المسؤول", 0), MentionKind::Name)],
            ),
            spec(
                "</script><script>console.error('xss-json')</script>",
                "\u{2028}سكربت",
                EntityType::Misc,
                None,
                Some("Q1\"><img src=x onerror=console.error('xss-q')>"),
                vec![
                    (
                        find_from(t, "<script>console.error('xss-script');alert(1)</script>", 0),
                        MentionKind::Name,
                    ),
                    (find_from(t, "<svg onload=console.error('xss-svg')>", 0), MentionKind::Alias),
                ],
            ),
            spec(
                "Reversed",
                "معكوس",
                EntityType::Location,
                Some("city"),
                Some("Q1"),
                vec![
                    (find_from(t, "\u{202E}معكوس\u{202C}", 0), MentionKind::Name),
                    (find_from(t, "\u{2066}معزول\u{2069}", 0), MentionKind::Alias),
                    (find_from(t, "و\u{2028}سطر\u{2029}فقرة\r\nو\u{1}تحكم", 0), MentionKind::Alias),
                ],
            ),
            spec(
                "Link",
                "رابط",
                EntityType::Organization,
                None,
                None,
                vec![(
                    find_from(t, "<a href=\"javascript:console.error('xss-link')\">رابط</a>", 0),
                    MentionKind::Name,
                )],
            ),
        ],
    );
    let specs = vec![ClaimSpec {
        kind: ClaimKind::Reported,
        certainty: Certainty::Asserted,
        clause: "قال المسؤول <script>console.error('xss-script');alert(1)</script> إن \"><img src=x onerror=\"console.error('xss-img');alert(2)\"> الوضع javascript:alert(3) خطير.",
        content: "\"><img src=x onerror=\"console.error('xss-img');alert(2)\"> الوضع javascript:alert(3) خطير.",
        cue: Some("قال"),
        // A quote that starts inside the claim and runs past its end, so it must be split.
        quotes: vec!["javascript:alert(3) خطير.\nنص \u{202E}معكوس"],
        speaker: Some(("المسؤول", "<b>Official</b>\" onmouseover=\"console.error('xss-attr')")),
        negated: true,
        score: 0.9,
    }];
    a.claims = claims(t, &a, specs);
    a
}

// ---------------------------------------------------------------------------------------------
// Headless Chromium

pub struct Chromium {
    path: PathBuf,
}

/// The flags from the issue, plus logging of console messages to stderr.
pub const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-extensions",
    "--enable-logging=stderr",
    "--v=0",
];

pub struct Run {
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Console messages the page produced (Chromium logs them as `INFO:CONSOLE` with
    /// `--enable-logging=stderr`), including Content-Security-Policy violation reports.
    pub fn console(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
    }
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

fn locate() -> Option<PathBuf> {
    // An explicit CHROMIUM=path is used alone (a wrong path shows the skip message).
    if let Ok(p) = std::env::var("CHROMIUM") {
        return Some(PathBuf::from(p)).filter(|p| p.exists());
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"].iter().map(PathBuf::from).find(|p| p.exists())
}

/// Finds Chromium; on CI as root installs Debian's `chromium` package first. When it is not
/// available the caller skips with a visible message, or fails if `KHABAR_REQUIRE_CHROMIUM=1`.
pub fn chromium() -> Option<Chromium> {
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    if locate().is_none() && std::env::var("CI").as_deref() == Ok("true") && running_as_root() {
        eprintln!("chromium missing: installing the Debian package (CI=true, root)");
        let ok = Command::new("sh")
            .args([
                "-c",
                "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium",
            ])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("apt-get install chromium failed");
        }
    }
    match locate() {
        Some(path) => Some(Chromium { path }),
        None => {
            let msg = "SKIPPED: chromium not available (install Debian's `chromium` package, or run as root with CI=true)";
            if std::env::var("KHABAR_REQUIRE_CHROMIUM").as_deref() == Ok("1") {
                panic!("{msg}");
            }
            println!("{msg}");
            eprintln!("{msg}");
            None
        }
    }
}

impl Chromium {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs headless Chromium on `url` with the flags from the issue plus `extra`, with a fresh
    /// profile, and returns its output. Fails the test after 60 s.
    pub fn run(&self, url: &str, extra: &[&str]) -> Run {
        let profile = tempfile::tempdir().expect("temp profile dir");
        let mut cmd = Command::new(&self.path);
        cmd.args(FLAGS)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(extra)
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start chromium");
        let mut out = child.stdout.take().expect("stdout");
        let mut err = child.stderr.take().expect("stderr");
        let t_out = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = out.read_to_string(&mut s);
            s
        });
        let t_err = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = err.read_to_string(&mut s);
            s
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if child.try_wait().expect("wait chromium").is_some() {
                break;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium timed out on {url}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Run { stdout: t_out.join().unwrap_or_default(), stderr: t_err.join().unwrap_or_default() }
    }

    pub fn dump_dom(&self, file: &Path, fragment: &str) -> (Run, Node) {
        let url = format!("{}{fragment}", file_url(file));
        let run = self.run(&url, &["--dump-dom"]);
        let dom = parse(&run.stdout);
        (run, dom)
    }
}

pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

// ---------------------------------------------------------------------------------------------
// A parser for Chromium's DOM serialization (well-formed: every attribute quoted, text escaped,
// raw text only in script and style).

#[derive(Debug, Clone, Default)]
pub struct Node {
    pub tag: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Child>,
}

#[derive(Debug, Clone)]
pub enum Child {
    Text(String),
    El(Node),
}

const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest.find(';').filter(|&k| k < 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            n if n.starts_with("#x") || n.starts_with("#X") => {
                u32::from_str_radix(&n[2..], 16).ok().and_then(char::from_u32)
            }
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn parse(html: &str) -> Node {
    let mut stack: Vec<Node> = vec![Node { tag: "#document".into(), ..Node::default() }];
    let mut i = 0;
    let b = html.as_bytes();
    while i < html.len() {
        if b[i] != b'<' {
            let end = html[i..].find('<').map_or(html.len(), |k| i + k);
            push_child(&mut stack, Child::Text(decode_entities(&html[i..end])));
            i = end;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(html.len(), |k| i + k + 3);
            continue;
        }
        if html[i..].starts_with("<!") {
            i = html[i..].find('>').map_or(html.len(), |k| i + k + 1);
            continue;
        }
        if html[i..].starts_with("</") {
            let end = html[i..].find('>').map_or(html.len(), |k| i + k);
            let name = html[i + 2..end].trim().to_ascii_lowercase();
            i = end + 1;
            if let Some(pos) = stack.iter().rposition(|n| n.tag == name) {
                while stack.len() > pos.max(1) {
                    let node = stack.pop().expect("stack");
                    push_child(&mut stack, Child::El(node));
                }
            }
            continue;
        }
        // Start tag: name, then attributes `name="value"` until `>`.
        let mut j = i + 1;
        while j < html.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let tag = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < html.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= html.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let ns = j;
            while j < html.len() && !b[j].is_ascii_whitespace() && b[j] != b'=' && b[j] != b'>' {
                j += 1;
            }
            let name = html[ns..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < html.len() && b[j] == b'=' {
                j += 1;
                if j < html.len() && b[j] == b'"' {
                    let close = html[j + 1..].find('"').map_or(html.len(), |k| j + 1 + k);
                    value = decode_entities(&html[j + 1..close]);
                    j = close + 1;
                } else {
                    let vs = j;
                    while j < html.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = decode_entities(&html[vs..j]);
                }
            }
            attrs.push((name, value));
        }
        i = j;
        let node = Node { tag: tag.clone(), attrs, children: Vec::new() };
        if VOID.contains(&tag.as_str()) {
            push_child(&mut stack, Child::El(node));
        } else if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            let end = html[i..].find(&close).map_or(html.len(), |k| i + k);
            let mut node = node;
            node.children.push(Child::Text(html[i..end].to_owned()));
            push_child(&mut stack, Child::El(node));
            i = html[end..].find('>').map_or(html.len(), |k| end + k + 1);
        } else {
            stack.push(node);
        }
    }
    while stack.len() > 1 {
        let node = stack.pop().expect("stack");
        push_child(&mut stack, Child::El(node));
    }
    stack.pop().unwrap_or_default()
}

fn push_child(stack: &mut [Node], child: Child) {
    if let Some(top) = stack.last_mut() {
        top.children.push(child);
    }
}

impl Node {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class").is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }

    /// All descendant elements (depth first, document order) matching `pred`.
    pub fn find_all<'a>(&'a self, pred: &dyn Fn(&Node) -> bool) -> Vec<&'a Node> {
        let mut out = Vec::new();
        self.walk(&mut |n| {
            if pred(n) {
                out.push(n);
            }
        });
        out
    }

    pub fn find(&self, pred: &dyn Fn(&Node) -> bool) -> Option<&Node> {
        self.find_all(pred).into_iter().next()
    }

    fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Node)) {
        for c in &self.children {
            if let Child::El(n) = c {
                f(n);
                n.walk(f);
            }
        }
    }

    pub fn text(&self) -> String {
        self.text_without(&|_| false)
    }

    /// Text content, leaving out the subtrees of elements matching `skip`.
    pub fn text_without(&self, skip: &dyn Fn(&Node) -> bool) -> String {
        let mut s = String::new();
        for c in &self.children {
            match c {
                Child::Text(t) => s.push_str(t),
                Child::El(n) if !skip(n) => s.push_str(&n.text_without(skip)),
                Child::El(_) => {}
            }
        }
        s
    }
}
