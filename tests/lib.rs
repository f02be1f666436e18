//! Cross-crate end-to-end tests of stratmon live in this package's test
//! targets; the library itself is empty.
