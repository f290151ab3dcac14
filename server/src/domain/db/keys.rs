//! Search and sort keys: text folded so that case and accents don't matter ("Émile" and "emile"
//! sort together and find each other). The scanner stores them; queries fold what is typed the
//! same way.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// Lower case, accents and other combining marks removed, compatibility forms unified (`ﬁ` →
/// `fi`, full-width → ASCII), runs of white space collapsed to one space.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_whitespace() {
            if !folded.is_empty() && !folded.ends_with(' ') {
                folded.push(' ');
            }
        } else {
            folded.extend(c.to_lowercase());
        }
    }
    if folded.ends_with(' ') {
        folded.pop();
    }
    folded
}

/// The text a search looks in: title, artist, album and album artist, folded.
pub fn search_text(fields: &[Option<&str>]) -> String {
    let joined: Vec<&str> = fields.iter().flatten().copied().collect();
    fold(&joined.join(" "))
}

/// Where a track sits within its album: disc, then track number; missing numbers sort first.
pub fn album_position(disc: Option<i32>, track: Option<i32>) -> i64 {
    let disc = i64::from(disc.unwrap_or(0).clamp(0, 9_999));
    let track = i64::from(track.unwrap_or(0).clamp(0, 99_999));
    disc * 100_000 + track
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_spaces() {
        assert_eq!(fold("  Émile   ZOLA "), "emile zola");
        assert_eq!(fold("Björk — Jóga"), "bjork — joga");
        assert_eq!(fold("ＡＢＣ ﬁne"), "abc fine");
        assert_eq!(fold("東京"), "東京");
        assert_eq!(fold("Straße"), "straße");
    }

    #[test]
    fn search_text_skips_missing_fields() {
        assert_eq!(
            search_text(&[Some("Señor"), None, Some("Café Tacvba")]),
            "senor cafe tacvba"
        );
    }

    #[test]
    fn positions_order_discs_before_tracks() {
        assert!(album_position(Some(1), Some(12)) < album_position(Some(2), Some(1)));
        assert!(album_position(None, None) < album_position(Some(1), Some(1)));
    }
}
