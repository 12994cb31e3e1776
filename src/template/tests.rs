//! Conformance tests: Go's documented behaviour and docker's recorded output.
