//! The range check shared by the proptest properties (tests/it/fuzz.rs) and the
//! coverage-guided fuzz targets (fuzz/fuzz_targets/), which are separate packages and
//! include this file by path. Assertions only: it must not read files or run anything.

use std::ops::Range;

/// Checks that a range is inside `text` and on char boundaries.
pub fn assert_range(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what}: {range:?} outside 0..{}",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what}: {range:?} not on char boundaries of {text:?}"
    );
}
