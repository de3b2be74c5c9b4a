//! Learner workspaces: one git repository per lab, created from the starter files.
