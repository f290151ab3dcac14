//! A call's parameters: the query string and, for a POST, the form body too (the `formPost`
//! extension; some apps POST everything, a stream included). Names may repeat (`id=1&id=2`).

pub use super::fail::Fail;

#[derive(Debug, Default, Clone)]
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(query: Option<&str>, body: &[u8]) -> Self {
        let mut pairs: Vec<(String, String)> = query
            .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
            .unwrap_or_default();
        pairs.extend(form_urlencoded::parse(body).into_owned());
        Self(pairs)
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Every value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    pub fn required(&self, name: &str) -> Result<&str, Fail> {
        self.get(name).ok_or_else(|| Fail::missing(name))
    }

    /// A whole number, `default` when absent; an unreadable one is refused (code 10).
    pub fn number(&self, name: &str, default: i64) -> Result<i64, Fail> {
        match self.get(name) {
            None | Some("") => Ok(default),
            Some(text) => text.trim().parse().map_err(|_| Fail::invalid(name)),
        }
    }

    pub fn optional_number(&self, name: &str) -> Result<Option<i64>, Fail> {
        match self.get(name) {
            None | Some("") => Ok(None),
            Some(text) => text
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| Fail::invalid(name)),
        }
    }

    /// A count for a page: `default` when absent, at most `max`, never negative.
    pub fn count(&self, name: &str, default: i64, max: i64) -> Result<usize, Fail> {
        let n = self.number(name, default)?;
        usize::try_from(n.clamp(0, max)).map_err(|_| Fail::invalid(name))
    }

    pub fn offset(&self, name: &str) -> Result<usize, Fail> {
        let n = self.number(name, 0)?;
        usize::try_from(n).map_err(|_| Fail::invalid(name))
    }

    pub fn boolean(&self, name: &str) -> Result<Option<bool>, Fail> {
        match self.get(name) {
            None | Some("") => Ok(None),
            Some(text) if text.eq_ignore_ascii_case("true") || text == "1" => Ok(Some(true)),
            Some(text) if text.eq_ignore_ascii_case("false") || text == "0" => Ok(Some(false)),
            Some(_) => Err(Fail::invalid(name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_and_body_together_with_repeats() {
        let params = Params::parse(Some("u=ada&id=tr-1"), b"id=tr-2&f=json&q=a%20b");
        assert_eq!(params.get("u"), Some("ada"));
        assert_eq!(params.all("id"), vec!["tr-1", "tr-2"]);
        assert_eq!(params.get("q"), Some("a b"));
        assert_eq!(params.required("x").expect_err("missing").code, 10);
    }

    #[test]
    fn numbers_counts_and_booleans() {
        let params = Params::parse(Some("size=900&offset=-1&n=x&b=true"), b"");
        assert_eq!(params.count("size", 10, 500).expect("valid"), 500);
        assert_eq!(params.count("absent", 10, 500).expect("valid"), 10);
        assert!(params.offset("offset").is_err());
        assert!(params.number("n", 0).is_err());
        assert_eq!(params.boolean("b").expect("valid"), Some(true));
    }
}
