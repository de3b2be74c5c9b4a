//! `compare`: reads both sides (concurrently) through the probes of their
//! sources, then holds one against the other. A failure shows both values
//! and where each came from, and says how to look at each side.

mod read;
mod values;

use serde_json::Value;

use crate::pack::checks::{CompareCheck, CompareOp, Comparison, DockerObject, Source};
use crate::verify::{Context, Outcome};
use read::Reading;
use values::{equal, first_difference, number};

/// Runs a `compare` check: a side that cannot be read ends it with that
/// side's outcome (a missing container or file fails; a daemon that does
/// not answer is "could not run").
pub async fn evaluate(check: &CompareCheck, ctx: &Context) -> Outcome {
    let c = check.comparison();
    let expected = c.describe();
    let (left, right) = tokio::join!(
        read::side(&c.left, ctx, &expected),
        read::side(&c.right, ctx, &expected)
    );
    let (left, right) = match (left, right) {
        (Ok(l), Ok(r)) => (l, r),
        (Err(o), _) | (_, Err(o)) => return o,
    };
    match judge(c.op, &left, &right, expected) {
        Outcome::Failed {
            expected,
            actual,
            hint: None,
            ..
        } => {
            let look = look_hint(&left, &right);
            let hint = match stale_container(c) {
                Some(advice) => format!("{advice} {look}"),
                None => look,
            };
            Outcome::failed_with_hint(expected, actual, hint)
        }
        other => other,
    }
}

fn judge(op: CompareOp, left: &Reading, right: &Reading, expected: String) -> Outcome {
    match op {
        CompareOp::Equal => Outcome::expect(same(left, right), expected, both(left, right, true)),
        CompareOp::Different => {
            let actual = match (left.literal, right.literal) {
                (_, true) => left.says(),
                (true, false) => right.says(),
                _ => format!("{}, and so is {}", left.says(), right.what),
            };
            Outcome::expect(!same(left, right), expected, actual)
        }
        CompareOp::Less | CompareOp::Greater => ordered(op, left, right, expected),
        CompareOp::SameSet => same_set(left, right, expected),
    }
}

/// Whether both sides read the same value (or the same list, in order).
fn same(left: &Reading, right: &Reading) -> bool {
    match (left.one(), right.one()) {
        (Some(a), Some(b)) => equal(a, b),
        _ => equal(
            &Value::Array(left.values.clone()),
            &Value::Array(right.values.clone()),
        ),
    }
}

/// Both sides' values (a literal side is already in the expectation), and
/// where two long texts first differ.
fn both(left: &Reading, right: &Reading, differ: bool) -> String {
    let mut parts = Vec::new();
    if !left.literal {
        parts.push(left.says());
    }
    if !right.literal {
        parts.push(right.says());
    }
    if differ {
        if let (Some(Value::String(a)), Some(Value::String(b))) = (left.one(), right.one()) {
            parts.extend(first_difference(a, b));
        }
    }
    parts.join("; ")
}

/// `less` and `greater`: both sides must be one number (or size) each.
fn ordered(op: CompareOp, left: &Reading, right: &Reading, expected: String) -> Outcome {
    let op_name = match op {
        CompareOp::Less => "less",
        _ => "greater",
    };
    let as_number = |side: &Reading| -> Result<f64, String> {
        match side.one() {
            Some(v) => number(v).ok_or_else(|| format!("{}, not a number", side.says())),
            None => Err(format!(
                "{} found {}, where `{op_name}` compares one number with one number",
                side.what,
                crate::words::count(side.values.len(), "value")
            )),
        }
    };
    let (a, b) = match (as_number(left), as_number(right)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(why), _) | (_, Err(why)) => {
            return Outcome::failed(expected, why);
        }
    };
    let ok = match op {
        CompareOp::Less => a < b,
        _ => a > b,
    };
    Outcome::expect(ok, expected, both(left, right, false))
}

