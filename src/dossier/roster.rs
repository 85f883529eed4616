//! Who goes forward, worked out once from a valid dossier: the nominees in list order
//! (collectives as given, then individuals by the Vietnamese name order), and for each the
//! titles and awards the council passed them for. Every document follows it — the letters'
//! lists and counts, the minutes' rounds, the reports, the decisions' awardees — so no two can
//! disagree about who goes forward, in which order, to whom.

use std::collections::HashSet;

use super::model::{Award, Decision, Dossier, Kind};
use super::rule::{Rule, VoteRules};

/// Who goes forward in one dossier ([`crate::Checked::roster`]).
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// Nominee indices in list order.
    order: Vec<usize>,
    /// (nominee index, award id) for each title or award a nominee is proposed for and passed.
    passed: HashSet<(usize, String)>,
    /// The vote rule in force for each award, by id.
    rules: std::collections::HashMap<String, Rule>,
}

impl Roster {
    /// The roster of `d`: its list order, and who passed for what — everyone proposed, without
    /// minutes; otherwise those whose votes in the round of the award meet its rule (an award's
    /// first round, a nominee's first row in it, as [`super::Minutes::round`] and
    /// [`super::Round::votes_for`] read them).
    pub(crate) fn of(d: &Dossier, votes: &dyn VoteRules) -> Roster {
        let rules: std::collections::HashMap<String, Rule> =
            d.awards.iter().map(|a| (a.id.clone(), votes.rule(d, a))).collect();
        let mut people: Vec<usize> =
            (0..d.nominees.len()).filter(|&i| d.nominees[i].kind == Kind::Individual).collect();
        // A gathered dossier keeps its units in the office's order (the order its nominees come
        // in); within a unit, and in a unit's own dossier, by the Vietnamese name order.
        let mut first: std::collections::HashMap<(&str, &str), usize> = std::collections::HashMap::new();
        for (i, n) in d.nominees.iter().enumerate() {
            if let Some(o) = &n.origin {
                first.entry((o.unit.as_str(), o.abbreviation.as_str())).or_insert(i);
            }
        }
        let unit_rank =
            |i: usize| d.nominees[i].origin.as_ref().map_or(0, |o| first[&(o.unit.as_str(), o.abbreviation.as_str())]);
        people.sort_by_cached_key(|&i| (unit_rank(i), crate::vi::name_key(&d.nominees[i].name)));
        // Collectives, individuals, households (the Law's order); collectives and households as
        // the dossier lists them.
        let of = |kind: Kind| (0..d.nominees.len()).filter(move |&i| d.nominees[i].kind == kind);
        let order = of(Kind::Collective).chain(people).chain(of(Kind::Household)).collect();
        let mut passed = HashSet::new();
        match &d.minutes {
            None => {
                for (i, n) in d.nominees.iter().enumerate() {
                    passed.extend(n.awards.iter().map(|a| (i, a.clone())));
                }
            }
            Some(m) => {
                let index: std::collections::HashMap<&str, usize> =
                    d.nominees.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
                for (r, round) in m.rounds.iter().enumerate() {
                    let Some(rule) = rules.get(&round.award) else { continue };
                    if m.rounds[..r].iter().any(|earlier| earlier.award == round.award) {
                        continue;
                    }
                    let mut seen = HashSet::new();
                    for v in &round.votes {
                        if seen.insert(v.nominee.as_str())
                            && rule.vote.passes(v.in_favour, m.total())
                            && let Some(&i) = index.get(v.nominee.as_str())
                            && d.nominees[i].awards.contains(&round.award)
                        {
                            passed.insert((i, round.award.clone()));
                        }
                    }
                }
            }
        }
        Roster { order, passed, rules }
    }

    /// The vote rule in force for the award with this id.
    pub(crate) fn rule(&self, award: &str) -> Rule {
        self.rules.get(award).cloned().unwrap_or_else(Rule::default_rule)
    }

    /// The nominees (indices) in list order: the list, the vote table and the reports follow it.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// Whether nominee `i` is proposed for `award` and the council passed them for it.
    pub fn passed(&self, i: usize, award: &str) -> bool {
        self.passed.contains(&(i, award.to_string()))
    }

    /// The titles and awards nominee `i` is proposed for and passed, in the nominee's order.
    pub fn passed_awards<'d>(&self, d: &'d Dossier, i: usize) -> Vec<&'d Award> {
        d.nominees[i].awards.iter().filter(|a| self.passed(i, a)).filter_map(|a| d.award(a)).collect()
    }

    /// The nominees who go forward for `award`, in list order.
    pub fn passed_for(&self, award: &str) -> Vec<usize> {
        self.order.iter().copied().filter(|&i| self.passed(i, award)).collect()
    }

    /// The nominees who go forward for any title or award, in list order.
    pub fn proposed(&self) -> Vec<usize> {
        let passed: HashSet<usize> = self.passed.iter().map(|&(j, _)| j).collect();
        self.order.iter().copied().filter(|i| passed.contains(i)).collect()
    }

    /// The nominees whose reports go in the dossier, in list order: those passed for a title or
    /// award that asks for a report.
    pub fn reported(&self, d: &Dossier) -> Vec<usize> {
        self.order.iter().copied().filter(|&i| self.passed_awards(d, i).iter().any(|a| a.report)).collect()
    }

    /// The awardees of `decision`, in the order of the authority's awards, then of the
    /// nominees as given: (nominee index, award) for every nominee the council passed for that
    /// award and the decision names (all of them when it names none).
    pub fn awardees<'d>(&self, d: &'d Dossier, decision: &Decision) -> Vec<(usize, &'d Award)> {
        let mut out = Vec::new();
        for a in d.awards.iter().filter(|a| a.authority == decision.authority) {
            for (i, n) in d.nominees.iter().enumerate() {
                let named = decision.awardees.as_ref().is_none_or(|ids| ids.contains(&n.id));
                if named && self.passed(i, &a.id) {
                    out.push((i, a));
                }
            }
        }
        out
    }
}
