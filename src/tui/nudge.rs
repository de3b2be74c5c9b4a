//! Gentle nudges drawn from what the learner does: several labs started
//! and none with a check the learner's work turned green suggests starting
//! smaller.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::model::{LabStatus, ProgressView};
use crate::pack::{Lab, Pack};

/// Labs started without any green check before the smallest one is suggested.
pub const OPENED_BEFORE_NUDGE: usize = 3;

/// When several labs were started (their workspace made, or checked: only
/// reading a lab does not count) and in none has the learner's work turned
/// a check green yet ([`first_own_green`](super::model::first_own_green)), the
/// smallest lab that can be done now (index into `pack.labs`).
pub fn smallest_when_stuck(pack: &Pack, progress: &ProgressView) -> Option<usize> {
    let opened = progress.labs.values().filter(|p| p.is_started()).count();
    let any_green = progress
        .labs
        .values()
        .any(|p| p.first_green.is_some() || p.is_done());
    if opened < OPENED_BEFORE_NUDGE || any_green {
        return None;
    }
    pack.labs
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            matches!(
                progress.status(pack, &l.id),
                LabStatus::Available | LabStatus::InProgress
            )
        })
        .min_by_key(|(i, l)| (l.minutes, *i))
        .map(|(i, _)| i)
}

/// The first paragraph of a lab's brief as plain text: its first step.
pub fn first_step(lab: &Lab) -> String {
    let mut text = String::new();
    let mut in_paragraph = false;
    for event in Parser::new(&lab.brief) {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if !text.is_empty() => break,
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            Event::Text(t) | Event::Code(t) if in_paragraph => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    if text.is_empty() {
        lab.summary.clone()
    } else {
        text
    }
}
