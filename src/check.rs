//! Pipeline steps 1–3 for one dossier: load, validate and cross-check it, read its evidence and
//! signature images, choose the form version of each part and build every document's view.
//! The result is a [`Checked`] dossier a render needs nothing else for.

use std::path::Path;

use crate::cancel::Cancel;
use crate::dossier::rule::{self, Rule, VoteRules};
use crate::dossier::{self, Dossier, Roster};
use crate::evidence::{self, Evidence};
use crate::form::{Catalog, Form, Part, Wanted};
use crate::inputs;
use crate::kit::Kit;
use crate::messages::Text;
use crate::problem::{Problems, index, join};
use crate::sign::images::{self, Images};
use crate::view::{self, View};

/// A dossier that passed every check, with what rendering needs besides the data.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The typed dossier, read-only ([`Checked::dossier`]): renders use the views built when it
    /// was checked, so a changed dossier must be checked again.
    pub(crate) dossier: Dossier,
    /// Who goes forward in it, worked out once.
    pub(crate) roster: Roster,
    /// Problems that do not block rendering (a superseded form, say); in a draft
    /// ([`Checked::is_draft`]), its errors too.
    pub warnings: Problems,
    /// Its evidence files, read from the dossier's folder.
    pub(crate) evidence: Vec<Evidence>,
    /// The emblem images of its decisions' certificates: (decision index, kind, bytes).
    pub(crate) emblems: Vec<(usize, evidence::FileType, Vec<u8>)>,
    /// Its signature and seal images, by the path the dossier gives.
    pub(crate) images: Images,
    /// The documents to render, in filing order: the form chosen for each and its view.
    pub(crate) views: Vec<(String, View)>,
    /// The key of the data and evidence with the engine's fingerprint, computed once.
    pub(crate) key: String,
    /// What was read, as read: SHA-256 of the dossier's text, and every file read from its
    /// folder (evidence, emblems, signature and seal images) with its SHA-256, by the path the
    /// dossier gives. A batch compares these before checking anything ([`crate::manifest::Raw`]).
    pub(crate) read: (String, Vec<(String, String)>),
}

impl Checked {
    /// Whether this is a draft: a dossier with errors, laid out as far as it goes for the
    /// preview ([`crate::Engine::draft`]); never one to file, sign or publish.
    pub fn is_draft(&self) -> bool {
        self.warnings.has_errors()
    }
}

/// One document a render of a checked dossier writes, before it is rendered.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OutlineEntry {
    /// The form it is rendered from, e.g. "to-trinh".
    pub form: String,
    /// Its file name, e.g. "01-to-trinh.pdf".
    pub file: String,
    /// Its title in the complete dossier's bookmarks.
    pub title: String,
    /// The id of the nominee a report is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nominee: Option<String>,
}

impl Checked {
    /// The dossier as checked.
    pub fn dossier(&self) -> &Dossier {
        &self.dossier
    }

    /// Who goes forward in it: the list order, and who the council passed for what.
    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// The documents a render writes, in filing order (without the complete dossier), for a
    /// caller that shows one of them (the workbench's preview).
    pub fn outline(&self) -> Vec<OutlineEntry> {
        self.views
            .iter()
            .map(|(form, v)| OutlineEntry {
                form: form.clone(),
                file: format!("{}.pdf", v.file_stem),
                title: v.bookmark.clone(),
                nominee: v.nominee.map(|i| self.dossier.nominees[i].id.clone()),
            })
            .collect()
    }

    /// The evidence files the dossier names, as it names them.
    pub fn evidence_files(&self) -> impl Iterator<Item = &str> {
        self.evidence.iter().map(|e| e.path.as_str())
    }
}

/// Check dossier `text` whose folder (for evidence and images) is `dir`; `cancel` stops it
/// between steps (then the one problem says so).
pub(crate) fn check(kit: &Kit, text: &str, dir: Option<&Path>, cancel: &Cancel) -> Result<Checked, Problems> {
    let checked = examine(kit, text, dir, None, cancel)?;
    if checked.warnings.has_errors() { Err(checked.warnings) } else { Ok(checked) }
}

