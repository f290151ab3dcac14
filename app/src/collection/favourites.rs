//! The favourites view (`/favourites`): the tracks, albums and artists this listener starred.

use codee::binary::PostcardCodec;
use leptos::either::Either;
use leptos::prelude::*;

use super::albums::AlbumCards;
use crate::address::Link;
use crate::keep::get_favourites;
use crate::library::TrackTable;
use crate::model::Favourites;

#[component]
pub fn FavouritesPage() -> impl IntoView {
    let favourites: Resource<_, PostcardCodec> =
        Resource::new_with_options(|| (), |()| get_favourites(), false);
    view! {
        <section class="favourites" aria-labelledby="favourites-heading">
            <h2 id="favourites-heading">"Favourites"</h2>
            <Suspense fallback=|| view! { <p class="empty">"Loading your favourites…"</p> }>
                {move || Suspend::new(async move {
                    match favourites.await {
                        Ok(found) => Either::Left(view! { <FavouritesView found/> }),
                        Err(error) => Either::Right(view! { <p class="error" role="alert">{error.to_string()}</p> }),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn FavouritesView(found: Favourites) -> impl IntoView {
    let Favourites {
        tracks,
        albums,
        artists,
    } = found;
    if tracks.is_empty() && albums.is_empty() && artists.is_empty() {
        return Either::Left(view! {
            <p class="empty">"Nothing starred yet. Star a track, an album or an artist with ☆."</p>
        });
    }
    Either::Right(view! {
        {(!tracks.is_empty()).then(|| view! { <h3>"Tracks"</h3> <TrackTable tracks/> })}
        {(!albums.is_empty()).then(|| view! { <h3>"Albums"</h3> <AlbumCards albums/> })}
        {(!artists.is_empty())
            .then(|| {
                view! {
                    <h3>"Artists"</h3>
                    <ul class="artist-list">
                        {artists
                            .into_iter()
                            .map(|artist| {
                                view! {
                                    <li>
                                        <Link href=format!("/artists/{}", artist.id)>{artist.name}</Link>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
    })
}
