//! `dockerfile.instruction` and `dockerfile.order`: Dockerfile instructions
//! named the way an author writes them (`COPY requirements.txt .`), checked
//! when the lab is loaded.

use std::fmt;

use serde::de::{Deserialize, Deserializer, Error};

use crate::pack::types::{Pattern, RelPath};

/// The instructions Docker knows; anything else in `instruction` is a typo.
const KEYWORDS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// An instruction as an author names it: `COPY`, `COPY requirements.txt .`,
/// `COPY --chown=app . .`. Flags (`--x=y`) the author writes must be on the
/// instruction; operands, when given, must be exactly the instruction's
/// (flags it has beyond the author's do not matter).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstructionSpec {
    /// The keyword in upper case.
    pub keyword: String,
    /// `--name=value` flags, as written.
    pub flags: Vec<String>,
    /// The operands; empty means "any".
    pub operands: Vec<String>,
    text: String,
}

impl InstructionSpec {
    /// Parses `KEYWORD [--flag...] [operands...]`; operands may be a JSON
    /// list (`CMD ["python", "app.py"]`).
    pub fn parse(text: &str) -> Result<InstructionSpec, String> {
        let trimmed = text.trim();
        let (keyword, rest) = trimmed
            .split_once(char::is_whitespace)
            .unwrap_or((trimmed, ""));
        let keyword = keyword.to_ascii_uppercase();
        if keyword.is_empty() {
            return Err("the instruction is empty; write one such as \"COPY requirements.txt .\" or \"CMD\"".into());
        }
        if !KEYWORDS.contains(&keyword.as_str()) {
            return Err(format!(
                "{keyword:?} is not a Dockerfile instruction; use one of {}",
                KEYWORDS.join(", ")
            ));
        }
        if keyword == "FROM" {
            return Err("FROM starts a stage rather than being an instruction in one; use `dockerfile.base` or `dockerfile.stages`".into());
        }
        let (flags, operands) = split_words(&keyword, rest.trim());
        Ok(InstructionSpec {
            keyword,
            flags,
            operands,
            text: trimmed.to_string(),
        })
    }
}

/// Whether `keyword` takes `--flags` before its operands (`COPY --from=`,
/// `RUN --mount=`); for the others (`CMD --port 80`) a leading `--word` is
/// an operand.
pub fn takes_flags(keyword: &str) -> bool {
    matches!(keyword, "ADD" | "COPY" | "RUN" | "HEALTHCHECK")
}

/// Splits the arguments of a `keyword` instruction into leading `--flags`
/// and operands: a JSON list of strings is one operand per item, anything
/// else is split on white space.
pub fn split_words(keyword: &str, args: &str) -> (Vec<String>, Vec<String>) {
    let mut flags = Vec::new();
    let mut rest = args.trim_start();
    while takes_flags(keyword) && rest.starts_with("--") {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        flags.push(rest[..end].to_string());
        rest = rest[end..].trim_start();
    }
    let operands = match serde_json::from_str::<Vec<String>>(rest) {
        Ok(list) if rest.starts_with('[') => list,
        _ => rest.split_whitespace().map(str::to_string).collect(),
    };
    (flags, operands)
}

impl fmt::Display for InstructionSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for InstructionSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        InstructionSpec::parse(&text).map_err(D::Error::custom)
    }
}

/// The two ways to write CMD, ENTRYPOINT and RUN.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ShellForm {
    /// A JSON list: `CMD ["python", "app.py"]`, run without a shell.
    Exec,
    /// Plain words: `CMD python app.py`, run by `/bin/sh -c`.
    Shell,
}

impl fmt::Display for ShellForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ShellForm::Exec => "exec form",
            ShellForm::Shell => "shell form",
        })
    }
}

/// Which stage a check looks in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StageChoice {
    /// The last stage (what `docker build` makes without `--target`).
    Final,
    /// The stage named `AS name` (case-insensitive).
    Named(String),
    /// Every stage (`stage = "*"`), for rules such as "no ADD of a URL".
    Every,
}

impl StageChoice {
    fn from_field(stage: Option<String>) -> StageChoice {
        match stage.as_deref().map(str::trim) {
            None => StageChoice::Final,
            Some("*") => StageChoice::Every,
            Some(name) => StageChoice::Named(name.to_string()),
        }
    }
}

impl fmt::Display for StageChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StageChoice::Final => f.write_str("the final stage"),
            StageChoice::Named(n) => write!(f, "stage `{n}`"),
            StageChoice::Every => f.write_str("any stage"),
        }
    }
}

/// `dockerfile.instruction`, validated.
#[derive(Clone, Debug)]
pub struct InstructionCheck {
    pub path: RelPath,
    pub stage: StageChoice,
    pub instruction: InstructionSpec,
    /// A pattern the operands (joined by spaces, flags left out) match.
    pub matches: Option<Pattern>,
    pub form: Option<ShellForm>,
    /// The stage a `COPY --from=` copies from.
    pub from: Option<String>,
    /// `true`: some instruction fits; `false`: none does.
    pub present: bool,
    /// Every instruction of the keyword fits (none at all passes too).
    pub every: bool,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawInstruction {
    #[serde(default = "super::dockerfile")]
    path: RelPath,
    stage: Option<String>,
    instruction: InstructionSpec,
    matches: Option<Pattern>,
    form: Option<ShellForm>,
    from: Option<String>,
    #[serde(default = "yes")]
    present: bool,
    #[serde(default)]
    every: bool,
}

fn yes() -> bool {
    true
}

impl<'de> Deserialize<'de> for InstructionCheck {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawInstruction::deserialize(d)?;
        let keyword = raw.instruction.keyword.as_str();
        if raw.form.is_some() && !matches!(keyword, "CMD" | "ENTRYPOINT" | "RUN") {
            return Err(D::Error::custom(format!(
                "`form` applies to CMD, ENTRYPOINT and RUN, not {keyword}; remove `form`"
            )));
        }
        if raw.from.is_some() && keyword != "COPY" {
            return Err(D::Error::custom(format!(
                "`from` is the stage a `COPY --from=` copies from, not something {keyword} has; write `instruction = \"COPY\"` or remove `from`"
            )));
        }
        if raw.every && !raw.present {
            return Err(D::Error::custom(
                "`every = true` asks that every instruction fits, `present = false` that none does; keep one of them",
            ));
        }
        Ok(InstructionCheck {
            every: raw.every,
            path: raw.path,
            stage: StageChoice::from_field(raw.stage),
            instruction: raw.instruction,
            matches: raw.matches,
            form: raw.form,
            from: raw.from,
            present: raw.present,
        })
    }
}

