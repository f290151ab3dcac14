//! `Content-Disposition` (RFC 6266): `inline; filename="…"; filename*=UTF-8''…`, valid for any
//! file name, with an ASCII fallback for old clients and the exact name in `filename*`.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// RFC 5987 `attr-char`: everything else is percent-encoded.
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// The header value for serving a file called `file_name` inline.
pub fn inline_disposition(file_name: &str) -> String {
    disposition("inline", file_name)
}

/// The header value for a download saved as `file_name`.
pub fn attachment_disposition(file_name: &str) -> String {
    disposition("attachment", file_name)
}

fn disposition(kind: &str, file_name: &str) -> String {
    let fallback: String = file_name
        .chars()
        .map(|c| match c {
            '"' | '\\' => '_',
            c if c.is_ascii_graphic() || c == ' ' => c,
            _ => '_',
        })
        .collect();
    let encoded = utf8_percent_encode(file_name, ATTR_CHAR);
    format!("{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_names_appear_in_both_forms() {
        assert_eq!(
            inline_disposition("01 - Dawn.mp3"),
            "inline; filename=\"01 - Dawn.mp3\"; filename*=UTF-8''01%20-%20Dawn.mp3"
        );
    }

    #[test]
    fn non_ascii_names_are_percent_encoded_with_an_ascii_fallback() {
        assert_eq!(
            inline_disposition("Café.flac"),
            "inline; filename=\"Caf_.flac\"; filename*=UTF-8''Caf%C3%A9.flac"
        );
    }

    #[test]
    fn quotes_and_control_characters_cannot_break_the_header() {
        let value = inline_disposition("a\"b\\c\r\nd.mp3");
        assert!(http::HeaderValue::from_str(&value).is_ok(), "{value}");
        assert!(value.starts_with("inline; filename=\"a_b_c__d.mp3\"; "));
    }
}
