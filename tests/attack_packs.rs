//! Hostile and malformed packs, generated into temporary folders and handed
//! to the real binary: `pack validate DIR`, `--pack DIR list` and, where the
//! starter matters, `--pack DIR start LAB`. Every one must end (a run that
//! takes 20 s is a hang), exit 2, name the file at fault with the fix, never
//! panic, and change nothing outside its own temporary folders.

mod pack_attack;

use pack_attack::{cases, Case, Kind};

fn run_kind(kind: Kind) {
    let corpus: Vec<Case> = cases().into_iter().filter(|c| c.kind == kind).collect();
    assert!(!corpus.is_empty(), "no cases of kind {kind:?}");
    let failures: Vec<String> = corpus.iter().filter_map(|c| c.attack().err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} packs were not refused properly:\n\n{}",
        failures.len(),
        corpus.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_corpus_holds_at_least_80_hostile_packs_of_every_kind() {
    let all = cases();
    assert!(all.len() >= 80, "only {} packs", all.len());
    let mut names: Vec<&str> = all.iter().map(|c| c.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), all.len(), "case names must be unique");
}

#[test]
fn fifos_sockets_and_devices_are_refused_without_being_read() {
    run_kind(Kind::SpecialFile);
}

#[test]
fn links_leaving_the_pack_looping_or_dangling_are_refused_by_validate_and_start() {
    run_kind(Kind::Link);
}

#[test]
fn oversized_non_utf8_and_misplaced_files_are_refused_with_the_limit_or_fix() {
    run_kind(Kind::FileShape);
}

#[test]
fn numbers_out_of_range_are_load_errors_at_their_line_with_the_range() {
    run_kind(Kind::Range);
}

#[test]
fn wrong_types_name_the_field_at_its_own_line_and_the_fix() {
    run_kind(Kind::Type);
}

#[test]
fn duplicate_unknown_and_missing_keys_are_named() {
    run_kind(Kind::Keys);
}

#[test]
fn broken_prerequisites_and_labs_are_reported_once_without_follow_on_errors() {
    run_kind(Kind::Structure);
}

#[test]
fn branching_links_and_files_adding_up_past_the_limits_are_refused_quickly() {
    run_kind(Kind::Walk);
}

#[test]
fn too_many_labs_list_items_or_no_labs_are_refused_with_the_limit() {
    run_kind(Kind::Limit);
}

#[test]
fn control_characters_in_pack_text_and_briefs_are_refused_at_their_line() {
    run_kind(Kind::Text);
}

#[test]
fn blank_ids_and_titles_and_unusable_resource_names_are_refused() {
    run_kind(Kind::Names);
}
