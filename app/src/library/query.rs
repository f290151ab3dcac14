//! The list's state lives in the page URL (`/?q=…&sort=…&page=…`), so a search can be
//! bookmarked, shared, reloaded, and used without JavaScript (a plain GET form).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::model::{TrackQuery, TrackSort};

/// The track query the current URL asks for (malformed values fall back to defaults).
pub fn use_track_query() -> Memo<TrackQuery> {
    let params = use_query_map();
    Memo::new(move |_| params.with(from_params))
}

pub fn from_params(params: &ParamsMap) -> TrackQuery {
    let number = |key| {
        params
            .get(key)
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    };
    TrackQuery {
        q: params.get("q").filter(|q| !q.trim().is_empty()),
        sort: params
            .get("sort")
            .and_then(|s| TrackSort::parse(&s))
            .unwrap_or_default(),
        page: number("page"),
        per_page: number("per_page"),
    }
}

/// The page URL for `query`, leaving out what is default.
pub fn href(query: &TrackQuery) -> String {
    let mut url = form_urlencoded::Serializer::new(String::new());
    if let Some(q) = query.search() {
        url.append_pair("q", q);
    }
    if query.sort != TrackSort::default() {
        url.append_pair("sort", query.sort.as_str());
    }
    if query.page() > 1 {
        url.append_pair("page", &query.page().to_string());
    }
    if query.per_page != 0 {
        url.append_pair("per_page", &query.per_page().to_string());
    }
    match url.finish() {
        search if search.is_empty() => "/".to_owned(),
        search => format!("/?{search}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn href_round_trips_through_the_url() {
        let query = TrackQuery {
            q: Some("café & co".into()),
            sort: TrackSort::Title,
            page: 3,
            per_page: 0,
        };
        let url = href(&query);
        assert_eq!(url, "/?q=caf%C3%A9+%26+co&sort=title&page=3");
        let params: ParamsMap = form_urlencoded::parse(url.trim_start_matches("/?").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        assert_eq!(from_params(&params), query);
    }

    #[test]
    fn defaults_give_the_bare_page() {
        assert_eq!(href(&TrackQuery::default()), "/");
    }
}