/// Every stage of the check, run whatever the earlier ones found so that the clerk sees the whole
/// list at once (no stage hides the next): `Err` only when the text is no dossier at all (not
/// JSON, or not of the format's shape); otherwise the dossier with every problem in its
/// `warnings`, errors included — a draft when there are errors, for the preview alone. A text of
/// the wrong shape is still typed where it can be (an empty name is a name), so that the rules
/// run on it too; for a draft, `today` stands in for the dates not yet written.
pub(crate) fn examine(
    kit: &Kit,
    text: &str,
    dir: Option<&Path>,
    today: Option<crate::vi::Date>,
    cancel: &Cancel,
) -> Result<Checked, Problems> {
    let stopped = |_| {
        let mut p = Problems::new();
        p.error("", crate::t!("work.cancelled"));
        p
    };
    let catalog = kit.catalog();
    let located = |mut p: Problems| {
        crate::locate::locate(&mut p, text);
        p
    };
    let (value, found) = dossier::load(text, kit.base().fonts()).map_err(located)?;
    cancel.check().map_err(stopped)?;
    let rules = LawRules(catalog);
    let valid = dossier::validate(value, found, &rules, today).map_err(located)?;
    cancel.check().map_err(stopped)?;
    let mut problems = valid.warnings;
    let d = valid.dossier;
    let mut later = Problems::new();
    let roster = valid.roster;
    // On a dossier with errors the later stages read data no rule vouches for: a stage that
    // fails on it leaves the problems found so far, never a crash.
    let later_stages = |later: &mut Problems| {
        check_names(catalog, &d, later);
        legal_bases(catalog, &d, later);
        let evidence = evidence::load(&d, dir, later, cancel)?;
        cancel.check()?;
        let emblems = evidence::emblems(&d, dir, later);
        let images = images::load(&d, dir, later);
        prizes(catalog, &d, &roster, later);
        caps(catalog, &d, &roster, later);
        let views: Vec<(String, View)> =
            plan(catalog, &d, &roster, later).into_iter().map(|(form, view)| (form.id.clone(), view)).collect();
        Ok::<_, crate::cancel::Cancelled>((evidence, emblems, images, views))
    };
    let (evidence, emblems, images, views) = if problems.has_errors() {
        let mut scratch = Problems::new();
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| later_stages(&mut scratch))) {
            Ok(done) => {
                later.extend(scratch);
                done.map_err(stopped)?
            }
            Err(_) => {
                crate::locate::locate(&mut problems, text);
                return Err(problems);
            }
        }
    } else {
        later_stages(&mut later).map_err(stopped)?
    };
    if let Some(map) = &valid.v1_paths {
        later.map_paths(|p| map.v1_path(p));
    }
    problems.extend(later);
    crate::locate::locate(&mut problems, text);
    let key = inputs::data_key(kit.fingerprint(), &d, &evidence, &emblems, &images);
    let read = (evidence::sha256(text.as_bytes()), inputs::files_read(&d, &evidence, &emblems, &images));
    Ok(Checked { dossier: d, roster, warnings: problems, evidence, emblems, images, views, key, read })
}

/// The forms, wording keys and labels the dossier names must exist; a key given to the wrong
/// form says which forms have it.
fn check_names(catalog: &Catalog, d: &Dossier, problems: &mut Problems) {
    let ids: Vec<&str> = catalog.forms().iter().map(|f| f.id.as_str()).collect();
    let unknown_form = |at: String, id: &str, problems: &mut Problems| {
        let p = problems.error(at, crate::t!("form.unknown", id = id));
        match dossier::shape::closest(id, ids.iter().copied()) {
            Some(c) => p.hint(crate::t!("hint.did-you-mean", value = format!("\"{c}\""))),
            None => p.hint(crate::t!("hint.the-forms", forms = ids.join(", "))),
        };
    };
    for (field, entries, what) in
        [("wording", &d.wording, crate::t!("word.wording-key")), ("labels", &d.labels, crate::t!("word.label"))]
    {
        for (form_id, keys) in entries {
            let at = join(field, form_id);
            let Some(form) = catalog.get(form_id) else {
                unknown_form(at, form_id, problems);
                continue;
            };
            let own: Vec<&str> = if field == "wording" {
                form.meta.wording.keys().map(String::as_str).collect()
            } else {
                form.meta.labels.keys().map(String::as_str).collect()
            };
            for key in keys.keys() {
                if own.contains(&key.as_str()) {
                    continue;
                }
                let p =
                    problems.error(join(&at, key), crate::t!("form.not-a-key", what = what.clone(), form = form_id));
                let elsewhere: Vec<&str> = catalog
                    .forms()
                    .iter()
                    .filter(|f| {
                        if field == "wording" {
                            f.meta.wording.contains_key(key)
                        } else {
                            f.meta.labels.contains_key(key)
                        }
                    })
                    .map(|f| f.id.as_str())
                    .collect();
                if !elsewhere.is_empty() {
                    p.hint(crate::t!("hint.key-belongs-to", key = key, forms = elsewhere.join(", ")));
                } else if let Some(c) = dossier::shape::closest(key, own.iter().copied()) {
                    p.hint(crate::t!("hint.did-you-mean", value = format!("`{c}`")));
                } else {
                    p.hint(crate::t!("hint.keys-of-form", what = what.clone(), form = form_id, keys = own.join(", ")));
                }
            }
        }
    }
    for (i, id) in d.forms.iter().enumerate() {
        if catalog.get(id).is_none() {
            unknown_form(index("forms", i), id, problems);
        }
    }
    if let Some(id) = &d.pack
        && catalog.pack(id).is_none()
    {
        let packs: Vec<&str> = catalog.packs().map(|p| p.id.as_str()).collect();
        let p = problems.error("pack", crate::t!("pack.unknown", id = id, packs = packs.join(", ")));
        if let Some(c) = dossier::shape::closest(id, packs.iter().copied()) {
            p.hint(crate::t!("hint.did-you-mean", value = format!("\"{c}\"")));
        }
    }
}

