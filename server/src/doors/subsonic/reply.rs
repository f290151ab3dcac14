//! One answer, two forms: a Subsonic reply is built once as a tree of nodes and written as XML
//! (the default) or JSON (`f=json`). Scalars are XML attributes and JSON fields; a child node is
//! an element and an object; a list is repeated elements and a JSON array, present as `[]` when
//! empty; a list of plain values is repeated text elements and an array of values.

use axum::body::Body;
use axum::response::Response;
use http::StatusCode;

use crate::http_kit::render;

pub const API_VERSION: &str = "1.16.1";
const SERVER_TYPE: &str = "cadenza";
const XMLNS: &str = "http://subsonic.org/restapi";

/// A scalar.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    Bool(bool),
    Float(f64),
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}
impl From<String> for Value {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Self::Int(n)
    }
}
impl From<i32> for Value {
    fn from(n: i32) -> Self {
        Self::Int(i64::from(n))
    }
}
impl From<u64> for Value {
    fn from(n: u64) -> Self {
        Self::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}
impl From<f64> for Value {
    fn from(x: f64) -> Self {
        Self::Float(x)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Child {
    One(Node),
    Many(Vec<Node>),
    Values(Vec<Value>),
}

/// An element / object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Node {
    fields: Vec<(&'static str, Value)>,
    /// Text content in XML; this JSON key in JSON (`<genre>Rock</genre>` is `"value":"Rock"`).
    text: Option<(&'static str, String)>,
    children: Vec<(&'static str, Child)>,
}

impl Node {
    pub fn new() -> Self {
        Self {
            fields: Vec::with_capacity(16),
            text: None,
            children: Vec::new(),
        }
    }

    pub fn set(mut self, name: &'static str, value: impl Into<Value>) -> Self {
        self.fields.push((name, value.into()));
        self
    }

    /// A field only when there is a value.
    pub fn maybe<V: Into<Value>>(self, name: &'static str, value: Option<V>) -> Self {
        match value {
            Some(value) => self.set(name, value),
            None => self,
        }
    }

    pub fn text(mut self, json_key: &'static str, text: String) -> Self {
        self.text = Some((json_key, text));
        self
    }

    pub fn one(mut self, name: &'static str, node: Node) -> Self {
        self.children.push((name, Child::One(node)));
        self
    }

    pub fn many(mut self, name: &'static str, nodes: Vec<Node>) -> Self {
        self.children.push((name, Child::Many(nodes)));
        self
    }

    pub fn values(mut self, name: &'static str, values: Vec<Value>) -> Self {
        self.children.push((name, Child::Values(values)));
        self
    }
}

/// The envelope's payload: nothing (`ping`), one node, or a bare list (the extensions).
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    Empty,
    One(&'static str, Node),
    Many(&'static str, Vec<Node>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xml,
    Json,
}

/// A whole `subsonic-response`: ok with its payload, or failed with a code and message.
pub fn ok(format: Format, payload: Payload) -> Response {
    let (name, child) = match payload {
        Payload::Empty => return envelope(format, "ok", None),
        Payload::One(name, node) => (name, Child::One(node)),
        Payload::Many(name, nodes) => (name, Child::Many(nodes)),
    };
    envelope(format, "ok", Some((name, child)))
}

pub fn failed(format: Format, code: u32, message: &str) -> Response {
    let error = Node::new()
        .set("code", i64::from(code))
        .set("message", message);
    envelope(format, "failed", Some(("error", Child::One(error))))
}

fn envelope(format: Format, status: &str, payload: Option<(&'static str, Child)>) -> Response {
    let root = Node {
        fields: vec![
            ("status", status.into()),
            ("version", API_VERSION.into()),
            ("type", SERVER_TYPE.into()),
            ("serverVersion", env!("CARGO_PKG_VERSION").into()),
            ("openSubsonic", true.into()),
        ],
        text: None,
        children: payload.into_iter().collect(),
    };
    match format {
        Format::Json => {
            let mut json = String::with_capacity(1024);
            json.push_str("{\"subsonic-response\":");
            write_json(&mut json, &root);
            json.push('}');
            render::body(StatusCode::OK, "application/json", Body::from(json))
        }
        Format::Xml => {
            let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            write_xml(&mut xml, "subsonic-response", &root, Some(XMLNS));
            render::body(
                StatusCode::OK,
                "application/xml; charset=utf-8",
                Body::from(xml),
            )
        }
    }
}

/// Writes `node` as a JSON object, fields in the order they were set (a large list is written
/// straight into the answer, with no intermediate map per object).
fn write_json(out: &mut String, node: &Node) {
    out.push('{');
    let mut first = true;
    let mut key = |out: &mut String, name: &str| {
        if !first {
            out.push(',');
        }
        first = false;
        json_string(out, name);
        out.push(':');
    };
    for (name, value) in &node.fields {
        key(out, name);
        write_json_value(out, value);
    }
    if let Some((name, text)) = &node.text {
        key(out, name);
        json_string(out, text);
    }
    for (name, child) in &node.children {
        key(out, name);
        match child {
            Child::One(node) => write_json(out, node),
            Child::Many(nodes) => {
                out.push('[');
                for (n, node) in nodes.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    write_json(out, node);
                }
                out.push(']');
            }
            Child::Values(values) => {
                out.push('[');
                for (n, value) in values.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    write_json_value(out, value);
                }
                out.push(']');
            }
        }
    }
    out.push('}');
}

fn write_json_value(out: &mut String, value: &Value) {
    use std::fmt::Write as _;
    match value {
        Value::Text(text) => json_string(out, text),
        Value::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Float(x) if x.is_finite() => {
            let _ = write!(out, "{x}");
        }
        Value::Float(_) => out.push_str("null"),
    }
}

/// A JSON string with the escapes RFC 8259 requires; runs of plain text are copied whole.
fn json_string(out: &mut String, text: &str) {
    use std::fmt::Write as _;
    out.push('"');
    let mut plain_from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[plain_from..at]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escape);
        }
        plain_from = at + 1;
    }
    out.push_str(&text[plain_from..]);
    out.push('"');
}

fn xml_text(value: &Value) -> String {
    match value {
        Value::Text(text) => text.clone(),
        Value::Int(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Float(x) => x.to_string(),
    }
}

fn write_xml(out: &mut String, name: &str, node: &Node, xmlns: Option<&str>) {
    out.push('<');
    out.push_str(name);
    if let Some(xmlns) = xmlns {
        out.push_str(" xmlns=\"");
        out.push_str(xmlns);
        out.push('"');
    }
    for (field, value) in &node.fields {
        out.push(' ');
        out.push_str(field);
        out.push_str("=\"");
        escape(out, &xml_text(value));
        out.push('"');
    }
    if node.text.is_none() && node.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    if let Some((_, text)) = &node.text {
        escape(out, text);
    }
    for (child_name, child) in &node.children {
        match child {
            Child::One(child) => write_xml(out, child_name, child, None),
            Child::Many(children) => {
                for child in children {
                    write_xml(out, child_name, child, None);
                }
            }
            Child::Values(values) => {
                for value in values {
                    out.push('<');
                    out.push_str(child_name);
                    out.push('>');
                    escape(out, &xml_text(value));
                    out.push_str("</");
                    out.push_str(child_name);
                    out.push('>');
                }
            }
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Escapes text for an attribute or element; characters XML 1.0 cannot carry (most control
/// characters, which a tag may hold) become U+FFFD.
fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value as Json;

    /// What `write_json` wrote, read back by serde_json (so it is valid JSON too).
    fn to_json(node: &Node) -> Json {
        let mut text = String::new();
        write_json(&mut text, node);
        serde_json::from_str(&text).expect("valid JSON")
    }

    #[test]
    fn json_strings_survive_every_character() {
        let tricky = "quote \" backslash \\ tab \t nl \n cr \r bell \u{7} nul \u{0} é 東京 🎵";
        let json = to_json(&Node::new().set("name", tricky).set("x", 1.5f64));
        assert_eq!(json["name"], tricky);
        assert_eq!(json["x"], 1.5);
    }

    fn sample() -> Node {
        Node::new()
            .set("id", "al-1")
            .set("name", "A & B <\"x\">")
            .set("songCount", 2i64)
            .set("isDir", false)
            .many("song", vec![Node::new().set("id", "tr-1")])
            .many("genres", Vec::new())
            .values("folder", vec![Value::Int(1)])
            .one(
                "genre",
                Node::new()
                    .set("songCount", 1i64)
                    .text("value", "Rock".into()),
            )
    }

    #[test]
    fn json_keeps_types_and_empty_lists() {
        let json = to_json(&sample());
        assert_eq!(json["id"], "al-1");
        assert_eq!(json["songCount"], 2);
        assert_eq!(json["isDir"], false);
        assert_eq!(json["song"][0]["id"], "tr-1");
        assert_eq!(json["genres"], Json::Array(vec![]));
        assert_eq!(json["folder"][0], 1);
        assert_eq!(json["genre"]["value"], "Rock");
    }

    #[test]
    fn xml_has_attributes_elements_and_escapes() {
        let mut xml = String::new();
        write_xml(&mut xml, "album", &sample(), None);
        assert_eq!(
            xml,
            "<album id=\"al-1\" name=\"A &amp; B &lt;&quot;x&quot;&gt;\" songCount=\"2\" \
             isDir=\"false\"><song id=\"tr-1\"/><folder>1</folder>\
             <genre songCount=\"1\">Rock</genre></album>"
        );
    }

    #[test]
    fn control_characters_never_reach_the_xml() {
        let mut xml = String::new();
        escape(&mut xml, "a\u{1}b\u{1b}");
        assert_eq!(xml, "a\u{FFFD}b\u{FFFD}");
    }
}
