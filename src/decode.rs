//! Input in any encoding: decoding, and telling HTML from text.

use crate::diagnostic::{Diagnostic, codes};
use crate::span::Span;

/// A document decoded from bytes, ready to parse.
///
/// Spans of a tree read from it are byte offsets into [`Decoded::text`], the UTF-8 text the bytes
/// were decoded to (for UTF-8 input, the input itself without a byte-order mark).
#[derive(Clone, Debug)]
pub struct Decoded {
    text: String,
    encoding: &'static str,
    html: bool,
    problems: Vec<Diagnostic>,
}

impl Decoded {
    /// The decoded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The encoding the bytes were read in (`UTF-8`, `GBK`, `gb18030`, `Big5`, …).
    pub fn encoding(&self) -> &'static str {
        self.encoding
    }

    /// Whether the content is an HTML page (sniffed from the content, not a file name).
    pub fn is_html(&self) -> bool {
        self.html
    }

    /// Read the report: [`parse_html`](crate::parse_html) for a page (with the `html` feature),
    /// [`parse`](crate::parse) otherwise. Decoding problems are among the diagnostics, in input
    /// order.
    pub fn parse(&self) -> crate::Parse<'_> {
        #[cfg(feature = "html")]
        let parse = if self.html {
            crate::parse_html(&self.text)
        } else {
            crate::parse(&self.text)
        };
        #[cfg(not(feature = "html"))]
        let parse = crate::parse(&self.text);
        parse.with_diagnostics(self.problems.clone())
    }
}

/// The charset a page declares in `<meta charset=…>` or `<meta http-equiv … charset=…>`.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"charset") {
        let at = from + i + b"charset".len();
        let rest = &lower[at..];
        let rest = rest.strip_prefix(b" ").unwrap_or(rest);
        if let Some(rest) = rest.strip_prefix(b"=") {
            let rest: &[u8] = rest
                .iter()
                .position(|b| !matches!(b, b' ' | b'"' | b'\''))
                .map_or(&[], |p| &rest[p..]);
            let end = rest
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')))
                .unwrap_or(rest.len());
            if let Some(e) = encoding_rs::Encoding::for_label(&rest[..end]) {
                return Some(e);
            }
        }
        from = at;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decode `bytes`: a byte-order mark first, then a charset the page declares, then UTF-8 if the
/// bytes are valid UTF-8, else the encoding [chardetng](https://docs.rs/chardetng) detects (GBK,
/// GB18030, Big5, …). Invalid sequences become U+FFFD and a diagnostic, never a panic.
pub fn parse_bytes(bytes: &[u8]) -> Decoded {
    let (encoding, bom_len) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((e, n)) => (e, n),
        None => {
            let declared = declared_charset(bytes).map(|e| {
                if e == encoding_rs::GB18030 || e == encoding_rs::GBK {
                    encoding_rs::GB18030
                } else {
                    e
                }
            });
            let e = match declared {
                Some(e) if e == encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_err() => None,
                Some(e) => Some(e),
                None => None,
            };
            let e = e.unwrap_or_else(|| {
                if std::str::from_utf8(bytes).is_ok() {
                    encoding_rs::UTF_8
                } else {
                    let mut det =
                        chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                    det.feed(bytes, true);
                    let guess = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
                    if guess == encoding_rs::GBK {
                        encoding_rs::GB18030
                    } else {
                        guess
                    }
                }
            });
            (e, 0)
        }
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
    let text = text.into_owned();
    let mut problems = Vec::new();
    if had_errors {
        let at = text.find('\u{fffd}').unwrap_or(0);
        problems.push(Diagnostic::warning(
            codes::INVALID_BYTES,
            format!(
                "the input has bytes that are not valid {}; they were read as U+FFFD",
                encoding.name()
            ),
            Span::new(
                at,
                at + if at < text.len() {
                    '\u{fffd}'.len_utf8()
                } else {
                    0
                },
            ),
        ));
    }
    let html = crate::html_sniff(&text);
    let name = if encoding == encoding_rs::GB18030 && !text.is_empty() {
        "GB18030"
    } else {
        encoding.name()
    };
    Decoded {
        text,
        encoding: name,
        html,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_utf8_bom_and_meta() {
        let (gbk, _, _) = encoding_rs::GBK.encode("一、总体情况\n规章\t0");
        let d = parse_bytes(&gbk);
        assert_eq!(d.text(), "一、总体情况\n规章\t0");
        assert!(!d.is_html());
        let d = parse_bytes("\u{feff}一、总体情况".as_bytes());
        assert_eq!(d.text(), "一、总体情况");
        let page = "<html><head><meta charset=\"gb2312\"></head><body><p>规章</p></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(page);
        let d = parse_bytes(&bytes);
        assert_eq!(d.text(), page);
        assert!(d.is_html());
    }

    #[test]
    fn invalid_bytes_are_a_diagnostic() {
        let d = parse_bytes(b"<p>\xff\xfe\xfd abc</p><div>x</div>");
        let p = d.parse();
        assert!(
            p.diagnostics()
                .iter()
                .any(|x| x.code == codes::INVALID_BYTES)
                || !d.text().contains('\u{fffd}')
        );
    }
}
