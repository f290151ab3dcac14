//! `Range: bytes=…` (RFC 9110 §14): turns the header into the byte spans to send, or says that
//! none of them can be satisfied.
//!
//! A header that does not parse, or names another unit, is ignored as §14.2 allows: the whole
//! representation is sent. Several ranges are clamped, sorted and merged; what is left after
//! merging is either one span (206) or several (the caller may send the whole file, which the
//! RFC also allows and which can never cost more than the file itself).

/// An inclusive byte span `first..=last` inside a representation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByteRange {
    pub first: u64,
    pub last: u64,
}

impl ByteRange {
    /// Number of bytes in the span (never zero).
    pub fn size(&self) -> u64 {
        self.last - self.first + 1
    }

    /// The `Content-Range` value for this span of a representation of `complete_length` bytes.
    pub fn content_range(&self, complete_length: u64) -> String {
        format!("bytes {}-{}/{}", self.first, self.last, complete_length)
    }
}

/// What a `Range` header asks of a representation of a given length.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RangeRequest {
    /// No usable `Range`: send everything with 200.
    Full,
    /// One span (after merging): send it with 206.
    Single(ByteRange),
    /// Several disjoint spans, sorted; never more than [`MAX_RANGES`].
    Multiple(Vec<ByteRange>),
    /// Syntactically valid, but no span overlaps the representation: 416.
    Unsatisfiable,
}

/// More range specs than this in one header is treated as abuse and ignored (full response).
pub const MAX_RANGES: usize = 32;

/// Longest header value that is parsed at all.
const MAX_HEADER_LEN: usize = 4096;

/// Decides what to send for `header` (the raw `Range` value) and a representation of `len` bytes.
pub fn parse_range(header: &str, len: u64) -> RangeRequest {
    let Some(specs) = parse_specs(header) else {
        return RangeRequest::Full;
    };
    if len == 0 {
        // Nothing to slice: the empty representation is its own answer.
        return RangeRequest::Full;
    }
    let mut spans: Vec<ByteRange> = specs.into_iter().filter_map(|s| s.resolve(len)).collect();
    if spans.is_empty() {
        return RangeRequest::Unsatisfiable;
    }
    spans.sort_by_key(|s| s.first);
    let mut merged: Vec<ByteRange> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(prev) if span.first <= prev.last.saturating_add(1) => {
                prev.last = prev.last.max(span.last)
            }
            _ => merged.push(span),
        }
    }
    match merged.as_slice() {
        [one] => RangeRequest::Single(*one),
        _ => RangeRequest::Multiple(merged),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Spec {
    /// `first-` or `first-last`
    From { first: u64, last: Option<u64> },
    /// `-suffix`
    Suffix(u64),
}

impl Spec {
    fn resolve(self, len: u64) -> Option<ByteRange> {
        match self {
            Spec::From { first, last } => {
                if first >= len {
                    return None;
                }
                let last = last.map_or(len - 1, |l| l.min(len - 1));
                Some(ByteRange { first, last })
            }
            Spec::Suffix(0) => None,
            Spec::Suffix(n) => Some(ByteRange {
                first: len.saturating_sub(n),
                last: len - 1,
            }),
        }
    }
}

/// Parses `bytes=spec, spec, …`; `None` when the header is not a valid bytes range set.
fn parse_specs(header: &str) -> Option<Vec<Spec>> {
    if header.len() > MAX_HEADER_LEN {
        return None;
    }
    let (unit, set) = header.trim().split_once('=')?;
    if !unit.trim().eq_ignore_ascii_case("bytes") {
        return None;
    }
    let mut specs = Vec::new();
    // RFC 9110 §5.6.1: empty list elements are allowed and ignored, but at least one is needed.
    for part in set.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if specs.len() == MAX_RANGES {
            return None;
        }
        specs.push(parse_spec(part)?);
    }
    (!specs.is_empty()).then_some(specs)
}

fn parse_spec(spec: &str) -> Option<Spec> {
    let (first, last) = spec.split_once('-')?;
    if first.is_empty() {
        return Some(Spec::Suffix(parse_digits(last)?));
    }
    let first = parse_digits(first)?;
    if last.is_empty() {
        return Some(Spec::From { first, last: None });
    }
    let last = parse_digits(last)?;
    // §14.1.1: a last position below the first makes the whole header invalid.
    (last >= first).then_some(Spec::From {
        first,
        last: Some(last),
    })
}