impl InstructionCheck {
    /// What the instruction must look like, in words: "COPY --from=`builder`",
    /// "CMD in exec form", "ADD matching ^https?://".
    pub fn wanted(&self) -> String {
        let mut text = format!("`{}`", self.instruction);
        if let Some(from) = &self.from {
            text.push_str(&format!(" copying from stage `{from}`"));
        }
        if let Some(form) = self.form {
            text.push_str(&format!(" in {form}"));
        }
        if let Some(p) = &self.matches {
            text.push_str(&format!(" with arguments matching {p}"));
        }
        text
    }

    pub fn describe(&self) -> String {
        let (path, wanted) = (&self.path, self.wanted());
        if self.every {
            return self.describe_every();
        }
        match (&self.stage, self.present) {
            (StageChoice::Every, true) => format!("some stage of `{path}` has {wanted}"),
            (StageChoice::Every, false) => format!("no stage of `{path}` has {wanted}"),
            (stage, true) => format!("{stage} of `{path}` has {wanted}"),
            (stage, false) => format!("{stage} of `{path}` has no {wanted}"),
        }
    }
}

impl InstructionCheck {
    /// "every ADD in `Dockerfile` has arguments matching /.../".
    fn describe_every(&self) -> String {
        let spec = &self.instruction;
        let mut demands = Vec::new();
        if !spec.flags.is_empty() || !spec.operands.is_empty() {
            demands.push(format!("is `{spec}`"));
        }
        if let Some(from) = &self.from {
            demands.push(format!("copies from stage `{from}`"));
        }
        if let Some(form) = self.form {
            demands.push(format!("is in {form}"));
        }
        if let Some(p) = &self.matches {
            demands.push(format!("has arguments matching {p}"));
        }
        let scope = match &self.stage {
            StageChoice::Every => format!("`{}`", self.path),
            stage => format!("{stage} of `{}`", self.path),
        };
        format!(
            "every {} in {scope} {}",
            spec.keyword,
            demands.join(" and ")
        )
        .trim_end()
        .to_string()
    }
}

/// `dockerfile.order`, validated: `first` comes before `then`.
#[derive(Clone, Debug)]
pub struct InstructionOrder {
    pub path: RelPath,
    pub stage: StageChoice,
    pub first: InstructionSpec,
    pub then: InstructionSpec,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawOrder {
    #[serde(default = "super::dockerfile")]
    path: RelPath,
    stage: Option<String>,
    first: InstructionSpec,
    then: InstructionSpec,
}

impl<'de> Deserialize<'de> for InstructionOrder {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawOrder::deserialize(d)?;
        let stage = StageChoice::from_field(raw.stage);
        if stage == StageChoice::Every {
            return Err(D::Error::custom(
                "order is judged within one stage; name it with `stage = \"builder\"` or leave `stage` out for the final stage",
            ));
        }
        if raw.first == raw.then {
            return Err(D::Error::custom(format!(
                "`first` and `then` are both {:?}; name two different instructions",
                raw.first.text
            )));
        }
        Ok(InstructionOrder {
            path: raw.path,
            stage,
            first: raw.first,
            then: raw.then,
        })
    }
}

impl InstructionOrder {
    pub fn describe(&self) -> String {
        format!(
            "in {} of `{}`, `{}` comes before `{}`",
            self.stage, self.path, self.first, self.then
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_split_flags_and_operands() {
        let s = InstructionSpec::parse("copy --chown=app requirements.txt .").unwrap();
        assert_eq!(s.keyword, "COPY");
        assert_eq!(s.flags, ["--chown=app"]);
        assert_eq!(s.operands, ["requirements.txt", "."]);
        let s = InstructionSpec::parse(r#"CMD ["python", "app.py"]"#).unwrap();
        assert_eq!(s.operands, ["python", "app.py"]);
        assert!(InstructionSpec::parse("CMD").unwrap().operands.is_empty());
    }

    #[test]
    fn unknown_keywords_and_from_are_refused() {
        assert!(InstructionSpec::parse("COPPY . .")
            .unwrap_err()
            .contains("not a Dockerfile instruction"));
        assert!(InstructionSpec::parse("FROM alpine")
            .unwrap_err()
            .contains("dockerfile.base"));
        assert!(InstructionSpec::parse("  ").unwrap_err().contains("empty"));
    }
}

crate::pack::schema_support::string_schema!(
    InstructionSpec,
    r#"a Dockerfile instruction keyword, optionally with arguments, e.g. `USER` or `COPY --from=build`"#
);
crate::pack::schema_support::schema_from!(InstructionCheck, RawInstruction);
crate::pack::schema_support::schema_from!(InstructionOrder, RawOrder);
