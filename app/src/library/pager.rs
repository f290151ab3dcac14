//! Previous and next page links under the list: plain links, so they work without JavaScript;
//! once hydrated, a click shows the page in place (the music goes on) and scrolls to the top.

use leptos::prelude::*;

use super::query::{follow_in_place, href, use_list_query};
use crate::model::TrackQuery;

#[component]
pub fn Pager(query: TrackQuery, page: u32, pages: u32, total: u64) -> impl IntoView {
    let list = use_list_query();
    let link = move |to: u32| {
        let mut next = query.clone();
        next.page = to;
        (href(&next), follow_in_place(list, next))
    };
    let noun = if total == 1 { "track" } else { "tracks" };
    view! {
        <nav class="pager" aria-label="Pages">
            <span class="count">{format!("{total} {noun}")}</span>
            {(pages > 1)
                .then(|| {
                    view! {
                        {(page > 1)
                            .then(|| {
                                let (href, follow) = link(page - 1);
                                view! { <a rel="prev" href=href on:click=follow>"← Previous"</a> }
                            })}
                        <span class="where">{format!("Page {page} of {pages}")}</span>
                        {(page < pages)
                            .then(|| {
                                let (href, follow) = link(page + 1);
                                view! { <a rel="next" href=href on:click=follow>"Next →"</a> }
                            })}
                    }
                })}
        </nav>
    }
}
