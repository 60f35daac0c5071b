//! Evaluation against gold files: UD tokenization (CoNLL 2018), NER (conlleval), claims.

pub mod claims;
pub mod ner;
pub mod tokens;
