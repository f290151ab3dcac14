//! The list's state lives in the page URL (`/?q=…&sort=…&page=…`), so a search can be
//! bookmarked, shared, reloaded, and used without JavaScript (a plain GET form).

use leptos::prelude::*;

use crate::address::{Entry, Location};
use crate::model::{TrackQuery, TrackSort};

/// The track query of the page address, shared by the controls, the list and the pager: read
/// from the [`Location`], changed through it.
#[derive(Clone, Copy)]
pub struct ListQuery(Location);

impl ListQuery {
    pub fn provide(location: Location) -> Self {
        let list = ListQuery(location);
        provide_context(list);
        list
    }

    /// The current query (tracked).
    pub fn get(&self) -> TrackQuery {
        parse(&self.0.query())
    }

    /// The current query, without subscribing.
    pub fn get_untracked(&self) -> TrackQuery {
        untrack(|| self.get())
    }

    /// Shows `next`: its URL goes into the address bar and the list follows.
    pub fn go(&self, next: TrackQuery, entry: Entry) {
        self.0.go(&href(&next), entry);
    }
}

/// The list query of this page (provided by [`crate::App`]).
pub fn use_list_query() -> ListQuery {
    expect_context()
}

/// The track query a query string asks for (malformed values fall back to defaults).
pub fn parse(search: &str) -> TrackQuery {
    let mut query = TrackQuery::default();
    for (key, value) in form_urlencoded::parse(search.as_bytes()) {
        match &*key {
            "q" if !value.trim().is_empty() => query.q = Some(value.into_owned()),
            "sort" => query.sort = TrackSort::parse(&value).unwrap_or_default(),
            "page" => query.page = value.parse().unwrap_or(0),
            "per_page" => query.per_page = value.parse().unwrap_or(0),
            _ => {}
        }
    }
    query
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
        assert_eq!(parse(url.trim_start_matches("/?")), query);
    }

    #[test]
    fn defaults_give_the_bare_page() {
        assert_eq!(href(&TrackQuery::default()), "/");
        assert_eq!(parse(""), TrackQuery::default());
    }

    #[test]
    fn junk_falls_back_to_defaults() {
        let query = parse("q=+&sort=loudest&page=two&per_page=-1&track=7");
        assert_eq!(query, TrackQuery::default());
    }
}