/// Every "Căn cứ" line of the letters and decisions that cites an instrument the law's data
/// knows: a verified one under another title or without its number is said with its exact
/// citation; one not in force on the document's date is said with when it applies. And a
/// dossier dated after the last day an instrument it relies on is known to apply is told so.
fn legal_bases(catalog: &Catalog, d: &Dossier, problems: &mut Problems) {
    use crate::law::Law;
    let laws = catalog.laws(catalog.pack_for(d).map(|p| p.id.as_str()));
    let documents = d
        .proposals
        .iter()
        .enumerate()
        .map(|(k, p)| (index("proposals", k), p.date, &p.legal_bases))
        .chain(d.decisions.iter().enumerate().map(|(k, x)| (index("decisions", k), x.date, &x.legal_bases)));
    for (at, date, lines) in documents {
        for (j, line) in lines.iter().enumerate() {
            let at = index(&join(&at, "legal_bases"), j);
            let Some(i) = Law::cited(&laws, line) else { continue };
            if let Some(i) = Law::miscited(&laws, line) {
                problems
                    .warning(&at, crate::t!("law.miscited", kind = &i.kind, number = &i.number, citation = &i.citation))
                    .hint(crate::t!("hint.cite-exactly", source = &i.source));
            } else if !i.applies_on(date) {
                let when = match (i.from, i.to) {
                    (_, Some(to)) if date > to => crate::t!("law.applied-to", date = to),
                    (Some(from), _) => crate::t!("law.applies-from", date = from),
                    _ => continue,
                };
                problems.warning(&at, crate::t!("law.not-in-force", citation = &i.citation, date = date, when = when));
            }
        }
    }
    let date = d.date();
    for i in laws.iter().flat_map(|l| l.instruments()) {
        if let Some(until) = i.known_until
            && date > until
            && i.from.is_none_or(|f| date >= f)
            && i.to.is_none()
        {
            problems
                .warning("", crate::t!("law.past-known", date = date, citation = &i.citation, until = until))
                .hint(crate::t!("hint.past-known", source = &i.source));
        }
    }
}

