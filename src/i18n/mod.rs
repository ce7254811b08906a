//! Where codes become words: one module per language, each the only place that language's
//! sentences for the wire's codes live. English is the one language so far; the interface
//! words of the product description are part of the product and stay exactly as they are.

pub mod en;

pub use en::*;
