//! The history view (`/history`): recently played, most played and recently added.

use codee::binary::PostcardCodec;
use leptos::either::Either;
use leptos::prelude::*;

use crate::keep::get_history;
use crate::library::TrackTable;
use crate::model::{History, TrackSummary};

const NOT_YET: &str = "Nothing yet: a track counts once half of it, or four minutes, has played.";

#[component]
pub fn HistoryPage() -> impl IntoView {
    let history: Resource<_, PostcardCodec> =
        Resource::new_with_options(|| (), |()| get_history(), false);
    view! {
        <section class="history" aria-labelledby="history-heading">
            <h2 id="history-heading">"History"</h2>
            <Suspense fallback=|| view! { <p class="empty">"Loading your history…"</p> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(found) => Either::Left(view! { <HistoryView found/> }),
                        Err(error) => Either::Right(view! { <p class="error" role="alert">{error.to_string()}</p> }),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn HistoryView(found: History) -> impl IntoView {
    let tracks = |played: Vec<crate::model::PlayedTrack>| -> Vec<TrackSummary> {
        played.into_iter().map(|p| p.track).collect()
    };
    view! {
        <Part id="recent" title="Recently played" tracks=tracks(found.recent) empty=NOT_YET/>
        <Part id="most" title="Most played" tracks=tracks(found.most) empty=NOT_YET/>
        <Part id="added" title="Recently added" tracks=found.added empty="The library is empty."/>
    }
}

#[component]
fn Part(
    id: &'static str,
    title: &'static str,
    tracks: Vec<TrackSummary>,
    empty: &'static str,
) -> impl IntoView {
    let heading = format!("history-{id}");
    let labelled_by = heading.clone();
    let body = if tracks.is_empty() {
        Either::Left(view! { <p class="empty">{empty}</p> })
    } else {
        Either::Right(view! { <TrackTable tracks/> })
    };
    view! {
        <section class=format!("history-part {id}") aria-labelledby=labelled_by>
            <h3 id=heading>{title}</h3>
            {body}
        </section>
    }
}
