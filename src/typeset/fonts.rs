//! The fonts documents are set in: Liberation Serif 2.x (metric-compatible with Times New
//! Roman, all 178 Vietnamese letters), compiled into the binary so output never depends on the
//! host. Extra fonts are added only from folders the caller names (see [`crate::host`]).

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use crate::dossier::load::Glyphs;

/// The four styles of Liberation Serif 2.1, with the OFL licence beside them in `fonts/`.
pub(crate) static EMBEDDED: [&[u8]; 4] = [
    include_bytes!("../../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../fonts/LiberationSerif-BoldItalic.ttf"),
];

/// A font book and the fonts it indexes; cheap to share between threads.
pub(crate) struct Fonts {
    /// Metadata Typst selects fonts by.
    pub book: LazyHash<FontBook>,
    /// The fonts, in book order.
    pub fonts: Vec<Font>,
}

impl Fonts {
    /// The compiled-in fonts, then `extra` font files (already read by [`crate::host`]).
    pub fn with_extra(extra: Vec<Vec<u8>>) -> Self {
        let mut fonts: Vec<Font> = EMBEDDED.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
        for data in extra {
            fonts.extend(Font::iter(Bytes::new(data)));
        }
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        Fonts { book, fonts }
    }
}

impl Glyphs for Fonts {
    /// Whether the document face (the first font, Liberation Serif Regular) has the glyph.
    fn covers(&self, c: char) -> bool {
        self.fonts.first().is_some_and(|f| f.info().coverage.contains(c as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_fonts_cover_every_vietnamese_letter() {
        let fonts = Fonts::with_extra(Vec::new());
        assert_eq!(fonts.fonts.len(), 4);
        let letters = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ";
        for c in letters.chars().chain(letters.to_uppercase().chars()) {
            for f in &fonts.fonts {
                assert!(f.info().coverage.contains(c as u32), "{} lacks {c}", f.info().family);
            }
        }
        assert!(!fonts.covers('中'));
    }
}
