//! Previous and next page links under a list: plain links, so they work without JavaScript;
//! once hydrated, a click shows the page in place (the music goes on) and scrolls to the top.

use leptos::prelude::*;

use crate::address::follow;

/// The links of page `page` of `pages`; `href_of(n)` is the address of page `n`. `nouns` are
/// what is counted, singular and plural.
#[component]
pub fn Pager(
    page: u32,
    pages: u32,
    total: u64,
    nouns: (&'static str, &'static str),
    href_of: impl Fn(u32) -> String + 'static,
) -> impl IntoView {
    let link = move |to: u32| {
        let url = href_of(to);
        (url.clone(), follow(url))
    };
    let noun = if total == 1 { nouns.0 } else { nouns.1 };
    let previous = (pages > 1 && page > 1).then(|| link(page - 1));
    let next = (pages > 1 && page < pages).then(|| link(page + 1));
    view! {
        <nav class="pager" aria-label="Pages">
            <span class="count">{format!("{total} {noun}")}</span>
            {previous
                .map(|(href, follow)| {
                    view! { <a rel="prev" href=href on:click=follow>"← Previous"</a> }
                })}
            {(pages > 1).then(|| view! { <span class="where">{format!("Page {page} of {pages}")}</span> })}
            {next
                .map(|(href, follow)| {
                    view! { <a rel="next" href=href on:click=follow>"Next →"</a> }
                })}
        </nav>
    }
}
