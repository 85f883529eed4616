//! PDF primitives the cut and the signature fields share: text strings, stable file ids,
//! coordinates rounded to the hundredth of a point, base64 for the XMP.

use lopdf::{Object, StringFormat};
use sha2::{Digest, Sha256};

/// A PDF text string: PDFDocEncoding-safe ASCII as is, anything else in UTF-16BE.
pub(crate) fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            bytes.extend(u.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// The first 16 bytes of the SHA-256 of `bytes`: a stable PDF file identifier.
pub(crate) fn digest16(bytes: &[u8]) -> [u8; 16] {
    let hash = Sha256::digest(bytes);
    let mut out = [0; 16];
    out.copy_from_slice(&hash[..16]);
    out
}

/// Standard base64 with padding, as krilla writes the ids into the XMP.
pub(crate) fn base64(bytes: &[u8]) -> String {
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes)
}

/// The bytes of standard base64 (`None` when it is not base64), surrounding blanks ignored:
/// how certificates, hashes and signature values travel in JSON.
pub(crate) fn from_base64(s: &str) -> Option<Vec<u8>> {
    base64::Engine::decode(&base64::engine::general_purpose::STANDARD, s.trim()).ok()
}

/// A PDF text string in UTF-16BE with its byte-order mark (whatever the text).
pub(crate) fn utf16(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        out.extend(u.to_be_bytes());
    }
    out
}

/// Round to 1/100 pt, so rectangles print and compare cleanly.
pub(crate) fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
