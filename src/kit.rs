//! The kit the lower floors work with: the forms catalogue, the shared Typst base (fonts,
//! library, parsed templates), the fingerprint of everything besides the data that decides the
//! output, and the memory budget of Typst's cache. The [`crate::Engine`] owns one and is the
//! façade over it; `check` and `render` are handed the kit, never the engine.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::form::Catalog;
use crate::typeset::Base;

/// Pages laid out between two evictions of Typst's memoisation cache: its memory budget. What
/// Typst memoises for a page is a few MB, most of it never asked for again once the page's
/// document is done; shared work (fonts, templates, the Decree 30 kit) is asked for all the
/// time and survives an eviction. Measured with `hoso-bench` on varied dossiers: every 100
/// pages, results kept for 2 evictions, a batch peaked at 390 MiB on one worker; every 20
/// pages, kept for 1, at 160 MiB, and 10 % faster (a smaller cache is cheaper to consult).
const EVICT_EVERY_PAGES: usize = 20;

/// Evictions a memoised result survives unused (see `comemo::evict`): 1, so it must be asked
/// for again between two evictions.
const EVICT_AGE: usize = 1;

/// Forms, the Typst base and the fingerprint, loaded once.
pub(crate) struct Kit {
    catalog: Catalog,
    base: Base,
    fingerprint: String,
    /// Pages laid out since Typst's cache was last evicted.
    pages_since_eviction: AtomicUsize,
}

impl Kit {
    /// A kit of `catalog` and `base`, whose output also depends on `fingerprint`.
    pub(crate) fn new(catalog: Catalog, base: Base, fingerprint: String) -> Self {
        Kit { catalog, base, fingerprint, pages_since_eviction: AtomicUsize::new(0) }
    }

    /// The forms.
    pub(crate) fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The shared Typst base.
    pub(crate) fn base(&self) -> &Base {
        &self.base
    }

    /// What decides the output besides the data (SHA-256, hex).
    pub(crate) fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Count `pages` just laid out against the memory budget, evicting Typst's cache of what
    /// has not been used lately once the budget is spent. Any thread may call it; a compile
    /// running meanwhile only recomputes what it loses.
    pub(crate) fn laid_out(&self, pages: usize) {
        let before = self.pages_since_eviction.fetch_add(pages, Ordering::Relaxed);
        if before + pages >= EVICT_EVERY_PAGES
            && self
                .pages_since_eviction
                .compare_exchange(before + pages, 0, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            typst::comemo::evict(EVICT_AGE);
        }
    }
}
