//! Walking a query through a document: every value it reaches, each with the
//! concrete path that led there, and, when it reaches nothing, where and why
//! the walk stopped.

use serde_json::Value;

use crate::pack::checks::Step;

/// A value a query reached, and the path to it (wildcards filled in).
#[derive(Debug)]
pub struct Found<'a> {
    pub at: String,
    pub value: &'a Value,
}

/// Every value `steps` reach from `root`, in document order.
pub fn select<'a>(root: &'a Value, steps: &[Step]) -> Vec<Found<'a>> {
    let mut current = vec![Found {
        at: String::new(),
        value: root,
    }];
    for step in steps {
        current = current.iter().flat_map(|f| advance(f, step)).collect();
    }
    current
}

/// Says where a query that reached nothing stopped, in words.
pub fn why_nothing(root: &Value, steps: &[Step]) -> String {
    let mut current = vec![Found {
        at: String::new(),
        value: root,
    }];
    for step in steps {
        let next: Vec<Found> = current.iter().flat_map(|f| advance(f, step)).collect();
        if next.is_empty() {
            return stopped_at(&current, step);
        }
        current = next;
    }
    "the query reaches a value".into()
}

fn advance<'a>(from: &Found<'a>, step: &Step) -> Vec<Found<'a>> {
    let join_key = |key: &str| join(&from.at, key);
    match (step, from.value) {
        (Step::Key(k), Value::Object(map)) => map
            .get(k)
            .map(|value| Found {
                at: join_key(k),
                value,
            })
            .into_iter()
            .collect(),
        (Step::Index(i), Value::Array(items)) => items
            .get(*i)
            .map(|value| Found {
                at: format!("{}[{i}]", from.at),
                value,
            })
            .into_iter()
            .collect(),
        (Step::Any, Value::Object(map)) => map
            .iter()
            .map(|(k, value)| Found {
                at: join_key(k),
                value,
            })
            .collect(),
        (Step::Any, Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, value)| Found {
                at: format!("{}[{i}]", from.at),
                value,
            })
            .collect(),
        (Step::Filter { key, value: want }, Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter(|(_, item)| holds(item, key, want))
            .map(|(i, value)| Found {
                at: format!("{}[{i}]", from.at),
                value,
            })
            .collect(),
        (Step::Filter { key, value: want }, Value::Object(map)) => map
            .iter()
            .filter(|(_, item)| holds(item, key, want))
            .map(|(k, value)| Found {
                at: join_key(k),
                value,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether `item` is a table whose `key` holds `want`: a string equal to
/// it, or a number, boolean or null written as it.
fn holds(item: &Value, key: &str, want: &str) -> bool {
    match item.get(key) {
        Some(Value::String(s)) => s == want,
        Some(Value::Number(n)) => {
            n.to_string() == want || want.parse::<f64>().is_ok_and(|w| n.as_f64() == Some(w))
        }
        Some(Value::Bool(b)) => b.to_string() == want,
        Some(Value::Null) => want == "null",
        _ => false,
    }
}

/// The values the items of a list or table hold at `key`, as text, for
/// saying what a filter could have picked.
fn values_at(container: &Value, key: &str) -> Vec<String> {
    let items: Vec<&Value> = match container {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => map.values().collect(),
        _ => Vec::new(),
    };
    items
        .iter()
        .filter_map(|item| item.get(key))
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// `parent.key`, quoting keys that would not read back as one key.
fn join(parent: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key != "*"
        && !key
            .chars()
            .any(|c| matches!(c, '.' | '[' | ']' | '"' | '\'') || c.is_whitespace());
    let key = if plain {
        key.to_string()
    } else {
        format!("{key:?}")
    };
    if parent.is_empty() {
        key
    } else {
        format!("{parent}.{key}")
    }
}

fn stopped_at(current: &[Found], step: &Step) -> String {
    let [only] = current else {
        let shown: Vec<String> = current
            .iter()
            .take(3)
            .map(|f| format!("`{}`", f.at))
            .collect();
        let more = if current.len() > 3 { ", ..." } else { "" };
        return format!(
            "none of the {} places it reached ({}{more}) has {}",
            current.len(),
            shown.join(", "),
            step_words(step)
        );
    };
    let here = place(&only.at);
    match (step, only.value) {
        (Step::Key(k), Value::Object(map)) => {
            let keys: Vec<&str> = map.keys().map(String::as_str).take(12).collect();
            if keys.is_empty() {
                format!("{here} is an empty table, with no key `{k}`")
            } else {
                format!("{here} has no key `{k}` (its keys: {})", keys.join(", "))
            }
        }
        (Step::Index(i), Value::Array(items)) => {
            format!(
                "{here} has {}, so no item [{i}] (counting from 0)",
                crate::words::count(items.len(), "item")
            )
        }
        (Step::Any, Value::Object(_) | Value::Array(_)) => format!("{here} is empty"),
        (Step::Filter { key, value: want }, container @ (Value::Object(_) | Value::Array(_))) => {
            let (n, noun) = match container {
                Value::Array(items) => (items.len(), "item"),
                _ => (container.as_object().map_or(0, |m| m.len()), "entry"),
            };
            let seen = values_at(container, key);
            let seen = if seen.is_empty() {
                format!("none has a `{key}`")
            } else {
                let shown: Vec<String> = seen.iter().take(8).map(|v| format!("`{v}`")).collect();
                format!("their `{key}`: {}", shown.join(", "))
            };
            if n == 0 {
                format!("{here} is empty")
            } else {
                format!("no {noun} of {here} has `{key}` = `{want}` ({seen})",)
            }
        }
        (_, value) => format!("{here} is {}, not {}", kind(value), wanted(step)),
    }
}

fn place(at: &str) -> String {
    if at.is_empty() {
        "the document".into()
    } else {
        format!("`{at}`")
    }
}

fn step_words(step: &Step) -> String {
    match step {
        Step::Key(k) => format!("key `{k}`"),
        Step::Index(i) => format!("item [{i}]"),
        Step::Any => "anything inside".into(),
        Step::Filter { key, value } => format!("an item whose `{key}` is `{value}`"),
    }
}

fn wanted(step: &Step) -> &'static str {
    match step {
        Step::Key(_) => "a table with keys",
        Step::Index(_) => "a list",
        Step::Any | Step::Filter { .. } => "a table or a list",
    }
}

/// "a string", "a number"... for messages.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::checks::Query;
    use serde_json::json;

    fn run(doc: &Value, q: &str) -> Vec<(String, Value)> {
        let query = Query::parse(q).unwrap();
        select(doc, &query.steps)
            .into_iter()
            .map(|f| (f.at, f.value.clone()))
            .collect()
    }

    fn why(doc: &Value, q: &str) -> String {
        why_nothing(doc, &Query::parse(q).unwrap().steps)
    }

    #[test]
    fn wildcards_fill_in_the_path() {
        let doc = json!({"Resources": {"A": {"Type": "X"}, "B": {"Type": "Y"}, "C": {}}});
        assert_eq!(
            run(&doc, "Resources.*.Type"),
            vec![
                ("Resources.A.Type".into(), json!("X")),
                ("Resources.B.Type".into(), json!("Y"))
            ]
        );
        let doc = json!({"steps": [{"run": "a"}, {"uses": "b"}, {"run": "c"}]});
        assert_eq!(
            run(&doc, "steps[*].run"),
            vec![
                ("steps[0].run".into(), json!("a")),
                ("steps[2].run".into(), json!("c"))
            ]
        );
        assert_eq!(
            run(&doc, "steps[1].uses"),
            vec![("steps[1].uses".into(), json!("b"))]
        );
        let doc = json!({"a.b": {"Fn::Sub": 1}});
        assert_eq!(
            run(&doc, "'a.b'.\"Fn::Sub\""),
            vec![("\"a.b\".Fn::Sub".into(), json!(1))]
        );
    }

    #[test]
    fn a_missed_query_says_where_it_stopped() {
        let doc = json!({"jobs": {"build": {"runs-on": "x", "steps": [1, 2]}}});
        assert_eq!(
            why(&doc, "jobs.test.steps"),
            "`jobs` has no key `test` (its keys: build)"
        );
        assert!(why(&doc, "jobs.build.steps[5]").contains("has 2 items"));
        assert!(why(&doc, "jobs.build.runs-on.x").contains("is a string"));
        assert!(why(&doc, "nope").contains("the document has no key `nope`"));
        let doc = json!({"R": {"A": {"Type": 1}, "B": {"Type": 2}}});
        assert!(why(&doc, "R.*.Name")
            .contains("none of the 2 places it reached (`R.A`, `R.B`) has key `Name`"));
    }

    #[test]
    fn filters_keep_the_items_whose_key_holds_the_value() {
        let doc = json!({"scrape_configs": [
            {"job_name": "prometheus", "static_configs": [{"targets": ["localhost:9090"]}]},
            {"job_name": "node", "static_configs": [{"targets": ["exporter:9100"]}]},
            {"port": 80}
        ]});
        assert_eq!(
            run(
                &doc,
                "scrape_configs[job_name=node].static_configs[*].targets[*]"
            ),
            vec![(
                "scrape_configs[1].static_configs[0].targets[0]".into(),
                json!("exporter:9100")
            )]
        );
        assert_eq!(run(&doc, "scrape_configs[port=80]").len(), 1);
        assert_eq!(
            why(&doc, "scrape_configs[job_name=nodes].static_configs"),
            "no item of `scrape_configs` has `job_name` = `nodes` (their `job_name`: `prometheus`, `node`)"
        );
        let doc = json!({"services": {"web": {"image": "nginx"}, "db": {"image": "postgres"}}});
        assert_eq!(
            run(&doc, "services[image=nginx]")[0].0,
            "services.web".to_string()
        );
    }
}
