//! Turns serde's and toml's terse messages ("invalid type: integer `42`,
//! expected a string", "duplicate key") into sentences that name the field,
//! what it takes and how to fix it.

/// A TOML error about `field` in words a pack author can act on.
pub(crate) fn field_message(field: Option<&str>, message: &str) -> String {
    let message = message.trim_end();
    let named = |text: String| match field {
        Some(f) if !text.contains(&format!("`{f}`")) => format!("`{f}`: {text}"),
        _ => text,
    };
    if let Some(n) = oversized_integer(message) {
        let range = field.and_then(range_of).map_or_else(
            || "see the allowed ranges in docs/pack-format.md (\"Limits\")".to_string(),
            |r| format!("it is a whole number {r}"),
        );
        return named(format!("{n} is out of range; {range}"));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            let expected = plain_type(expected);
            let found = found.trim_end_matches(" as i128");
            return named(format!(
                "expected {expected}, found {found}; {}",
                type_fix(&expected)
            ));
        }
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            let expected = plain_type(expected);
            return named(format!("{found} is out of range; expected {expected}"));
        }
    }
    if message.starts_with("unknown field `") {
        let field = message.split('`').nth(1).unwrap_or("");
        return format!("{message}; remove `{field}` or fix its spelling");
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let missing = rest.split('`').next().unwrap_or("");
        return format!(
            "missing field `{missing}`; add `{missing} = ...` (see docs/pack-format.md)"
        );
    }
    if message.contains("untagged enum NumberOrText") {
        return named(
            "expected a whole number or a string of digits; write a number such as 80 or \"80/tcp\"".into(),
        );
    }
    if message.contains("untagged enum") {
        return named(
            "this value has the wrong shape; see docs/pack-format.md for what this field takes"
                .into(),
        );
    }
    if message.starts_with("unknown variant `") {
        return named(format!("{message}; use one of the values listed"));
    }
    named(message.to_string())
}

/// The integer of a "found integer `N`" message when it is too large for
/// any field (more than 18 digits, past what TOML holds).
fn oversized_integer(message: &str) -> Option<&str> {
    let n = message.split("integer `").nth(1)?.split('`').next()?;
    let digits = n.trim_start_matches(['-', '+']);
    (digits.len() > 18).then_some(n)
}

/// The allowed range of a numeric field, as docs/pack-format.md gives it.
fn range_of(field: &str) -> Option<&'static str> {
    Some(match field {
        "port" | "host_port" => "from 1 to 65535",
        "minutes" => "from 1 to 600",
        "status" => "from 100 to 599",
        "code" | "exit_code" => "from 0 to 255",
        "format" => "(this opslab reads format 1)",
        "at_least" | "at_least_lines" | "at_most" | "max_retries" | "count_at_least" => {
            "from 0 to 1000000"
        }
        _ => return None,
    })
}

/// serde's names for Rust types, in the words of a TOML file.
fn plain_type(expected: &str) -> String {
    let whole = |range: &str| format!("a whole number from {range}");
    match expected.trim() {
        "u8" => whole("0 to 255"),
        "u16" => whole("0 to 65535"),
        "u32" => whole("0 to 4294967295"),
        "u64" | "usize" => whole("0 upwards"),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "f32" | "f64" => "a number".into(),
        "a sequence" => "a list".into(),
        "a map" | "struct" => "a table".into(),
        other if other.starts_with("struct ") || other.starts_with("enum ") => "a table".into(),
        "a boolean" | "bool" => "true or false".into(),
        other => other.to_string(),
    }
}

fn type_fix(expected: &str) -> &'static str {
    if expected.contains("string") {
        "put the value in double quotes"
    } else if expected.contains("whole number") {
        "write a whole number without quotes"
    } else if expected.contains("number") {
        "write a number without quotes"
    } else if expected.contains("list") {
        "write a list in brackets, such as [\"a\", \"b\"] (for a list of tables such as checks and stages, write each as [[check]] or [[stage]], with double brackets)"
    } else if expected.contains("true or false") {
        "write true or false without quotes"
    } else if expected.contains("table") {
        "write a table, such as { name = \"value\" }"
    } else {
        "see docs/pack-format.md for what this field takes"
    }
}

/// The key named by a toml error's "in `a.b.c`" trailer, outermost first.
pub(crate) fn error_keys(err: &toml::de::Error) -> Vec<String> {
    let text = err.to_string();
    text.lines()
        .rev()
        .find_map(|line| line.strip_prefix("in `")?.strip_suffix('`'))
        .map(|keys| keys.split('.').map(str::to_string).collect())
        .unwrap_or_default()
}

/// The key whose value is at byte `offset` of `text` (the nearest
/// `key =` before it on its line), or the line's first key when the offset
/// is at a key.
pub(crate) fn key_at(text: &str, offset: usize) -> Option<&str> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let is_key = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let before = &text[start..offset];
    if let Some(eq) = before.rfind('=') {
        let head = before[..eq].trim_end();
        let key_start = head.rfind(|c: char| !is_key(c)).map(|i| i + 1).unwrap_or(0);
        let key = &head[key_start..];
        if !key.is_empty() {
            return Some(key);
        }
    }
    let line = text[start..].lines().next()?;
    // A `[table]` header (not `[[list]]`): the table's name.
    if let Some(name) = line
        .trim()
        .strip_prefix('[')
        .and_then(|l| l.strip_suffix(']'))
    {
        let name = name.trim();
        return (!name.starts_with('[') && !name.is_empty() && name.chars().all(is_key))
            .then_some(name);
    }
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    (!key.is_empty() && key.chars().all(is_key)).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_type_names_the_field_the_type_and_the_fix() {
        let m = field_message(
            Some("path"),
            "invalid type: integer `42`, expected a string",
        );
        assert_eq!(
            m,
            "`path`: expected a string, found integer `42`; put the value in double quotes"
        );
    }

    #[test]
    fn keys_come_from_the_line() {
        assert_eq!(key_at("a = 1\nport = 70000\n", 8), Some("port"));
        assert_eq!(key_at("[[check]]\n", 2), None);
        let inline = "resources = { containers = \"web\" }";
        assert_eq!(
            key_at(inline, inline.find("\"web").unwrap()),
            Some("containers")
        );
    }
}

#[cfg(test)]
mod rust_names {
    use super::field_message;

    #[test]
    fn rust_type_names_do_not_reach_the_author() {
        for (field, raw) in [
            (
                "port",
                "data did not match any variant of untagged enum NumberOrText",
            ),
            (
                "workspace",
                "invalid type: string \"init\", expected struct WorkspaceSpec",
            ),
            (
                "header",
                "invalid type: string \"X-Foo\", expected struct HeaderExpectation",
            ),
        ] {
            let m = field_message(Some(field), raw);
            assert!(!m.contains("struct") && !m.contains("enum"), "{m}");
            assert!(m.contains(&format!("`{field}`")), "{m}");
        }
    }
}
