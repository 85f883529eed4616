//! Signing, in one place: where each signer signs, the empty signature fields a PAdES tool
//! fills in, and the Decree 30 signature and seal images.
//!
//! - at **check** time, `images` reads and checks every signature and seal PNG the dossier
//!   names (from its header; pixels are decoded only to stamp);
//! - at **layout** time, templates mark each signer's room to sign and the laid-out document
//!   says where each spot landed;
//! - `field` turns the spots of one document into its [`Field`]s, with the images placed
//!   in them (the rectangles the manifest gives);
//! - at **cut** time, `widget` writes the fields into the document and, for visually signed
//!   copies, `draw` lays the images onto the pages.

pub(crate) mod draw;
pub(crate) mod field;
pub(crate) mod images;
pub(crate) mod place;
pub(crate) mod widget;

pub use field::Field;
pub(crate) use field::Spot;
pub use place::Placed;
