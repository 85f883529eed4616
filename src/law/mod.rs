//! The law as dated data with its source: the instruments a dossier cites (their exact
//! citations, when they apply), the rules of votes and prize money, and who usually decides
//! what for each kind of unit — read from `forms/_common/law/` (the national default) and from
//! each form pack (`forms/packs/<id>/pack.toml`: a province's or ministry's regulation, whose
//! rules come first for the dossiers filed under it). Nothing law-facing is a string in code:
//! each fact carries where it comes from and whether that was checked ([`Status`]).

mod data;
pub(crate) mod pack;

pub use data::*;
pub use pack::Pack;