/// `same_set`: the members of each side, order and repeats ignored.
fn same_set(left: &Reading, right: &Reading, expected: String) -> Outcome {
    let (l, r) = (left.members(), right.members());
    let only = |these: &[&Value], those: &[&Value]| -> Vec<Value> {
        let mut out: Vec<Value> = Vec::new();
        for v in these {
            if !those.iter().any(|w| equal(v, w)) && !out.iter().any(|o| equal(o, v)) {
                out.push((*v).clone());
            }
        }
        out
    };
    let (only_left, only_right) = (only(&l, &r), only(&r, &l));
    if only_left.is_empty() && only_right.is_empty() {
        return Outcome::Passed;
    }
    let mut parts = Vec::new();
    let name = |side: &Reading| match side.literal {
        true => "the list".to_string(),
        false => side.what.clone(),
    };
    if !only_left.is_empty() {
        parts.push(format!(
            "only in {}: {}",
            name(left),
            values::listed(&only_left)
        ));
    }
    if !only_right.is_empty() {
        parts.push(format!(
            "only in {}: {}",
            name(right),
            values::listed(&only_right)
        ));
    }
    for side in [left, right] {
        if !side.literal && side.members().is_empty() {
            parts.push(format!("{} finds no values", side.what));
        }
    }
    Outcome::failed(expected, parts.join("; "))
}

/// The advice when a container's `Image` is not the ID its image's tag
/// names now: the commonest comparison, and one a learner rarely expects
/// (rebuilding a tag does not change the containers made from it).
fn stale_container(c: &Comparison) -> Option<String> {
    let (container, image) = match (&c.left, &c.right) {
        (
            Source::Inspect {
                object: DockerObject::Container,
                name: n,
                query: q,
            },
            other,
        )
        | (
            other,
            Source::Inspect {
                object: DockerObject::Container,
                name: n,
                query: q,
            },
        ) => match other {
            Source::Inspect {
                object: DockerObject::Image,
                name: i,
                query: iq,
            } if q.as_str() == "Image" && iq.as_str() == "Id" => (n, i),
            _ => return None,
        },
        _ => return None,
    };
    (c.op == CompareOp::Equal).then(|| format!(
        "A container keeps the image it was created from, whatever its tag names later: remove `{container}` (`docker rm -f {container}`) and run it again from `{image}`."
    ))
}

/// How to look at each side that is not a literal.
fn look_hint(left: &Reading, right: &Reading) -> String {
    let looks: Vec<String> = [left, right]
        .iter()
        .filter_map(|s| s.look.as_ref().map(|l| format!("`{l}`")))
        .collect();
    match looks.as_slice() {
        [one] => format!("{one} shows the value this check reads."),
        _ => format!(
            "{} show the two values this check reads.",
            looks.join(" and ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn side(what: &str, values: Vec<Value>, many: bool) -> Reading {
        Reading {
            what: what.into(),
            values,
            many,
            text: false,
            literal: false,
            look: None,
        }
    }

    #[test]
    fn a_wildcard_of_one_equals_a_single_value() {
        let one = side("a", vec![json!("x")], true);
        let plain = side("b", vec![json!("x")], false);
        assert!(same(&one, &plain));
        let two = side("c", vec![json!("x"), json!("y")], true);
        assert!(!same(&two, &plain));
    }

    #[test]
    fn sets_name_what_each_side_has_alone() {
        let state = side(
            "ids in state",
            vec![json!("a"), json!("b"), json!("b")],
            true,
        );
        let running = side("ids running", vec![json!("b"), json!("c")], true);
        let (_, actual) = match same_set(&state, &running, "e".into()) {
            Outcome::Failed {
                expected, actual, ..
            } => (expected, actual),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            actual,
            "only in ids in state: `a`; only in ids running: `c`"
        );
        let list = side("l", vec![json!(["b", "a"])], false);
        let found = side("f", vec![json!("a"), json!("b")], true);
        assert!(same_set(&list, &found, "e".into()).is_passed());
    }

    #[test]
    fn less_and_greater_want_one_number_a_side() {
        let small = side("slim", vec![json!(5_000_000)], false);
        let big = side("full", vec![json!("20MB")], false);
        assert!(ordered(CompareOp::Less, &small, &big, "e".into()).is_passed());
        assert!(ordered(CompareOp::Greater, &small, &big, "e".into()).is_failed());
        let two = side("t", vec![json!(1), json!(2)], true);
        match ordered(CompareOp::Less, &two, &big, "e".into()) {
            Outcome::Failed { actual, .. } => assert_eq!(
                actual,
                "t found 2 values, where `less` compares one number with one number"
            ),
            other => panic!("{other:?}"),
        }
        let one = side("o", vec![json!(1)], true);
        assert!(ordered(CompareOp::Less, &one, &big, "e".into()).is_passed());
        let word = side("w", vec![json!("many")], false);
        match ordered(CompareOp::Less, &word, &big, "e".into()) {
            Outcome::Failed { actual, .. } => assert_eq!(actual, "w is `many`, not a number"),
            other => panic!("{other:?}"),
        }
    }
}
