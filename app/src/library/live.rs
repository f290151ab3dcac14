//! The live library in the page: once hydrated, the page asks every few seconds (while it is
//! visible) whether the library changed, and the lists that read [`LibraryGeneration`] load
//! again when it did. The music goes on.

use std::time::Duration;

use leptos::prelude::*;

use super::get_library_generation;

/// How often a visible page asks.
const POLL_EVERY: Duration = Duration::from_secs(2);

/// The library generation as this page last heard it; 0 until the first answer.
#[derive(Clone, Copy)]
pub struct LibraryGeneration(RwSignal<i64>);

impl LibraryGeneration {
    /// Provided once by the app; polling starts once hydrated.
    pub fn provide() -> Self {
        let seen = RwSignal::new(0);
        let ask = move || {
            leptos::task::spawn_local(async move {
                if let Ok(now) = get_library_generation().await {
                    match seen.get_untracked() {
                        // The first answer, asked at hydration, only learns the number: the
                        // lists the server rendered are that fresh.
                        0 => seen.update_untracked(|seen| *seen = now),
                        known if known != now => seen.set(now),
                        _ => {}
                    }
                }
            });
        };
        Effect::new(move |_| {
            ask();
            let _ = set_interval_with_handle(
                move || {
                    if !document().hidden() {
                        ask();
                    }
                },
                POLL_EVERY,
            );
        });
        let generation = LibraryGeneration(seen);
        provide_context(generation);
        generation
    }

    /// The generation (tracked): a resource that reads it loads again when it moves.
    pub fn get(&self) -> i64 {
        self.0.get()
    }
}

/// The app's library generation (provided by [`crate::App`]).
pub fn use_library_generation() -> LibraryGeneration {
    expect_context()
}
