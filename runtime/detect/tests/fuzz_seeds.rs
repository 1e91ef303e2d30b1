//! The `event_features` fuzz target's body (`tests/support/decode_extract.rs`) over its seed
//! corpus (`fuzz/seeds/event_features`), on the stable toolchain: every seed, and every seed
//! cut short at each of a few points, must decode and extract without a panic and with the fast
//! paths agreeing with `serde_json`. Inputs the fuzzer found are kept among the seeds.

// Tests and benches: a panic is a failed run with its message, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/decode_extract.rs"]
mod decode_extract;

use std::path::Path;

#[test]
fn seeds_decode_and_extract_alike() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/event_features");
    let extractors = decode_extract::extractors();
    let mut seeds = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        seeds += 1;
        for cut in [data.len(), data.len() / 2, data.len() / 3, 1] {
            let input = &data[..cut.min(data.len())];
            let outcome =
                std::panic::catch_unwind(|| decode_extract::decode_extract(input, &extractors));
            assert!(
                outcome.is_ok(),
                "{} (first {cut} bytes) is a finding",
                path.display()
            );
        }
    }
    assert!(seeds >= 10, "only {seeds} seeds in {}", dir.display());
}