/// Prize money against the law's rules: a coefficient other than the law's for that title and
/// kind, a source that cites another article, and one person paid for several emulation titles
/// (the highest only in one decision, said as a note; across authorities, where whether they
/// count as one time is not known, a warning).
fn prizes(catalog: &Catalog, d: &Dossier, r: &Roster, problems: &mut Problems) {
    use crate::law::{Law, Status};
    let laws = catalog.laws(catalog.pack_for(d).map(|p| p.id.as_str()));
    let date_of = |a: &dossier::Award| {
        d.decisions.iter().filter(|x| x.authority == a.authority).map(|x| x.date).min().unwrap_or_else(|| d.date())
    };
    let article = |s: &str| {
        let s = s.to_lowercase();
        s.find("điều ").map(|i| s[i + "điều ".len()..].chars().take_while(char::is_ascii_digit).collect::<String>())
    };
    for (k, a) in d.awards.iter().enumerate() {
        let Some(p) = &a.prize else { continue };
        let date = date_of(a);
        let at = join(&index("awards", k), "prize");
        let law = Law::coefficient(&laws, &a.name, date);
        let rules = Law::prize_on(&laws, date);
        // (The law's household rate, derived from the individual's, is for awards — "các hình thức
        // khen thưởng" — not for emulation titles.)
        let derived = |kind| kind == dossier::Kind::Household && law.is_some_and(|l| l.household.is_none());
        let wanted_for = |kind| {
            if derived(kind) && a.kind != dossier::AwardKind::Award {
                return None;
            }
            law.zip(rules).and_then(|(law, rules)| law.for_kind(kind, rules))
        };
        // An awardee of a kind the prize has no coefficient for is paid nothing in the list: say so.
        for kind in dossier::Kind::ALL {
            let key = kind.key();
            if p.for_kind(kind).is_some() {
                continue;
            }
            let Some(x) = d.decisions.iter().find_map(|dec| {
                r.awardees(d, dec).into_iter().find(|(i, aw)| aw.id == a.id && d.nominees[*i].kind == kind)
            }) else {
                continue;
            };
            let hint = match wanted_for(kind) {
                Some((wanted, status, source)) => crate::t!(
                    "hint.prize-kind-law",
                    key = key,
                    wanted = wanted.text(),
                    source = source,
                    status = status.text()
                ),
                None => crate::t!("hint.prize-kind", key = key),
            };
            problems
                .warning(
                    join(&at, key),
                    crate::t!("prize.kind-missing", award = a.display_name(), name = &d.nominees[x.0].name),
                )
                .hint(hint);
        }
        let Some(law) = law else { continue };
        for kind in dossier::Kind::ALL {
            let key = kind.key();
            let (Some(given), Some((wanted, status, source))) = (p.for_kind(kind), wanted_for(kind)) else {
                continue;
            };
            if given != wanted {
                let message = crate::t!(
                    "prize.not-the-law",
                    award = a.display_name(),
                    given = given.text(),
                    wanted = wanted.text(),
                    source = source,
                    status = status.text()
                );
                let hint = crate::t!("hint.prize-law", key = key, wanted = wanted.text());
                let p = if status == Status::Unverified {
                    problems.note(join(&at, key), message)
                } else {
                    problems.warning(join(&at, key), message)
                };
                p.hint(hint);
            }
        }
        if let (Some(given), Some(wanted)) = (article(&p.source), article(&law.source))
            && given != wanted
        {
            problems
                .warning(
                    join(&at, "source"),
                    crate::t!("prize.other-article", award = a.display_name(), source = &law.source),
                )
                .hint(crate::t!("hint.prize-source", source = &law.source));
        }
    }
    // Several emulation titles with a prize for one person.
    let Some(rule) = Law::prize_on(&laws, d.date()) else { return };
    for &i in r.order() {
        let titles: Vec<&dossier::Award> = r
            .passed_awards(d, i)
            .into_iter()
            .filter(|a| a.kind == dossier::AwardKind::Title && a.prize.is_some())
            .collect();
        if titles.len() < 2 {
            continue;
        }
        let names: Vec<String> = titles.iter().map(|a| a.display_name()).collect();
        let n = &d.nominees[i];
        let who = format!("{} ({})", n.id, n.name);
        let one_authority = titles.iter().all(|a| a.authority == titles[0].authority);
        if one_authority {
            problems.note(
                index("nominees", i),
                crate::t!(
                    "prize.highest-only",
                    who = who,
                    titles = crate::vi::series(&names),
                    source = &rule.highest_only_source
                ),
            );
        } else {
            problems
                .warning(
                    index("nominees", i),
                    crate::t!(
                        "prize.twice",
                        who = who,
                        titles = crate::vi::series(&names),
                        source = &rule.highest_only_source
                    ),
                )
                .hint(crate::t!("hint.prize-twice"));
        }
    }
}

/// A title or award a pack caps per year, proposed for more than the cap.
fn caps(catalog: &Catalog, d: &Dossier, r: &Roster, problems: &mut Problems) {
    let laws = catalog.laws(catalog.pack_for(d).map(|p| p.id.as_str()));
    for (k, a) in d.awards.iter().enumerate() {
        let Some(cap) = laws.iter().flat_map(|l| l.caps()).find(|c| crate::law::same_name(&c.title, &a.name)) else {
            continue;
        };
        let n = r.passed_for(&a.id).len();
        if n > cap.per_year as usize {
            problems.warning(
                index("awards", k),
                crate::t!(
                    "award.over-cap",
                    award = a.display_name(),
                    count = n.to_string(),
                    cap = cap.per_year.to_string(),
                    source = &cap.source
                ),
            );
        }
    }
}

