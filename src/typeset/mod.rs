//! Pipeline step 4: a document's view → laid-out pages, through Typst.
//!
//! [`Base`] is loaded once per process (fonts, standard library, every form's parsed sources);
//! each document is a [`DocWorld`] on top of it that adds only `/data.json`, so compiles are
//! cheap and can run on many threads at once.

pub(crate) mod compile;
pub(crate) mod fonts;
pub(crate) mod introspect;
pub(crate) mod world;

pub use compile::Diagnostic;
pub(crate) use compile::compile;
pub(crate) use fonts::Fonts;
pub(crate) use world::Base;
