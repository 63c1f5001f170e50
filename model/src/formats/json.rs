//! JSON read into a tree that borrows its text: what every reader of outside JSON walks
//! (`decode.rs`, the Azure readers, the quote request, the training files, the stored session).
//!
//! Why not `serde_json::Value`: it copies every key and string into its own allocation and keeps
//! each object in a `BTreeMap`, so a tree is slow to build and slower to drop. Opening a stored
//! book of 20,000 reservations (9 MB of JSON) spent more time building and dropping that tree than
//! reading the reservations out of it. Here keys and strings point into the text (unless they
//! hold an escape), and an object is a vector sorted by key: the same lookups and the same order
//! as `serde_json::Map`, for a fraction of the allocations. serde_json still does the parsing, so
//! its errors, positions and nesting limit are unchanged.
//!
//! Numbers are kept exactly as written (serde_json's `arbitrary_precision`), so an amount written
//! `0.1` is read as 0.1, never through a float.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A JSON value that borrows from the text it was read from.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// A number, exactly as written.
    Number(Number<'a>),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    Object(Map<'a>),
}

/// A JSON number's text, as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Number<'a>(Cow<'a, str>);

/// A JSON object: its members in the order written, each key once (the last one written wins,
/// as in `serde_json::Map`). Looking a key up is a scan: the objects read are small, and a scan of
/// a dozen short keys beats sorting them. Iterating goes in key order, as `serde_json::Map` does,
/// so messages list keys in the same order as before.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map<'a> {
    members: Vec<(Cow<'a, str>, Value<'a>)>,
}

/// Parses `text`. The caller checks its size first (`decode::json_value`).
pub fn parse(text: &str) -> Result<Value<'_>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Value::deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

impl<'a> Value<'a> {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value<'a>>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map<'a>> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_object_mut(&mut self) -> Option<&mut Map<'a>> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// The member `key` of an object (`None` for anything else).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.as_object().and_then(|map| map.get(key))
    }
}

impl From<&'static str> for Value<'_> {
    fn from(text: &'static str) -> Self {
        Value::String(Cow::Borrowed(text))
    }
}

impl From<String> for Value<'_> {
    fn from(text: String) -> Self {
        Value::String(Cow::Owned(text))
    }
}

impl From<u64> for Value<'_> {
    fn from(n: u64) -> Self {
        Value::Number(Number(Cow::Owned(n.to_string())))
    }
}

impl Number<'_> {
    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number, when it is written as a whole number that fits (as `serde_json::Number`).
    pub fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }
}

impl fmt::Display for Number<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'a> Map<'a> {
    pub fn new() -> Map<'a> {
        Map::default()
    }

    /// Where `key` is among the members as written, and its value.
    pub fn find(&self, key: &str) -> Option<(usize, &Value<'a>)> {
        self.members.iter().position(|(k, _)| k == key).map(|i| (i, &self.members[i].1))
    }

    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.find(key).map(|(_, value)| value)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_some()
    }

    /// Sets `key` to `value`, returning what it replaced.
    pub fn insert(&mut self, key: impl Into<Cow<'a, str>>, value: Value<'a>) -> Option<Value<'a>> {
        let key = key.into();
        match self.members.iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => Some(std::mem::replace(old, value)),
            None => {
                self.members.push((key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Value<'a>> {
        let i = self.members.iter().position(|(k, _)| k == key)?;
        Some(self.members.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The members in key order, each with its place among the members as written (what
    /// [`Map::find`] says).
    pub fn iter_indexed(&self) -> impl Iterator<Item = (usize, &str, &Value<'a>)> + '_ {
        let mut sorted: Vec<usize> = (0..self.members.len()).collect();
        sorted.sort_by(|&a, &b| self.members[a].0.cmp(&self.members[b].0));
        sorted.into_iter().map(|i| (i, self.members[i].0.as_ref(), &self.members[i].1))
    }

    /// The members, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value<'a>)> + '_ {
        self.iter_indexed().map(|(_, k, v)| (k, v))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.iter_indexed().map(|(_, k, _)| k)
    }

    /// Adds the members of `other`, which win over this map's.
    pub fn extend(&mut self, other: Map<'a>) {
        for (key, value) in other.members {
            self.insert(key, value);
        }
    }

    /// The members as read: of a key written twice, the last value, in the first one's place.
    fn from_written(mut members: Vec<(Cow<'a, str>, Value<'a>)>) -> Map<'a> {
        // Small objects (nearly all) by scanning; big ones through a sorted index, so that an
        // object of many keys is not quadratic.
        let repeated = if members.len() <= 16 {
            (1..members.len()).any(|i| members[..i].iter().any(|(k, _)| *k == members[i].0))
        } else {
            let mut sorted: Vec<&str> = members.iter().map(|(k, _)| k.as_ref()).collect();
            sorted.sort_unstable();
            sorted.windows(2).any(|w| w[0] == w[1])
        };
        if !repeated {
            return Map { members };
        }
        let mut map = Map { members: Vec::with_capacity(members.len()) };
        for (key, value) in members.drain(..) {
            map.insert(key, value);
        }
        map
    }
}

/// The key under which serde_json's `arbitrary_precision` hands over a number's text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// A key or string, borrowed from the text when it has no escape.
struct Text<'a>(Cow<'a, str>);

/// A number's text, as `arbitrary_precision` hands it over.
struct NumberText<'a>(Cow<'a, str>);

/// Reads a string, borrowed when it can be; `expecting` is what a message says was expected.
struct TextVisitor(&'static str);

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(s))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s.to_owned()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s))
    }
}

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor("a string")).map(Text)
    }
}