/// Record a form choice's warning once.
fn note_choice(d: &Dossier, form: &Form, warning: Option<crate::messages::Text>, problems: &mut Problems) {
    if let Some(w) = warning
        && !problems.iter().any(|p| p.message == w.to_string())
    {
        problems.warning(if d.forms.contains(&form.id) { "forms" } else { "proposals" }, w);
    }
}

/// One thing of the dossier a form prints: a letter with its list, the minutes, one nominee's
/// report (with its place among the reports), a decision with its list, or a decision's
/// certificates.
#[derive(Debug, Clone, Copy)]
enum Item {
    Letter(usize),
    Minutes,
    Report { nominee: usize, position: usize },
    Decision(usize),
    Certificates(usize),
}

impl Item {
    /// The part of the dossier it is.
    fn part(self) -> Part {
        match self {
            Item::Letter(_) => Part::Proposal,
            Item::Minutes => Part::Minutes,
            Item::Report { .. } => Part::Report,
            Item::Decision(_) => Part::Decision,
            Item::Certificates(_) => Part::Certificate,
        }
    }
}

/// Every item of `part` in this dossier, in filing order: every letter (or, with `going`, only
/// those whose authority gets someone), the minutes, a report per reported nominee in list
/// order, every decision.
fn items(d: &Dossier, r: &Roster, part: Part, going: bool) -> Vec<Item> {
    match part {
        Part::Proposal => (0..d.proposals.len())
            .filter(|&k| {
                let p = &d.proposals[k];
                !going || d.awards.iter().any(|a| a.authority == p.authority && !r.passed_for(&a.id).is_empty())
            })
            .map(Item::Letter)
            .collect(),
        Part::Minutes => vec![Item::Minutes],
        Part::Report => r
            .reported(d)
            .into_iter()
            .enumerate()
            .map(|(position, nominee)| Item::Report { nominee, position })
            .collect(),
        Part::Decision => (0..d.decisions.len()).map(Item::Decision).collect(),
        Part::Certificate => (0..d.decisions.len()).map(Item::Certificates).collect(),
    }
}

/// The views `form` makes of `item`: the one dispatch from a part of the dossier to its view.
fn views(catalog: &Catalog, d: &Dossier, r: &Roster, form: &Form, item: Item, problems: &mut Problems) -> Vec<View> {
    match item {
        Item::Letter(k) => view::proposal::view(d, r, form, &d.proposals[k], problems).into_iter().collect(),
        Item::Minutes => view::minutes::view(d, r, form, problems).into_iter().collect(),
        Item::Report { nominee, position } => {
            view::report::view(d, r, form, nominee, position, problems).into_iter().collect()
        }
        Item::Decision(k) => view::decision::view(d, r, form, k, catalog.salary(), problems).into_iter().collect(),
        Item::Certificates(k) => {
            let decision = catalog.select(&wanted(catalog, d, Part::Decision, d.decisions[k].date)).map(|(f, _)| f);
            view::certificate::views(d, r, form, decision, k, problems)
        }
    }
}

/// What a document of `part` dated `date` asks of the catalogue, before a report's kind and
/// titles.
fn wanted<'a>(catalog: &'a Catalog, d: &'a Dossier, part: Part, date: crate::vi::Date) -> Wanted<'a> {
    Wanted { part, date, chosen: &d.forms, kind: None, awards: &[], pack: catalog.pack_for(d).map(|p| p.id.as_str()) }
}

/// The vote rules of the law and of the dossier's pack, as the catalogue holds them.
struct LawRules<'c>(&'c Catalog);

impl VoteRules for LawRules<'_> {
    fn rule(&self, d: &Dossier, award: &dossier::Award) -> Rule {
        let law = self.law(d, award);
        match (rule::own(award), law) {
            (Some(mut own), Some(law)) => {
                own.vote.threshold_percent = own.vote.threshold_percent.or(law.vote.threshold_percent);
                own.vote.voting = own.vote.voting.or(law.vote.voting);
                own.ballot = law.ballot;
                own
            }
            (Some(own), None) => own,
            (None, Some(law)) => law,
            (None, None) => Rule::default_rule(),
        }
    }

    fn law(&self, d: &Dossier, award: &dossier::Award) -> Option<Rule> {
        let pack = self.0.pack_for(d).map(|p| p.id.as_str());
        let date = d.minutes.as_ref().map(|m| m.date).unwrap_or_else(|| d.date());
        crate::law::Law::rule_of(&self.0.laws(pack), award, date)
    }
}

