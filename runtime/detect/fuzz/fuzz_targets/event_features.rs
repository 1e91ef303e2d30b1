//! Fuzzes the Kafka event decoder and the feature extractor, each against its `serde_json`
//! reference (the body is `tests/support/decode_extract.rs`, which `tests/fuzz_seeds.rs` also
//! runs over the seeds on stable).
//!
//! Run (nightly; cargo-fuzz installed into the git-ignored `.ci/cache/cargo-bin`), from
//! `runtime/detect/`:
//!
//! ```text
//! cargo +nightly install cargo-fuzz --locked --root ../../.ci/cache/cargo-bin
//! PATH=$PWD/../../.ci/cache/cargo-bin/bin:$PATH cargo +nightly fuzz run event_features \
//!     fuzz/corpus/event_features fuzz/seeds/event_features -- -max_total_time=300
//! ```
//!
//! New inputs go to `fuzz/corpus` (git-ignored), crashes to `fuzz/artifacts`; copy a crash into
//! `fuzz/seeds/event_features` to keep it as a regression test.

#![no_main]

#[path = "../../tests/support/decode_extract.rs"]
mod decode_extract;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use detect::features::FeatureExtractor;

static EXTRACTORS: OnceLock<Vec<FeatureExtractor>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    decode_extract::decode_extract(data, EXTRACTORS.get_or_init(decode_extract::extractors));
});
