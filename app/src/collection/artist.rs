//! An artist's page (`/artists/{id}`): what this listener plays most of them, their albums and
//! their tracks.

use codee::binary::PostcardCodec;
use leptos::either::EitherOf3;
use leptos::prelude::*;

use super::albums::AlbumCards;
use crate::keep::{get_artist, StarButton};
use crate::library::TrackTable;
use crate::model::{ArtistDetail, StarKind};

#[component]
pub fn ArtistPage(id: i64) -> impl IntoView {
    let artist: Resource<_, PostcardCodec> =
        Resource::new_with_options(move || id, get_artist, false);
    view! {
        <Suspense fallback=|| view! { <p class="empty">"Loading the artist…"</p> }>
            {move || Suspend::new(async move {
                match artist.await {
                    Ok(Some(detail)) => EitherOf3::A(view! { <ArtistView detail/> }),
                    Ok(None) => EitherOf3::B(view! { <p class="empty">"No such artist."</p> }),
                    Err(error) => EitherOf3::C(view! { <p class="error" role="alert">{error.to_string()}</p> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ArtistView(detail: ArtistDetail) -> impl IntoView {
    let ArtistDetail {
        artist,
        albums,
        tracks,
        most_played,
    } = detail;
    let count = artist.track_count;
    let facts = format!(
        "{count} {} · {} {}",
        if count == 1 { "track" } else { "tracks" },
        albums.len(),
        if albums.len() == 1 { "album" } else { "albums" }
    );
    let most = (!most_played.is_empty()).then(|| {
        let tracks = most_played.into_iter().map(|played| played.track).collect();
        view! {
            <section class="most-played" aria-labelledby="most-heading">
                <h3 id="most-heading">"You play most"</h3>
                <TrackTable tracks/>
            </section>
        }
    });
    view! {
        <article class="artist-page" data-artist-id=artist.id>
            <header class="detail-head">
                <div class="detail-facts">
                    <h2>{artist.name.clone()}</h2>
                    <p class="facts">{facts}</p>
                    <div class="actions">
                        <StarButton kind=StarKind::Artist id=artist.id name=artist.name/>
                    </div>
                </div>
            </header>
            {most}
            <section aria-labelledby="artist-albums">
                <h3 id="artist-albums">"Albums"</h3>
                <AlbumCards albums/>
            </section>
            <section aria-labelledby="artist-tracks">
                <h3 id="artist-tracks">"Tracks"</h3>
                <TrackTable tracks/>
            </section>
        </article>
    }
}
