//! Previous and next page links under the list: plain links, so they work without JavaScript.

use leptos::prelude::*;

use super::query::href;
use crate::model::TrackQuery;

#[component]
pub fn Pager(query: TrackQuery, page: u32, pages: u32, total: u64) -> impl IntoView {
    let link = move |to: u32| {
        let mut next = query.clone();
        next.page = to;
        href(&next)
    };
    let noun = if total == 1 { "track" } else { "tracks" };
    view! {
        <nav class="pager" aria-label="Pages">
            <span class="count">{format!("{total} {noun}")}</span>
            {(pages > 1)
                .then(|| {
                    view! {
                        {(page > 1)
                            .then(|| view! { <a rel="prev" href=link(page - 1)>"← Previous"</a> })}
                        <span class="where">{format!("Page {page} of {pages}")}</span>
                        {(page < pages)
                            .then(|| view! { <a rel="next" href=link(page + 1)>"Next →"</a> })}
                    }
                })}
        </nav>
    }
}
