//! Docker's output formatting: tables, humanized durations and sizes, ports.
