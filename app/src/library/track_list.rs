//! The track list: cover, title, artist, album and duration, one page at a time; a click plays
//! the track in the page and makes the page shown the queue.

use codee::binary::PostcardCodec;
use leptos::either::EitherOf4;
use leptos::prelude::*;

use super::list_tracks;
use super::live::use_library_generation;
use super::pager::Pager;
use super::query::{href, use_list_query, ListQuery};
use crate::address::follow;
use crate::keep::{AddToPlaylist, StarButton};
use crate::model::{cover_thumb_url, format_clock, StarKind, TrackQuery, TrackSummary};
use crate::player::PlayerState;

#[component]
pub fn TrackList() -> impl IntoView {
    let query = use_list_query();
    // Sent in the page as postcard (see `list_tracks`), not JSON.
    let generation = use_library_generation();
    // Loaded again when the query changes or the library does.
    let tracks: Resource<_, PostcardCodec> = Resource::new_with_options(
        move || (query.get(), generation.get()),
        |(query, _)| list_tracks(query),
        false,
    );

    view! {
        <Transition fallback=|| view! { <p class="empty">"Loading the library…"</p> }>
            {move || Suspend::new(async move {
                let asked = query.get_untracked();
                // One concrete type per arm (no `AnyView`): a smaller WASM than `.into_any()`.
                match tracks.await {
                    Ok(page) if page.total == 0 && asked.search().is_some() => {
                        EitherOf4::A(view! {
                            <p class="empty">
                                {format!("Nothing matches “{}”.", asked.search().unwrap_or_default())}
                            </p>
                        })
                    }
                    Ok(page) if page.total == 0 => {
                        EitherOf4::B(view! {
                            <p class="empty">
                                "The library is empty. Put music files in the media folder and scan it."
                            </p>
                        })
                    }
                    Ok(page) => {
                        let pages = page.page_count();
                        EitherOf4::C(view! {
                            <TrackTable tracks=page.items/>
                            <Pager
                                page=page.page
                                pages
                                total=page.total
                                nouns=("track", "tracks")
                                href_of=move |to| {
                                    href(&TrackQuery { page: to, ..asked.clone() })
                                }
                            />
                        })
                    }
                    Err(error) => {
                        EitherOf4::D(view! { <p class="error" role="alert">{error.to_string()}</p> })
                    }
                }
            })}
        </Transition>
    }
}

/// Tracks as a table; a click plays one, and the table becomes the queue.
#[component]
pub fn TrackTable(tracks: Vec<TrackSummary>) -> impl IntoView {
    let player = expect_context::<PlayerState>();
    // Until the listener picks a track, the page shown is what next and previous walk through.
    if player.current_id_untracked().is_none() {
        player.set_queue(tracks.clone());
    }
    let page = StoredValue::new(tracks.clone());

    view! {
        <table class="tracks">
            <thead>
                <tr>
                    <th class="cover" scope="col">
                        <span class="visually-hidden">"Cover"</span>
                    </th>
                    <th class="num" scope="col">"#"</th>
                    <th class="title" scope="col">"Title"</th>
                    <th class="artist" scope="col">"Artist"</th>
                    <th class="album" scope="col">"Album"</th>
                    <th class="time" scope="col">"Duration"</th>
                    <th class="star" scope="col">
                        <span class="visually-hidden">"Starred"</span>
                    </th>
                    <th class="add" scope="col">
                        <span class="visually-hidden">"Add to playlist"</span>
                    </th>
                </tr>
            </thead>
            <tbody>
                {tracks.into_iter().map(|track| view! { <TrackRow track page/> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn TrackRow(track: TrackSummary, page: StoredValue<Vec<TrackSummary>>) -> impl IntoView {
    let player = expect_context::<PlayerState>();
    let id = track.id;
    let is_current = move || player.current_id() == Some(id);
    let href = track.stream_url();
    // Thumbnails at the size shown: 40 px, sharp on a 2× screen too.
    let cover = cover_thumb_url(track.album_id, 64);
    let cover_2x = format!("{} 2x", cover_thumb_url(track.album_id, 128));
    let duration = format_clock(track.duration_ms as f64 / 1000.0);
    let number = track
        .track_number
        .map(|n| n.to_string())
        .unwrap_or_default();
    let list = use_list_query();
    let artist = search_link(list, track.artist.clone());
    let album = search_link(list, track.album.clone());
    let title = track.title.clone();
    let star_name = track.title.clone();
    let add_label = format!("Add {} to a playlist", track.title);
    let play = move |event: leptos::ev::MouseEvent| {
        // Without WASM the link opens the stream itself; with it, the page's player takes over.
        event.prevent_default();
        // The list the listener clicked in becomes the queue.
        player.play_from(page.get_value(), track.clone());
    };

    view! {
        <tr class="track" class:playing=is_current data-track-id=id>
            <td class="cover">
                <img
                    src=cover
                    srcset=cover_2x
                    alt=""
                    width="40"
                    height="40"
                    loading="lazy"
                    decoding="async"
                />
            </td>
            <td class="num">{number}</td>
            <td class="title">
                <a href=href on:click=play>
                    {title}
                </a>
            </td>
            <td class="artist">{artist}</td>
            <td class="album">{album}</td>
            <td class="time">{duration}</td>
            <td class="star">
                <StarButton kind=StarKind::Track id name=star_name/>
            </td>
            <td class="add">
                <AddToPlaylist tracks=StoredValue::new(vec![id]) label=add_label/>
            </td>
        </tr>
    }
}

/// An artist or album name as a link that searches the library for it (keeping the order and
/// page size); nothing for a missing name.
fn search_link(list: ListQuery, name: Option<String>) -> Option<impl IntoView> {
    let name = name.filter(|name| !name.trim().is_empty())?;
    let shown = list.get_untracked();
    let next = TrackQuery {
        q: Some(name.clone()),
        page: 0,
        ..shown
    };
    let label = format!("Search for {name}");
    let url = href(&next);
    Some(view! {
        <a class="search-for" href=url.clone() title=label on:click=follow(url)>
            {name}
        </a>
    })
}
