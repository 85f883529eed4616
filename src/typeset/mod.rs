//! Pipeline step 4: a document's view → laid-out pages, through Typst.
//!
//! [`Base`] is loaded once per process (fonts, standard library, every form's parsed sources);
//! each document is a [`DocWorld`] on top of it that adds only `/data.json`, so compiles are
//! cheap and can run on many threads at once.

pub mod compile;
pub mod fonts;
pub mod introspect;
pub mod world;

pub use compile::{TemplateError, compile};
pub use fonts::Fonts;
pub use world::{Base, DocWorld};
