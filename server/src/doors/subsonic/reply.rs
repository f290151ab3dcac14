//! One answer, two forms: a Subsonic reply is built once as a tree of nodes and written as XML
//! (the default) or JSON (`f=json`). Scalars are XML attributes and JSON fields; a child node is
//! an element and an object; a list is repeated elements and a JSON array, present as `[]` when
//! empty; a list of plain values is repeated text elements and an array of values.

use axum::body::Body;
use axum::response::Response;
use http::StatusCode;
use serde_json::{Map, Value as Json};

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
        Self::default()
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
            let mut outer = Map::new();
            outer.insert("subsonic-response".into(), to_json(&root));
            render::json(StatusCode::OK, &Json::Object(outer))
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

fn json_value(value: &Value) -> Json {
    match value {
        Value::Text(text) => Json::from(text.as_str()),
        Value::Int(n) => Json::from(*n),
        Value::Bool(b) => Json::from(*b),
        Value::Float(x) => serde_json::Number::from_f64(*x).map_or(Json::Null, Json::Number),
    }
}

fn to_json(node: &Node) -> Json {
    let mut object = Map::new();
    for (name, value) in &node.fields {
        object.insert((*name).into(), json_value(value));
    }
    if let Some((key, text)) = &node.text {
        object.insert((*key).into(), Json::from(text.as_str()));
    }
    for (name, child) in &node.children {
        let value = match child {
            Child::One(node) => to_json(node),
            Child::Many(nodes) => Json::Array(nodes.iter().map(to_json).collect()),
            Child::Values(values) => Json::Array(values.iter().map(json_value).collect()),
        };
        object.insert((*name).into(), value);
    }
    Json::Object(object)
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