impl<'de> Deserialize<'de> for NumberText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde_json's own words, so that its errors and ours read the same.
        deserializer.deserialize_str(TextVisitor("string containing a number")).map(NumberText)
    }
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool(b))
    }

    // With `arbitrary_precision` serde_json hands numbers over as a map (below); these are for
    // completeness.
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value<'de>, E> {
        Ok(Value::from(n))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value<'de>, E> {
        Ok(Value::Number(Number(Cow::Owned(n.to_string()))))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value<'de>, E> {
        Ok(Value::Number(Number(Cow::Owned(n.to_string()))))
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
        let Some(Text(first)) = map.next_key::<Text>()? else {
            return Ok(Value::Object(Map::default()));
        };
        if first == NUMBER_TOKEN {
            let NumberText(number) = map.next_value()?;
            // What serde_json's own `Value` does with this key (a number's text is checked again,
            // so an object that only looks like one is refused with the same words).
            number.parse::<serde_json::Number>().map_err(de::Error::custom)?;
            return Ok(Value::Number(Number(number)));
        }
        // Room for a command's or a reservation's members, grown once at most.
        let mut members = Vec::with_capacity(8);
        members.push((first, map.next_value()?));
        while let Some(Text(key)) = map.next_key()? {
            members.push((key, map.next_value()?));
        }
        Ok(Value::Object(Map::from_written(members)))
    }
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(n) => match n.as_str().parse::<serde_json::Number>() {
                Ok(number) => number.serialize(serializer),
                Err(_) => serializer.serialize_str(n.as_str()),
            },
            Value::String(s) => serializer.serialize_str(s),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(object) => {
                let mut map = serializer.serialize_map(Some(object.len()))?;
                for (key, value) in object.iter() {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// Compact JSON, as `serde_json::Value` writes it (what messages quote as found).
impl fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&serde_json::to_string(self).map_err(|_| fmt::Error)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_reads_as_serde_json_does() {
        let texts = [
            r#"{"b": 1, "a": [true, null, "x\"y", 0.10, -3e2], "c": {"z": {}, "y": []}}"#,
            r#"{"k": 1, "k": 2, "j": "é\u00e9"}"#,
            "12345678901234567890123",
            "\"only a string\"",
            "[]",
        ];
        for text in texts {
            let ours = parse(text).unwrap();
            let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
        }
        let repeated = parse(r#"{"k": 1, "k": 2}"#).unwrap();
        assert_eq!(repeated.get("k").and_then(Value::as_u64), Some(2), "the last one written wins");
        assert_eq!(parse(r#"{"n": 0.10}"#).unwrap().get("n"), Some(&Value::Number(Number("0.10".into()))));
    }

    #[test]
    fn its_errors_are_serde_jsons() {
        for text in ["{", "[1,]", "{\"a\" 1}", "1 2", &"[".repeat(200)] {
            let ours = parse(text).unwrap_err().to_string();
            let theirs = serde_json::from_str::<serde_json::Value>(text).unwrap_err().to_string();
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let text = r#"{"plain": "abc", "escaped": "a\nb"}"#;
        let value = parse(text).unwrap();
        assert!(matches!(value.get("plain"), Some(Value::String(Cow::Borrowed("abc")))));
        assert!(matches!(value.get("escaped"), Some(Value::String(Cow::Owned(_)))));
    }
}
