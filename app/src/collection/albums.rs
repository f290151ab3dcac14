//! The album grid (`/albums?sort=…&page=…`) and an album's page (`/albums/{id}`).

use codee::binary::PostcardCodec;
use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::address::{follow, Link};
use crate::keep::{get_album, get_album_grid, AddToPlaylist, StarButton};
use crate::library::{use_library_generation, Pager, TrackTable};
use crate::model::{
    cover_thumb_url, format_clock, AlbumDetail, AlbumQuery, AlbumSort, AlbumSummary, StarKind,
};
use crate::player::PlayerState;

/// The grid's address for `query`, leaving out what is default.
pub fn albums_href(query: &AlbumQuery) -> String {
    let mut url = form_urlencoded::Serializer::new(String::new());
    if query.sort != AlbumSort::default() {
        url.append_pair("sort", query.sort.as_str());
    }
    if query.page() > 1 {
        url.append_pair("page", &query.page().to_string());
    }
    match url.finish() {
        search if search.is_empty() => "/albums".to_owned(),
        search => format!("/albums?{search}"),
    }
}

/// The grid query a query string asks for (malformed values fall back to defaults).
pub fn parse_albums_query(search: &str) -> AlbumQuery {
    let mut query = AlbumQuery::default();
    for (key, value) in form_urlencoded::parse(search.as_bytes()) {
        match &*key {
            "sort" => query.sort = AlbumSort::parse(&value).unwrap_or_default(),
            "page" => query.page = value.parse().unwrap_or(0),
            _ => {}
        }
    }
    query
}

