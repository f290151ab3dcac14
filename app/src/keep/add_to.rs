//! The "Add to playlist" menu of every track row and album page, and the listener's playlists
//! it offers (loaded once hydrated, again after a change).

use leptos::prelude::*;

use super::{edit_playlist, get_playlists};
use crate::address::Link;
use crate::model::{PlaylistEdit, PlaylistSummary};

/// The listener's playlists (and the public ones), for the menus; loaded once hydrated and
/// again after a change.
#[derive(Clone, Copy)]
pub struct MyPlaylists(RwSignal<Vec<PlaylistSummary>>);

impl MyPlaylists {
    pub fn provide() -> Self {
        let mine = MyPlaylists(RwSignal::new(Vec::new()));
        Effect::new(move |_| mine.reload());
        provide_context(mine);
        mine
    }

    pub fn reload(&self) {
        let list = self.0;
        leptos::task::spawn_local(async move {
            if let Ok(loaded) = get_playlists().await {
                list.set(loaded);
            }
        });
    }

    /// The ones the listener may add to (their own).
    fn own(&self) -> Vec<PlaylistSummary> {
        self.0
            .with(|all| all.iter().filter(|p| p.mine).cloned().collect())
    }
}

/// A menu that adds `tracks` to one of the listener's playlists, or to a new one.
#[component]
pub fn AddToPlaylist(tracks: StoredValue<Vec<i64>>, label: String) -> impl IntoView {
    let mine = expect_context::<MyPlaylists>();
    let done = RwSignal::new(None::<String>);
    let menu = NodeRef::<leptos::html::Details>::new();
    let add = move |playlist: PlaylistSummary| {
        // The menu closes; what happened is said beside it.
        if let Some(details) = menu.get_untracked() {
            let _ = details.remove_attribute("open");
        }
        leptos::task::spawn_local(async move {
            let edit = PlaylistEdit::Add(tracks.get_value());
            if let Ok(true) = edit_playlist(playlist.id, edit).await {
                done.set(Some(format!("Added to {}", playlist.name)));
                mine.reload();
            }
        });
    };
    view! {
        <details class="add-to" node_ref=menu>
            <summary aria-label=label.clone() title=label>"+"</summary>
            <ul class="menu">
                {move || {
                    mine.own()
                        .into_iter()
                        .map(|playlist| {
                            let name = playlist.name.clone();
                            view! {
                                <li>
                                    <button type="button" on:click=move |_| add(playlist.clone())>
                                        {name}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
                <li>
                    <Link href="/playlists".to_owned()>"New playlist…"</Link>
                </li>
            </ul>
            <span class="done" role="status">{move || done.get()}</span>
        </details>
    }
}
