//! E10xx: what `synth --code-zip` and `synth --model` check in the files they are given: the
//! function package and the architecture it is built for, and whether a model file has a
//! function to go to. A model the functions would refuse at cold start (missing from the
//! package, not a model, other features) breaks the contract's rules E0817 and E0818.

use super::rules;

const REBUILD: &str = "build it with `cargo lambda build --release --output-format zip` (add \
                       --arm64 for Graviton)";

rules! {
    /// `--code-zip` is not a readable zip archive.
    PACKAGE_NOT_ZIP = "E1001" => {
        title: "--code-zip is not a zip archive",
        checks: "Lambda deploys a .zip file archive; `synth` reads its entries to derive the \
                 content-addressed S3 key and the architecture, and refuses a file that is not \
                 a readable zip.",
        example: "synth --code-zip target/lambda/anomaly-function/bootstrap",
        fix: REBUILD,
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-function-zip.html",
    }
    /// No `bootstrap` at the package's root.
    PACKAGE_WITHOUT_BOOTSTRAP = "E1002" => {
        title: "the package has no `bootstrap` at its root",
        checks: "The function runs on the OS-only runtime (provided.al2023), which starts the \
                 executable named `bootstrap` at the root of the package.",
        example: "synth --code-zip handler.zip   # holds anomaly-function, not bootstrap",
        fix: REBUILD,
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html",
    }
    /// `bootstrap` is not a Linux executable Lambda runs.
    BOOTSTRAP_NOT_EXECUTABLE = "E1003" => {
        title: "the package's `bootstrap` is not a 64-bit Linux executable for x86_64 or arm64",
        checks: "Lambda runs 64-bit little-endian ELF executables for x86_64 or arm64; a script, \
                 a macOS or Windows binary, or another machine's build would fail at the first \
                 invocation.",
        example: "synth --code-zip dist/bootstrap.zip   # built with plain `cargo build` on macOS",
        fix: REBUILD,
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html",
    }
    /// `--architecture` contradicts the package's binary.
    ARCHITECTURE_MISMATCH = "E1004" => {
        title: "--architecture contradicts the architecture of the package's `bootstrap`",
        checks: "The function's Architectures must match the instruction set its `bootstrap` \
                 is built for; `synth` reads it from the ELF header and refuses a flag that says \
                 otherwise.",
        example: "synth --code-zip bootstrap.zip --architecture arm64   # bootstrap is x86_64",
        fix: "drop --architecture, or rebuild the zip for the architecture you want",
        docs: "https://docs.aws.amazon.com/lambda/latest/dg/foundation-arch.html",
    }
    /// `--model` given, but no function reads its model from S3.
    MODEL_UNUSED = "E1005" => {
        title: "--model is given, but no function of the stack reads its model from S3",
        checks: "`--model` checks the model file against the functions whose embedded scorer \
                 reads it from S3 and prints where to upload it; with no such function the file \
                 would go nowhere. A model bundled in the package is checked in --code-zip.",
        example: "synth --config stack.yaml --code-zip bootstrap.zip --model model.json   # the scorer is an endpoint",
        fix: "give a function `scorer: {embedded: {model: {s3: ...}}}`, or drop --model",
        docs: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html",
    }
}