#[component]
pub fn AlbumGrid(query: AlbumQuery) -> impl IntoView {
    let asked = query.clone();
    let generation = use_library_generation();
    let albums: Resource<_, PostcardCodec> = Resource::new_with_options(
        move || (query.clone(), generation.get()),
        |(query, _)| get_album_grid(query),
        false,
    );
    let sorts = AlbumSort::ALL
        .into_iter()
        .map(|sort| {
            let url = albums_href(&AlbumQuery {
                sort,
                page: 0,
                per_page: 0,
            });
            let current = (sort == asked.sort).then_some("page");
            view! {
                <a href=url.clone() aria-current=current on:click=follow(url)>
                    {sort.label()}
                </a>
            }
        })
        .collect_view();
    view! {
        <section class="albums" aria-labelledby="albums-heading">
            <div class="view-head">
                <h2 id="albums-heading">"Albums"</h2>
                <nav class="sorts" aria-label="Sort albums">
                    <span>"Sort"</span>
                    {sorts}
                </nav>
            </div>
            <Suspense fallback=|| view! { <p class="empty">"Loading albums…"</p> }>
                {move || Suspend::new({
                    let asked = asked.clone();
                    async move {
                        match albums.await {
                            Ok(page) if page.total == 0 => {
                                EitherOf3::A(view! { <p class="empty">"No albums yet."</p> })
                            }
                            Ok(page) => {
                                let pages = page.page_count();
                                EitherOf3::B(view! {
                                    <AlbumCards albums=page.items/>
                                    <Pager
                                        page=page.page
                                        pages
                                        total=page.total
                                        nouns=("album", "albums")
                                        href_of=move |to| {
                                            albums_href(&AlbumQuery { page: to, ..asked.clone() })
                                        }
                                    />
                                })
                            }
                            Err(error) => {
                                EitherOf3::C(view! { <p class="error" role="alert">{error.to_string()}</p> })
                            }
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Albums as cards: cover, title (to the album's page), artist (to theirs), year.
#[component]
pub fn AlbumCards(albums: Vec<AlbumSummary>) -> impl IntoView {
    view! {
        <ul class="album-grid">
            {albums
                .into_iter()
                .map(|album| {
                    let href = format!("/albums/{}", album.id);
                    let star_name = album.title.clone();
                    let artist = album.artist.clone().zip(album.artist_id).map(|(name, id)| {
                        view! { <Link class="album-artist" href=format!("/artists/{id}")>{name}</Link> }
                    });
                    view! {
                        <li class="album-card" data-album-id=album.id>
                            <a class="album-link" href=href.clone() on:click=follow(href)>
                                <img
                                    src=cover_thumb_url(Some(album.id), 256)
                                    srcset=format!("{} 2x", cover_thumb_url(Some(album.id), 512))
                                    alt=""
                                    width="160"
                                    height="160"
                                    loading="lazy"
                                    decoding="async"
                                />
                                <span class="album-title">{album.title}</span>
                            </a>
                            <span class="album-meta">
                                {artist}
                                {album.year.map(|year| view! { <span class="album-year">{year}</span> })}
                                <StarButton kind=StarKind::Album id=album.id name=star_name/>
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn AlbumPage(id: i64) -> impl IntoView {
    let album: Resource<_, PostcardCodec> =
        Resource::new_with_options(move || id, get_album, false);
    view! {
        <Suspense fallback=|| view! { <p class="empty">"Loading the album…"</p> }>
            {move || Suspend::new(async move {
                match album.await {
                    Ok(Some(detail)) => EitherOf3::A(view! { <AlbumView detail/> }),
                    Ok(None) => EitherOf3::B(view! { <p class="empty">"No such album."</p> }),
                    Err(error) => EitherOf3::C(view! { <p class="error" role="alert">{error.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AlbumView(detail: AlbumDetail) -> impl IntoView {
    let player = expect_context::<PlayerState>();
    let total = format_clock(detail.duration_ms() as f64 / 1000.0);
    let AlbumDetail { album, tracks } = detail;
    let count = tracks.len();
    let facts = [
        album.year.map(|y| y.to_string()),
        Some(format!(
            "{count} {}",
            if count == 1 { "track" } else { "tracks" }
        )),
        Some(total),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let queue = StoredValue::new(tracks.clone());
    let play = move |_| {
        let tracks = queue.get_value();
        if let Some(first) = tracks.first().cloned() {
            player.play_from(tracks, first);
        }
    };
    let enqueue = move |_| player.enqueue(queue.get_value());
    let ids = StoredValue::new(tracks.iter().map(|t| t.id).collect::<Vec<_>>());
    let add_label = format!("Add {} to a playlist", album.title);
    let artist = album.artist.clone().zip(album.artist_id).map(|(name, id)| {
        view! { <p class="by"><Link href=format!("/artists/{id}")>{name}</Link></p> }
    });
    view! {
        <article class="album-page" data-album-id=album.id>
            <header class="detail-head">
                <img
                    class="detail-cover"
                    src=cover_thumb_url(Some(album.id), 256)
                    srcset=format!("{} 2x", cover_thumb_url(Some(album.id), 512))
                    alt=""
                    width="200"
                    height="200"
                />
                <div class="detail-facts">
                    <h2>{album.title.clone()}</h2>
                    {artist}
                    <p class="facts">{facts}</p>
                    <div class="actions">
                        <button type="button" class="primary play-all" on:click=play>"Play album"</button>
                        <button type="button" class="enqueue" on:click=enqueue>"Add to queue"</button>
                        <StarButton kind=StarKind::Album id=album.id name=album.title/>
                        <AddToPlaylist tracks=ids label=add_label/>
                    </div>
                </div>
            </header>
            <TrackTable tracks/>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_addresses_round_trip() {
        let query = AlbumQuery {
            sort: AlbumSort::Year,
            page: 2,
            per_page: 0,
        };
        let url = albums_href(&query);
        assert_eq!(url, "/albums?sort=year&page=2");
        assert_eq!(
            parse_albums_query(url.trim_start_matches("/albums?")),
            query
        );
        assert_eq!(albums_href(&AlbumQuery::default()), "/albums");
        assert_eq!(
            parse_albums_query("sort=loud&page=x"),
            AlbumQuery::default()
        );
    }
}