/// The form in force for `item` (the letters', minutes' and reports' at the dossier's date, a
/// decision's and its certificates' at the decision's), with the warning its choice carries.
fn form_for<'c>(catalog: &'c Catalog, d: &Dossier, r: &Roster, item: Item) -> Option<(&'c Form, Option<Text>)> {
    match item {
        Item::Decision(k) | Item::Certificates(k) => {
            catalog.select(&wanted(catalog, d, item.part(), d.decisions[k].date))
        }
        Item::Report { nominee, .. } => {
            let reported: Vec<&dossier::Award> = r.passed_awards(d, nominee).into_iter().filter(|a| a.report).collect();
            let names: Vec<&str> = reported.iter().map(|a| a.name.as_str()).collect();
            let kind = reported.first().map(|a| d.commendation_of(a));
            catalog.select(&Wanted { kind, awards: &names, ..wanted(catalog, d, Part::Report, d.date()) })
        }
        _ => catalog.select(&wanted(catalog, d, item.part(), d.date())),
    }
}

/// The form chosen for each document and its view, in filing order: a letter with its list per
/// higher authority, the minutes, one report per nominee who needs one, in list order, then
/// each of the unit's own decisions with its list and its certificates. Problems (and warnings
/// about superseded forms) are recorded, not returned.
fn plan<'c>(catalog: &'c Catalog, d: &Dossier, r: &Roster, problems: &mut Problems) -> Vec<(&'c Form, View)> {
    let mut order: Vec<Vec<Item>> = vec![items(d, r, Part::Proposal, true), vec![Item::Minutes]];
    order.extend(items(d, r, Part::Report, true).into_iter().map(|i| vec![i]));
    order.extend((0..d.decisions.len()).map(|k| vec![Item::Decision(k), Item::Certificates(k)]));
    let mut out = Vec::new();
    for group in order {
        // The letters share one form (and one warning about it), even when none goes.
        let letters = matches!(group.first(), Some(Item::Letter(_))) || group.is_empty();
        if letters {
            if let Some((form, warning)) = catalog.select(&wanted(catalog, d, Part::Proposal, d.date())) {
                note_choice(d, form, warning, problems);
                for item in group {
                    out.extend(views(catalog, d, r, form, item, problems).into_iter().map(|v| (form, v)));
                }
            }
            continue;
        }
        for item in group {
            if let Some((form, warning)) = form_for(catalog, d, r, item) {
                note_choice(d, form, warning, problems);
                out.extend(views(catalog, d, r, form, item, problems).into_iter().map(|v| (form, v)));
            } else if let Item::Report { nominee, .. } = item {
                // A report nobody has a form for would silently go missing from the dossier.
                let awards: Vec<String> = r
                    .passed_awards(d, nominee)
                    .into_iter()
                    .filter(|a| a.report)
                    .map(|a| format!("{} ({})", a.display_name(), d.commendation_of(a).phrase()))
                    .collect();
                problems
                    .error(
                        join(&index("nominees", nominee), "report"),
                        crate::t!("report.no-form", awards = crate::vi::series(&awards), date = d.date()),
                    )
                    .hint(crate::t!("hint.report-no-form"));
            }
        }
    }
    // Every form used whose words were not checked against the official text, said once.
    let mut unchecked: Vec<&str> = Vec::new();
    for (form, _) in &out {
        if !form.meta.checked && !unchecked.contains(&form.id.as_str()) {
            unchecked.push(&form.id);
        }
    }
    if !unchecked.is_empty() {
        problems.note("forms", crate::t!("form.unchecked-used", forms = unchecked.join(", ")));
    }
    out
}

/// The views one form (any version) makes of this dossier, whatever its date: one per letter,
/// one for the minutes, one per reported nominee, one per decision, a decision's certificates.
/// `None` for an unknown form.
pub(crate) fn views_of(
    catalog: &Catalog,
    d: &Dossier,
    r: &Roster,
    id: &str,
    problems: &mut Problems,
) -> Option<Vec<View>> {
    let form = catalog.get(id)?;
    Some(
        items(d, r, form.meta.part, false)
            .into_iter()
            .flat_map(|item| views(catalog, d, r, form, item, problems))
            .collect(),
    )
}
