//! Headless commands: human and JSON output, exit codes.
