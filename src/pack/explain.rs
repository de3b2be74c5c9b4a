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
    if message.starts_with("unknown variant `") {
        return named(format!("{message}; use one of the values listed"));
    }
    named(message.to_string())
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
        "write a list in brackets, such as [\"a\", \"b\"]"
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
