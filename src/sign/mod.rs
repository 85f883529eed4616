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
//!
//! With the feature `sign`, hoso also **fills** those fields (`hoso sign`):
//!
//! - [`signer`]: who signs — a key file, a PKCS#11 token — behind [`signer::Signer`], and
//!   [`remote`]: services that confirm on a phone (CSC v1, VNPT SmartCA, Viettel MySign);
//! - [`signing`]: a run — check the certificate, [`pades::prepare`] each document's update,
//!   sign the digests, then the timestamp ([`tsa`]), the CMS ([`cms`]) into the hole and, for
//!   B-LT, the validation data ([`revocation`]) — each step data, so a phone's wait survives
//!   a restart;
//! - `revision`: the incremental update every signature is, the earlier bytes a prefix;
//! - [`chain`]: signature values and certificate paths checked, for signing and for
//!   [`crate::verify`];
//! - [`folder`]: a rendered dossier signed by role, from its manifest.

pub(crate) mod draw;
pub(crate) mod field;
pub(crate) mod images;
pub(crate) mod place;
pub(crate) mod widget;

#[cfg(feature = "sign")]
pub mod chain;
#[cfg(feature = "sign")]
pub mod cms;
#[cfg(feature = "sign")]
pub mod folder;
#[cfg(feature = "sign")]
pub mod pades;
#[cfg(feature = "sign")]
pub mod remote;
#[cfg(feature = "sign")]
pub(crate) mod revision;
#[cfg(feature = "sign")]
pub mod revocation;
#[cfg(feature = "sign")]
pub mod signer;
#[cfg(feature = "sign")]
pub mod signing;
#[cfg(feature = "sign")]
pub mod tsa;

pub use field::Field;
pub(crate) use field::Spot;
pub use images::SignImage;
pub use place::Placed;
