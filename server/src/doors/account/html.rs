//! The frame of the server-rendered account pages (sign-in, setup): plain HTML forms that work
//! without JavaScript, styled by the site's stylesheet, with every outside value escaped.

use std::fmt::Write as _;

/// `text` safe inside HTML text and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole page titled `title` around `body` (already HTML).
pub fn page(title: &str, body: &str) -> String {
    framed(title, "", body)
}

/// A page that the browser reloads every `seconds` (while something it shows is under way).
pub fn reloading_page(title: &str, body: &str, seconds: u32) -> String {
    framed(
        title,
        &format!("<meta http-equiv=\"refresh\" content=\"{seconds}\">"),
        body,
    )
}

fn framed(title: &str, head: &str, body: &str) -> String {
    let mut html = String::with_capacity(body.len() + 650);
    let _ = write!(
        html,
        concat!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<meta name=\"color-scheme\" content=\"light dark\">{head}",
            "<title>{title} · Cadenza</title>",
            "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/favicon.svg\">",
            "<link rel=\"stylesheet\" href=\"/pkg/cadenza.css\">",
            "</head><body class=\"account-page\"><main class=\"account\">",
            "<h1>Cadenza</h1>{body}</main></body></html>"
        ),
        head = head,
        title = escape(title),
        body = body
    );
    html
}

/// A notice above a form (`role=alert` so screen readers say it).
pub fn notice(text: &str) -> String {
    format!("<p class=\"notice\" role=\"alert\">{}</p>", escape(text))
}

/// A Unix time as an HTTP date ("Sun, 29 Nov 2026 13:20:00 GMT"), or "never".
pub fn when(seconds: Option<i64>) -> String {
    match seconds.and_then(|s| u64::try_from(s).ok()) {
        Some(s) => {
            httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(s))
        }
        None => "never".to_owned(),
    }
}

/// A one-button form that POSTs to `action` (every change is a POST, so a link cannot make it).
pub fn button(action: &str, label: &str) -> String {
    format!(
        "<form method=\"post\" action=\"{}\" class=\"inline\"><button type=\"submit\">{}</button></form>",
        escape(action),
        escape(label)
    )
}

/// A user-facing sentence for an account error that the form can fix.
pub fn sentence(error: &impl std::fmt::Display) -> String {
    let text = error.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// Where to go after signing in: a path of this site, else the start page. Refuses `//host`,
/// `/\host` and anything with a scheme, which would leave the site (an open redirect).
pub fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && path.len() <= 2000
                && !path.chars().any(char::is_control) =>
        {
            path
        }
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_text_cannot_become_markup() {
        assert_eq!(
            escape("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn only_paths_of_this_site_are_followed() {
        assert_eq!(local_path(Some("/?q=x")), "/?q=x");
        assert_eq!(local_path(Some("/admin")), "/admin");
        for outside in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "evil",
            "",
        ] {
            assert_eq!(local_path(Some(outside)), "/", "{outside}");
        }
        assert_eq!(local_path(Some("/\nx")), "/");
        assert_eq!(local_path(None), "/");
    }
}
