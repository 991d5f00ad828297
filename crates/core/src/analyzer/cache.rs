//! The analyzer's word cache: lower-cased word → [`WordClass`], so each distinct word is
//! classified and stemmed once. Keys are the word's bytes packed into an integer where
//! they fit.
//!
//! Storage only: it must not decide when the cache is valid for a vocabulary
//! ([`Analyzer::analyze`](super::Analyzer::analyze) does) or what goes in (`classify.rs`).

use rustc_hash::FxHashMap;

use super::classify::WordClass;

/// Past this many cached words the cache is dropped and rebuilt, so memory stays flat
/// however many distinct words a stream of answers brings (a typical bank-plus-answers
/// working set is a few thousand words).
pub(super) const CACHE_LIMIT: usize = 200_000;

/// Lower-cased word → class. Words of up to 16 bytes (nearly all) are keyed by their
/// bytes packed into a `u128`: hashing and comparing an integer, with no pointer to
/// follow, took a cache hit from ≈ 116 to ≈ 60 instructions (callgrind), and a hit is
/// what every word of every answer costs. Packing with zero padding is one-to-one: no
/// word holds a NUL byte (UAX #29 never puts one inside a word).
///
/// Words of up to 8 bytes (most of them, and all the frequent ones) have their own table
/// keyed by a `u64`: hashing it is cheaper (≈ 4 k fewer instructions per 250-word answer,
/// callgrind 473 M → 465 M on 2,000 answers) and its entries are 24 bytes instead of 32
/// (a `u128` is 16-byte aligned). The probe's load is still the hottest instruction of
/// the analyzer (`perf annotate`); wall time did not move beyond this VM's noise.
#[derive(Default, Clone)]
pub(super) struct WordCache {
    short: FxHashMap<u64, WordClass>,
    medium: FxHashMap<u128, WordClass>,
    long: FxHashMap<Box<str>, WordClass>,
}

impl WordCache {
    /// The word's bytes as a little-endian integer, zero-padded. Read with two
    /// overlapping loads from the word itself: copying it into a `[u8; 16]` and reading
    /// that back stalled on store forwarding, and a byte-by-byte loop cost ≈ 45
    /// instructions a word (callgrind).
    pub(super) fn pack(word: &str) -> Option<u128> {
        let bytes = word.as_bytes();
        let len = bytes.len();
        let le64 = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        let le32 = |at: usize| u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes")));
        let packed = match len {
            0..=3 => bytes.iter().rev().fold(0u64, |p, &b| p << 8 | u64::from(b)).into(),
            // The second load ends at the word's end; shifting drops the bytes it shares
            // with the first.
            4..=7 => u128::from(le32(0) | (le32(len - 4) >> (8 * (8 - len))) << 32),
            8 => u128::from(le64(0)),
            9..=16 => u128::from(le64(0)) | u128::from(le64(len - 8) >> (8 * (16 - len))) << 64,
            _ => return None,
        };
        Some(packed)
    }

    #[inline(always)]
    pub(super) fn get(&self, word: &str) -> Option<WordClass> {
        // A packed word fits a `u64` exactly when it has at most 8 bytes (no NUL bytes).
        match Self::pack(word) {
            Some(key) => match u64::try_from(key) {
                Ok(short) => self.short.get(&short),
                Err(_) => self.medium.get(&key),
            }
            .copied(),
            None => self.long.get(word).copied(),
        }
    }

    pub(super) fn insert(&mut self, word: &str, class: WordClass) {
        match Self::pack(word) {
            Some(key) => match u64::try_from(key) {
                Ok(key) => self.short.insert(key, class),
                Err(_) => self.medium.insert(key, class),
            },
            None => self.long.insert(word.into(), class),
        };
    }

    pub(super) fn len(&self) -> usize {
        self.short.len() + self.medium.len() + self.long.len()
    }

    pub(super) fn clear(&mut self) {
        self.short.clear();
        self.medium.clear();
        self.long.clear();
    }
}
