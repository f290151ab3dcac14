//! Stars in the page: the listener's starred ids, loaded once hydrated and shared by every star
//! button, so a star set in one place shows everywhere at once.

use leptos::prelude::*;

use super::{get_stars, set_star};
use crate::model::{StarIds, StarKind};

#[derive(Clone, Copy)]
pub struct Stars(RwSignal<StarIds>);

impl Stars {
    /// Provided once by the app; the ids arrive after hydration (the server renders every star
    /// off, as the browser does before they arrive).
    pub fn provide() -> Self {
        let ids = RwSignal::new(StarIds::default());
        Effect::new(move |_| {
            leptos::task::spawn_local(async move {
                if let Ok(loaded) = get_stars().await {
                    ids.set(loaded);
                }
            });
        });
        let stars = Stars(ids);
        provide_context(stars);
        stars
    }

    pub fn is_starred(&self, kind: StarKind, id: i64) -> bool {
        self.0.with(|ids| ids.contains(kind, id))
    }

    /// Stars or unstars at once, then tells the server; a refusal puts the star back.
    pub fn toggle(&self, kind: StarKind, id: i64) {
        let ids = self.0;
        let starred = !ids.with_untracked(|ids| ids.contains(kind, id));
        ids.update(|ids| ids.set(kind, id, starred));
        leptos::task::spawn_local(async move {
            if set_star(kind, id, starred).await.is_err() {
                ids.update(|ids| ids.set(kind, id, !starred));
            }
        });
    }
}

/// A star toggle for a track, an album or an artist named `name`.
#[component]
pub fn StarButton(kind: StarKind, id: i64, name: String) -> impl IntoView {
    let stars = expect_context::<Stars>();
    let starred = move || stars.is_starred(kind, id);
    let label = format!("Star {name}");
    view! {
        <button
            type="button"
            class="star"
            class:on=starred
            aria-pressed=move || if starred() { "true" } else { "false" }
            aria-label=label.clone()
            title=label
            on:click=move |_| stars.toggle(kind, id)
        >
            {move || if starred() { "★" } else { "☆" }}
        </button>
    }
}
