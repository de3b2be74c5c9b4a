//! JSON Schema for the types the loader reads by hand: a type read from a
//! raw table (`#[serde(try_from = "Raw")]`) has the raw table's schema, and
//! a type read from a string (a path, a regex, a duration) is a string with
//! a description. The schema is generated from the loader's own types so
//! it never drifts from what loads (see `pack::schema`).

/// `impl JsonSchema for $ty` with the schema of `$raw`, the table it is
/// read from.
macro_rules! schema_from {
    ($ty:ty, $raw:ty) => {
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }
            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                <$raw as schemars::JsonSchema>::json_schema(generator)
            }
        }
    };
}

/// `impl JsonSchema for $ty`: a string described by `$what`.
macro_rules! string_schema {
    ($ty:ty, $what:expr) => {
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "description": $what })
            }
        }
    };
}

/// `impl JsonSchema for $ty`: a number or a string, described by `$what`.
macro_rules! number_or_string_schema {
    ($ty:ty, $what:expr) => {
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": ["integer", "string"], "description": $what })
            }
        }
    };
}

pub(crate) use {number_or_string_schema, schema_from, string_schema};
