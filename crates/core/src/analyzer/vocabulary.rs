//! Interned stems: [`Vocabulary`] gives each stem a dense [`TermId`], and [`Terms`] says
//! whether analysing a text may add stems (building a bank) or only look them up (scoring).
//!
//! Holds stems, not words: it must not lower-case, classify or stem (that happens before a
//! stem reaches it, in `classify.rs`). Its identity and generation tell an analyzer's word cache
//! when its lookups are stale.

use std::sync::atomic::{AtomicU64, Ordering};

use rustc_hash::FxHashMap;

use super::{TermId, OOV};

static NEXT_VOCABULARY_ID: AtomicU64 = AtomicU64::new(1);

/// Interned stems. Built (mutable) while compiling a bank, then frozen behind the engine.
#[derive(Debug)]
pub struct Vocabulary {
    /// Identity, for analyzers' word caches.
    id: u64,
    /// Bumped whenever a stem is interned: cached "not in the vocabulary" answers made
    /// before are stale, the cached ids are not (ids never change).
    generation: u64,
    ids: FxHashMap<Box<str>, TermId>,
    stems: Vec<Box<str>>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            id: NEXT_VOCABULARY_ID.fetch_add(1, Ordering::Relaxed),
            generation: 0,
            ids: FxHashMap::default(),
            stems: Vec::new(),
        }
    }
}

impl Vocabulary {
    pub fn len(&self) -> usize {
        self.stems.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stems.is_empty()
    }

    /// The stem text of a term.
    pub fn stem(&self, term: TermId) -> &str {
        self.stems.get(term as usize).map_or("?", |s| s)
    }

    pub fn get(&self, stem: &str) -> Option<TermId> {
        self.ids.get(stem).copied()
    }

    pub(crate) fn intern(&mut self, stem: &str) -> TermId {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let id = self.stems.len() as TermId;
        self.stems.push(stem.into());
        self.ids.insert(stem.into(), id);
        // Interning changes what a cached OOV means: analyzers whose cache holds lookups
        // made before start afresh (see `Analyzer::analyze`).
        self.generation += 1;
        id
    }
}

/// Where stems become ids: interning while building a bank, lookup while scoring.
pub enum Terms<'a> {
    Intern(&'a mut Vocabulary),
    Lookup(&'a Vocabulary),
}

impl Terms<'_> {
    /// The vocabulary's identity and generation.
    pub(super) fn key(&self) -> (u64, u64) {
        match self {
            Terms::Intern(v) => (v.id, v.generation),
            Terms::Lookup(v) => (v.id, v.generation),
        }
    }

    pub(super) fn resolve(&mut self, stem: &str) -> TermId {
        match self {
            Terms::Intern(v) => v.intern(stem),
            Terms::Lookup(v) => v.get(stem).unwrap_or(OOV),
        }
    }
}