/// 1*DIGIT, no sign and no white space inside. A number too large for 64 bits is still a
/// position past the end of any file (§14.1.2 takes the digits as they are), so it saturates:
/// `0-99999999999999999999` is the whole file from 0, `99999999999999999999-` unsatisfiable.
fn parse_digits(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse().unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn single(first: u64, last: u64) -> RangeRequest {
        RangeRequest::Single(ByteRange { first, last })
    }

    #[test]
    fn closed_range_is_sent_exactly() {
        assert_eq!(parse_range("bytes=0-99", 1000), single(0, 99));
        assert_eq!(parse_range("bytes=500-500", 1000), single(500, 500));
    }

    #[test]
    fn open_range_runs_to_the_end() {
        assert_eq!(parse_range("bytes=700-", 1000), single(700, 999));
    }

    #[test]
    fn suffix_range_takes_the_last_bytes() {
        assert_eq!(parse_range("bytes=-100", 1000), single(900, 999));
        assert_eq!(parse_range("bytes=-5000", 1000), single(0, 999));
    }

    #[test]
    fn end_past_the_file_is_clamped() {
        assert_eq!(parse_range("bytes=900-5000", 1000), single(900, 999));
    }

    #[test]
    fn start_past_the_file_is_unsatisfiable() {
        assert_eq!(
            parse_range("bytes=1000-", 1000),
            RangeRequest::Unsatisfiable
        );
        assert_eq!(
            parse_range("bytes=2000-3000", 1000),
            RangeRequest::Unsatisfiable
        );
        assert_eq!(parse_range("bytes=-0", 1000), RangeRequest::Unsatisfiable);
        // Positions beyond 64 bits are past the end of any file, not invalid (§14.1.2).
        assert_eq!(
            parse_range("bytes=0-99999999999999999999", 1000),
            single(0, 999)
        );
        assert_eq!(
            parse_range("bytes=-99999999999999999999", 1000),
            single(0, 999)
        );
        assert_eq!(
            parse_range("bytes=99999999999999999999999999999-", 1000),
            RangeRequest::Unsatisfiable
        );
        assert_eq!(
            parse_range("bytes=99999999999999999999-99999999999999999999", 1000),
            RangeRequest::Unsatisfiable
        );
    }

    #[test]
    fn malformed_or_foreign_ranges_are_ignored() {
        for header in [
            "bytes=abc",
            "bytes=5-1",
            "bytes=--1",
            "bytes=1-2-3",
            "bytes=",
            "bytes",
            "items=0-10",
            "bytes=+1-2",
            "bytes=1 -2",
            "",
        ] {
            assert_eq!(parse_range(header, 1000), RangeRequest::Full, "{header:?}");
        }
    }

    #[test]
    fn unit_is_case_insensitive_and_spaces_around_items_are_allowed() {
        assert_eq!(parse_range("Bytes=0-1", 10), single(0, 1));
        assert_eq!(parse_range("bytes= 0-1 , ", 10), single(0, 1));
    }

    #[test]
    fn overlapping_and_adjacent_ranges_merge_into_one() {
        assert_eq!(parse_range("bytes=0-10,5-20", 100), single(0, 20));
        assert_eq!(parse_range("bytes=0-9,10-19", 100), single(0, 19));
        assert_eq!(parse_range("bytes=50-,0-60", 100), single(0, 99));
    }

    #[test]
    fn disjoint_ranges_stay_apart_sorted() {
        assert_eq!(
            parse_range("bytes=50-59,0-9", 100),
            RangeRequest::Multiple(vec![
                ByteRange { first: 0, last: 9 },
                ByteRange {
                    first: 50,
                    last: 59
                }
            ])
        );
    }

    #[test]
    fn one_satisfiable_range_among_several_is_enough() {
        assert_eq!(parse_range("bytes=5000-6000,0-9", 100), single(0, 9));
    }

    #[test]
    fn too_many_ranges_are_ignored() {
        let many = (0..=MAX_RANGES)
            .map(|i| format!("{}-{}", i * 2, i * 2))
            .collect::<Vec<_>>();
        assert_eq!(
            parse_range(&format!("bytes={}", many.join(",")), 1000),
            RangeRequest::Full
        );
    }

    #[test]
    fn empty_file_is_sent_whole() {
        assert_eq!(parse_range("bytes=0-", 0), RangeRequest::Full);
    }

    #[test]
    fn content_range_names_span_and_length() {
        assert_eq!(
            ByteRange { first: 0, last: 99 }.content_range(1000),
            "bytes 0-99/1000"
        );
    }

    proptest! {
        #[test]
        fn arbitrary_headers_never_panic(header in ".{0,200}", len in 0u64..10_000) {
            let _ = parse_range(&header, len);
        }

        #[test]
        fn spans_always_lie_inside_the_file_and_never_overlap(
            specs in proptest::collection::vec((proptest::option::of(0u64..3000), proptest::option::of(0u64..3000)), 1..40),
            len in 0u64..2000,
        ) {
            let header = format!("bytes={}", specs.iter().map(|(a, b)| format!(
                "{}-{}", a.map(|v| v.to_string()).unwrap_or_default(), b.map(|v| v.to_string()).unwrap_or_default()
            )).collect::<Vec<_>>().join(","));
            let spans = match parse_range(&header, len) {
                RangeRequest::Single(s) => vec![s],
                RangeRequest::Multiple(v) => v,
                RangeRequest::Full | RangeRequest::Unsatisfiable => vec![],
            };
            let mut total = 0;
            for (i, s) in spans.iter().enumerate() {
                prop_assert!(s.first <= s.last && s.last < len);
                if i > 0 { prop_assert!(spans[i - 1].last + 1 < s.first); }
                total += s.size();
            }
            prop_assert!(total <= len);
        }
    }
}
