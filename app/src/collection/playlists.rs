//! Playlists in the page: the list (`/playlists`) with new and imported ones, and a playlist's
//! page (`/playlists/{id}`) where its owner renames, shares, reorders (drag, or the move buttons
//! from the keyboard), removes and deletes.

use codee::binary::PostcardCodec;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::address::{use_location, Entry, Link};
use crate::keep::{
    create_playlist, delete_playlist, edit_playlist, get_playlist, get_playlists, import_playlist,
    MyPlaylists,
};
use crate::model::{format_clock, PlaylistDetail, PlaylistEdit, PlaylistSummary, TrackSummary};
use crate::player::PlayerState;

#[component]
pub fn PlaylistsPage() -> impl IntoView {
    let mine = expect_context::<MyPlaylists>();
    let player = expect_context::<PlayerState>();
    let location = use_location();
    let lists: Resource<_, PostcardCodec> =
        Resource::new_with_options(|| (), |()| get_playlists(), false);
    let name = NodeRef::<leptos::html::Input>::new();
    let with_queue = NodeRef::<leptos::html::Input>::new();
    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(input) = name.get_untracked() else {
            return;
        };
        let queued = with_queue
            .get_untracked()
            .is_some_and(|box_| box_.checked());
        let tracks = if queued {
            player.queue_ids()
        } else {
            Vec::new()
        };
        let wanted = input.value();
        leptos::task::spawn_local(async move {
            if let Ok(Some(id)) = create_playlist(wanted, tracks).await {
                mine.reload();
                location.go(&format!("/playlists/{id}"), Entry::Push);
            }
        });
    };
    view! {
        <section class="playlists" aria-labelledby="playlists-heading">
            <h2 id="playlists-heading">"Playlists"</h2>
            <form class="new-playlist" on:submit=create>
                <label>
                    "New playlist"
                    <input node_ref=name name="name" required maxlength="200" placeholder="Name"/>
                </label>
                <label class="check">
                    <input node_ref=with_queue type="checkbox"/>
                    "with the tracks of the queue"
                </label>
                <button type="submit" class="primary">"Create"</button>
            </form>
            <Import/>
            <Suspense fallback=|| view! { <p class="empty">"Loading playlists…"</p> }>
                {move || Suspend::new(async move {
                    match lists.await {
                        Ok(lists) if lists.is_empty() => {
                            EitherOf3::A(view! { <p class="empty">"No playlists yet."</p> })
                        }
                        Ok(lists) => EitherOf3::B(view! { <PlaylistRows lists/> }),
                        Err(error) => EitherOf3::C(view! { <p class="error" role="alert">{error.to_string()}</p> }),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PlaylistRows(lists: Vec<PlaylistSummary>) -> impl IntoView {
    view! {
        <ul class="rows playlist-list">
            {lists
                .into_iter()
                .map(|list| {
                    let count = list.track_count;
                    let noun = if count == 1 { "track" } else { "tracks" };
                    let whose = if list.mine {
                        if list.public { "yours, public" } else { "yours, private" }.to_owned()
                    } else {
                        format!("by {}", list.owner)
                    };
                    view! {
                        <li data-playlist-id=list.id>
                            <Link href=format!("/playlists/{}", list.id)>{list.name}</Link>
                            <small>{format!("{count} {noun} · {whose}")}</small>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// Imports an M3U8 file chosen on this device as a new playlist.
#[component]
fn Import() -> impl IntoView {
    let mine = expect_context::<MyPlaylists>();
    let file = NodeRef::<leptos::html::Input>::new();
    let outcome = RwSignal::new(None::<(i64, u64, Vec<String>)>);
    let import = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(chosen) = file
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        let name = chosen
            .name()
            .trim_end_matches(".m3u8")
            .trim_end_matches(".m3u")
            .to_owned();
        leptos::task::spawn_local(async move {
            let Ok(text) = wasm_bindgen_futures::JsFuture::from(chosen.text()).await else {
                return;
            };
            let text = text.as_string().unwrap_or_default();
            if let Ok(Some(done)) = import_playlist(name, text).await {
                mine.reload();
                outcome.set(Some((done.id, done.added, done.unknown)));
            }
        });
    };
    view! {
        <form class="import-playlist" on:submit=import>
            <label>
                "Import an M3U8 file"
                <input node_ref=file type="file" accept=".m3u8,.m3u,audio/x-mpegurl"/>
            </label>
            <button type="submit">"Import"</button>
            {move || {
                outcome
                    .get()
                    .map(|(id, added, unknown)| {
                        view! {
                            <p role="status" class="imported">
                                <Link href=format!("/playlists/{id}")>
                                    {format!("Imported {added} tracks.")}
                                </Link>
                                {(!unknown.is_empty())
                                    .then(|| {
                                        view! {
                                            " Not in the library:"
                                            <ul class="unknown">
                                                {unknown
                                                    .into_iter()
                                                    .map(|entry| view! { <li>{entry}</li> })
                                                    .collect_view()}
                                            </ul>
                                        }
                                    })}
                            </p>
                        }
                    })
            }}
        </form>
    }
}

#[component]
pub fn PlaylistPage(id: i64) -> impl IntoView {
    let playlist: Resource<_, PostcardCodec> =
        Resource::new_with_options(move || id, get_playlist, false);
    view! {
        <Suspense fallback=|| view! { <p class="empty">"Loading the playlist…"</p> }>
            {move || Suspend::new(async move {
                match playlist.await {
                    Ok(Some(detail)) => EitherOf3::A(view! { <PlaylistView detail/> }),
                    Ok(None) => EitherOf3::B(view! { <p class="empty">"No such playlist."</p> }),
                    Err(error) => EitherOf3::C(view! { <p class="error" role="alert">{error.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

/// One entry of the playlist in the page: a key that follows it when it moves.
#[derive(Clone, Debug, PartialEq)]
struct PlaylistRow {
    key: (u32, u32),
    track: TrackSummary,
}

#[component]
fn PlaylistView(detail: PlaylistDetail) -> impl IntoView {
    let player = expect_context::<PlayerState>();
    let mine = expect_context::<MyPlaylists>();
    let location = use_location();
    let PlaylistDetail { playlist, tracks } = detail;
    let id = playlist.id;
    let owner = playlist.mine;
    // Keys are (load, index): rows of a later load never take an earlier row's DOM.
    let loads = StoredValue::new(0u32);
    let entries = RwSignal::new(rows(0, tracks));
    // The playlist as the server has it now (after a refusal, or tracks added here).
    let reload = move || {
        leptos::task::spawn_local(async move {
            if let Ok(Some(fresh)) = get_playlist(id).await {
                loads.update_value(|n| *n += 1);
                entries.set(rows(loads.get_value(), fresh.tracks));
            }
        });
    };
    let name = RwSignal::new(playlist.name.clone());
    let public = RwSignal::new(playlist.public);
    let dragged = StoredValue::new(None::<usize>);
    let tracks =
        move || entries.with_untracked(|e| e.iter().map(|e| e.track.clone()).collect::<Vec<_>>());
    let play = move |_| {
        let all = tracks();
        if let Some(first) = all.first().cloned() {
            player.play_from(all, first);
        }
    };
    // The change shows at once; the server is told, and the page reloads the playlist only
    // if it refused.
    let apply = move |edit: PlaylistEdit| {
        leptos::task::spawn_local(async move {
            if !matches!(edit_playlist(id, edit).await, Ok(true)) {
                reload();
            }
            mine.reload();
        });
    };
    let move_entry = move |from: usize, to: usize| {
        let len = entries.with_untracked(Vec::len);
        if from >= len || to >= len || from == to {
            return;
        }
        entries.update(|e| {
            let moved = e.remove(from);
            e.insert(to, moved);
        });
        apply(PlaylistEdit::Move {
            from: from as u32,
            to: to as u32,
        });
    };
    let remove_entry = move |at: usize| {
        entries.update(|e| {
            if at < e.len() {
                e.remove(at);
            }
        });
        apply(PlaylistEdit::Remove(at as u32));
    };
    let rename = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        apply(PlaylistEdit::Rename(name.get_untracked()));
    };
    let share = move |event: leptos::ev::Event| {
        let checked = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|input| input.checked());
        public.set(checked);
        apply(PlaylistEdit::SetPublic(checked));
    };
    // What the player's queue holds goes to the end, in the queue's order.
    let add_queue = move |_| {
        let queued = player.queue_ids();
        if queued.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(true) = edit_playlist(id, PlaylistEdit::Add(queued)).await {
                mine.reload();
                reload();
            }
        });
    };
    let delete = move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(true) = delete_playlist(id).await {
                mine.reload();
                location.go("/playlists", Entry::Replace);
            }
        });
    };
    let empty = Memo::new(move |_| entries.with(Vec::is_empty));
    let position_of =
        move |key: (u32, u32)| entries.with_untracked(|e| e.iter().position(|x| x.key == key));
    let facts = move || {
        let count = entries.with(Vec::len);
        let total: u64 = entries.with(|e| e.iter().map(|x| x.track.duration_ms).sum());
        let noun = if count == 1 { "track" } else { "tracks" };
        format!("{count} {noun} · {}", format_clock(total as f64 / 1000.0))
    };
    let whose = if owner {
        None
    } else {
        Some(view! { <p class="by">{format!("by {}", playlist.owner)}</p> })
    };
    let owner_tools = owner.then(|| {
        view! {
            <form class="rename inline" on:submit=rename>
                <input
                    aria-label="Playlist name"
                    maxlength="200"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <button type="submit">"Rename"</button>
            </form>
            <label class="check">
                <input type="checkbox" prop:checked=move || public.get() on:change=share/>
                "Public: other listeners may play it"
            </label>
        }
    });
    view! {
        <article class="playlist-page" data-playlist-id=id>
            <header class="detail-head">
                <div class="detail-facts">
                    <h2>{move || name.get()}</h2>
                    {whose}
                    <p class="facts">{facts}</p>
                    <div class="actions">
                        <button type="button" class="primary play-all" on:click=play>"Play playlist"</button>
                        <a class="button" href=format!("/api/playlists/{id}/m3u8") download="">"Export M3U8"</a>
                        {owner.then(|| view! { <button type="button" class="add-queue" on:click=add_queue>"Add the queue"</button> })}
                        {owner.then(|| view! { <button type="button" class="delete" on:click=delete>"Delete"</button> })}
                    </div>
                    {owner_tools}
                </div>
            </header>
            {move || {
                // Only emptiness rebuilds the list; a move reorders the rows the `For` keeps.
                if empty.get() {
                    Either::Left(view! { <p class="empty">"This playlist is empty. Add tracks with + in any list."</p> })
                } else {
                    Either::Right(view! {
                        <ol class="playlist-entries">
                            <For
                                each=move || entries.get()
                                key=|entry| entry.key
                                children=move |entry| {
                                    let key = entry.key;
                                    let track = entry.track.clone();
                                    let title = track.title.clone();
                                    let artist = track.artist.clone().unwrap_or_default();
                                    let time = format_clock(track.duration_ms as f64 / 1000.0);
                                    let href = track.stream_url();
                                    let playing = move || player.current_id() == Some(track.id);
                                    let start = move |event: leptos::ev::MouseEvent| {
                                        event.prevent_default();
                                        if let Some(at) = position_of(key) {
                                            let all = tracks();
                                            player.play_from(all.clone(), all[at].clone());
                                        }
                                    };
                                    let tools = owner.then(|| {
                                        let up = format!("Move {title} up");
                                        let down = format!("Move {title} down");
                                        let remove = format!("Remove {title}");
                                        view! {
                                            <span class="tools">
                                                <button type="button" aria-label=up.clone() title=up
                                                    on:click=move |ev| if let Some(at) = position_of(key) {
                                                        if at > 0 { move_entry(at, at - 1); keep_focus(&ev) }
                                                    }>"↑"</button>
                                                <button type="button" aria-label=down.clone() title=down
                                                    on:click=move |ev| if let Some(at) = position_of(key) {
                                                        move_entry(at, at + 1);
                                                        keep_focus(&ev)
                                                    }>"↓"</button>
                                                <button type="button" aria-label=remove.clone() title=remove
                                                    on:click=move |_| if let Some(at) = position_of(key) {
                                                        remove_entry(at)
                                                    }>"✕"</button>
                                            </span>
                                        }
                                    });
                                    view! {
                                        <li
                                            class="entry"
                                            class:playing=playing
                                            draggable=if owner { "true" } else { "false" }
                                            on:dragstart=move |event: leptos::ev::DragEvent| {
                                                // Firefox starts a drag only with some data.
                                                if let Some(data) = event.data_transfer() {
                                                    let _ = data.set_data("text/plain", "");
                                                }
                                                dragged.set_value(position_of(key));
                                            }
                                            on:dragover=move |event: leptos::ev::DragEvent| event.prevent_default()
                                            on:drop=move |event: leptos::ev::DragEvent| {
                                                event.prevent_default();
                                                if let (Some(from), Some(to)) = (dragged.get_value(), position_of(key)) {
                                                    move_entry(from, to);
                                                }
                                                dragged.set_value(None);
                                            }
                                        >
                                            <a class="title" href=href on:click=start>{title.clone()}</a>
                                            <span class="artist">{artist}</span>
                                            <span class="time">{time}</span>
                                            {tools}
                                        </li>
                                    }
                                }
                            />
                        </ol>
                    })
                }
            }}
        </article>
    }
}

/// A moved entry's DOM node is taken out and put back, which loses the focus: the button that
/// moved it gets it back, so the keyboard can go on moving the same entry.
fn keep_focus(event: &leptos::ev::MouseEvent) {
    let button = event
        .current_target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(button) = button {
        request_animation_frame(move || {
            let _ = button.focus();
        });
    }
}

/// The entries of a playlist's `load`-th load, each with a key that follows it when it moves.
fn rows(load: u32, tracks: Vec<TrackSummary>) -> Vec<PlaylistRow> {
    tracks
        .into_iter()
        .zip(0..)
        .map(|(track, index)| PlaylistRow {
            key: (load, index),
            track,
        })
        .collect()
}
