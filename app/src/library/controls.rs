//! The search box and the sort menu: a plain GET form (it works without JavaScript); once
//! hydrated, typing searches as you go and the menu sorts at once, through the URL.

use leptos::prelude::*;
use std::time::Duration;

use super::query::use_list_query;
use crate::address::Entry;
use crate::model::TrackSort;

/// How long typing must pause before the list follows.
const TYPING_PAUSE: Duration = Duration::from_millis(180);

#[component]
pub fn LibraryControls() -> impl IntoView {
    let query = use_list_query();
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let search_box = NodeRef::<leptos::html::Input>::new();

    // A new search or order starts at page 1; the URL keeps history clean while typing.
    let on_input = move |event: leptos::ev::Event| {
        let text = event_target_value(&event);
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                let mut next = query.get_untracked();
                next.q = Some(text);
                next.page = 0;
                query.go(next, Entry::Replace);
            },
            TYPING_PAUSE,
        )
        .ok();
        pending.set_value(handle);
    };
    let on_sort = move |event: leptos::ev::Event| {
        let mut next = query.get_untracked();
        next.sort = TrackSort::parse(&event_target_value(&event)).unwrap_or_default();
        next.page = 0;
        query.go(next, Entry::Push);
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let text = search_box.get_untracked().map(|input| input.value());
        let mut next = query.get_untracked();
        next.q = text;
        next.page = 0;
        query.go(next, Entry::Push);
    };
    let initial = query.get_untracked();
    // Back and Forward change the query under the controls: they show it. (Not on the first
    // run: the server wrote the same values, and text typed before hydration stays.)
    let sort_box = NodeRef::<leptos::html::Select>::new();
    Effect::new(move |seen: Option<()>| {
        let shown = query.get();
        if seen.is_some() {
            if let Some(input) = search_box.get_untracked() {
                let text = shown.q.unwrap_or_default();
                if input.value() != text {
                    input.set_value(&text);
                }
            }
            if let Some(select) = sort_box.get_untracked() {
                select.set_value(shown.sort.as_str());
            }
        }
    });

    view! {
        <form class="controls" role="search" method="get" action="/" on:submit=on_submit>
            <input
                type="search"
                name="q"
                node_ref=search_box
                placeholder="Search title, artist, album"
                aria-label="Search the library"
                autocomplete="off"
                spellcheck="false"
                value=initial.q.clone().unwrap_or_default()
                on:input=on_input
            />
            <label class="sort">
                <span>"Sort"</span>
                <select name="sort" aria-label="Sort by" node_ref=sort_box on:change=on_sort>
                    {TrackSort::ALL
                        .into_iter()
                        .map(|sort| {
                            view! {
                                <option value=sort.as_str() selected=sort == initial.sort>
                                    {sort.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class="go">"Search"</button>
        </form>
    }
}
