//! YAML into a JSON-like value, keeping what CloudFormation's short-form tags
//! mean: `!Ref X` becomes `{"Ref": "X"}`, `!Sub s` becomes `{"Fn::Sub": s}`,
//! `!GetAtt A.B` becomes `{"Fn::GetAtt": ["A", "B"]}`, and so on, as the
//! long form a template could have been written in. serde-saphyr hands each
//! node's tag over through its `Tagged` wrapper; other tags are dropped.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use serde_saphyr::Tagged;

/// Parses a YAML text. A file of several documents (`---`) becomes a list
/// of them; an empty file is `null`. Booleans are YAML 1.2's `true` and
/// `false` only, so GitHub Actions' `on:` stays the key `on`.
pub fn parse(text: &str) -> Result<Value, String> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    };
    let mut docs: Vec<Node> =
        serde_saphyr::from_multiple_with_options(text, options).map_err(|e| e.to_string())?;
    Ok(match docs.len() {
        0 => Value::Null,
        1 => docs.remove(0).0,
        _ => Value::Array(docs.into_iter().map(|n| n.0).collect()),
    })
}

/// CloudFormation functions whose short form is `!Name` and long form
/// `{"Fn::Name": ...}`.
const FUNCTIONS: &[&str] = &[
    "Base64",
    "Cidr",
    "Equals",
    "FindInMap",
    "GetAZs",
    "If",
    "ImportValue",
    "Join",
    "Not",
    "And",
    "Or",
    "Select",
    "Split",
    "Sub",
    "Transform",
    "Length",
    "ToJsonString",
];

/// The long form of a node tagged `tag`, or the node unchanged.
fn long_form(tag: Option<&str>, value: Value) -> Value {
    let Some(name) = tag.and_then(|t| t.strip_prefix('!')) else {
        return value;
    };
    let (key, value) = match name {
        "Ref" | "Condition" => (name.to_string(), value),
        "GetAtt" => ("Fn::GetAtt".to_string(), split_attribute(value)),
        f if FUNCTIONS.contains(&f) => (format!("Fn::{f}"), value),
        _ => return value,
    };
    let mut map = Map::new();
    map.insert(key, value);
    Value::Object(map)
}

/// `!GetAtt Bucket.Arn` names the resource and attribute in one string;
/// the long form is a list of the two.
fn split_attribute(value: Value) -> Value {
    match value {
        Value::String(s) => match s.split_once('.') {
            Some((resource, attribute)) => Value::Array(vec![resource.into(), attribute.into()]),
            None => Value::Array(vec![Value::String(s)]),
        },
        other => other,
    }
}

/// One YAML node, already turned into its JSON-like value.
struct Node(Value);

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Tagged(Plain(value), tag) = Tagged::<Plain>::deserialize(d)?;
        Ok(Node(long_form(tag.as_deref(), value)))
    }
}

/// A node read without looking at its own tag (its children keep theirs).
struct Plain(Value);

impl<'de> Deserialize<'de> for Plain {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PlainVisitor).map(Plain)
    }
}

struct PlainVisitor;

impl<'de> Visitor<'de> for PlainVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON has no infinity or NaN; keep them as the text YAML uses.
        Ok(Number::from_f64(v).map_or_else(|| Value::String(yaml_float(v)), Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Node::deserialize(d).map(|n| n.0)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Node(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some((Node(key), Node(value))) = map.next_entry()? {
            out.insert(key_text(key), value);
        }
        Ok(Value::Object(out))
    }
}

/// A mapping key as text: YAML allows numbers, booleans and even lists as
/// keys; JSON-like documents only strings.
fn key_text(key: Value) -> String {
    match key {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

fn yaml_float(v: f64) -> String {
    if v.is_nan() {
        ".nan".into()
    } else if v > 0.0 {
        ".inf".into()
    } else {
        "-.inf".into()
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use serde_json::json;

    #[test]
    fn cloudformation_short_forms_become_long_forms() {
        let doc = parse(
            "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${AWS::StackName}-logs'\n      Tags:\n        - Key: arn\n          Value: !GetAtt Role.Arn\n        - Key: ref\n          Value: !Ref Env\n        - Key: join\n          Value: !Join ['-', [a, !Ref Env]]\n      Other: !GetAtt [Role, Arn]\n      Cond: !If [IsProd, !Base64 x, !Ref 'AWS::NoValue']\n      C: !Condition IsProd\n      Zones: !GetAZs ''\n",
        )
        .unwrap();
        let props = &doc["Resources"]["Bucket"]["Properties"];
        assert_eq!(
            props["BucketName"],
            json!({"Fn::Sub": "${AWS::StackName}-logs"})
        );
        assert_eq!(
            props["Tags"][0]["Value"],
            json!({"Fn::GetAtt": ["Role", "Arn"]})
        );
        assert_eq!(props["Tags"][1]["Value"], json!({"Ref": "Env"}));
        assert_eq!(
            props["Tags"][2]["Value"],
            json!({"Fn::Join": ["-", ["a", {"Ref": "Env"}]]})
        );
        assert_eq!(props["Other"], json!({"Fn::GetAtt": ["Role", "Arn"]}));
        assert_eq!(
            props["Cond"],
            json!({"Fn::If": ["IsProd", {"Fn::Base64": "x"}, {"Ref": "AWS::NoValue"}]})
        );
        assert_eq!(props["C"], json!({"Condition": "IsProd"}));
        assert_eq!(props["Zones"], json!({"Fn::GetAZs": ""}));
    }

    #[test]
    fn plain_yaml_keeps_its_types() {
        let doc =
            parse("on:\n  push:\n    branches: [main]\nn: 3\nf: 1.5\nb: true\nz: ~\n1: one\n")
                .unwrap();
        assert_eq!(doc["on"]["push"]["branches"], json!(["main"]));
        assert_eq!(doc["n"], json!(3));
        assert_eq!(doc["f"], json!(1.5));
        assert_eq!(doc["b"], json!(true));
        assert_eq!(doc["z"], json!(null));
        assert_eq!(doc["1"], json!("one"));
    }

    #[test]
    fn several_documents_become_a_list() {
        let doc = parse("kind: A\n---\nkind: B\n").unwrap();
        assert_eq!(doc, json!([{"kind": "A"}, {"kind": "B"}]));
        assert_eq!(parse("").unwrap(), json!(null));
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(err.contains("line"), "{err}");
        let err = parse("a: 1\n b: 2\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        let err = parse("a: 1\na: 2\n").unwrap_err();
        assert!(err.contains("duplicate"), "{err}");
    }
}
