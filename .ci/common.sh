# shellcheck shell=bash disable=SC2034 # the variables are used by the scripts that source this
# Sourced by the .ci scripts: where things live, and two small helpers.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LINT_VENV=$ROOT/.venv-lint     # cfn-lint, checkov, shellcheck
MOTO_VENV=$ROOT/.venv-moto     # moto server, AWS CLI v1
LAMBDA_VENV=$ROOT/.venv-lambda # cargo-lambda, zig
# Symlinks to exactly the pinned tools tests may call (cfn-lint, checkov, aws, ...). Putting this
# on PATH instead of a venv's bin/ keeps the venvs' own `python3` from shadowing the system one.
TOOLS_BIN=$ROOT/.ci/cache/bin
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
# CI builds from clean: incremental caches would only take disk (gigabytes over a full run).
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
# The Kafka broker the local event source's tests run against: tansu from crates.io, pinned,
# installed by .ci/setup with `cargo install --root` into this git-ignored directory (the
# `dynostore` feature is its storage engine: without it the broker exits at start).
TANSU_VERSION=0.6.0
TANSU_ROOT=$ROOT/.ci/cache/cargo-bin
TANSU=$TANSU_ROOT/bin/tansu
# cfn-guard for .ci/guard-registry (the AWS Guard Rules Registry's runner): crates.io, pinned to
# the version the registry run is specified with, installed by that script with
# `cargo install --root` into this git-ignored directory the first time it is needed.
CFN_GUARD_VERSION=3.2.1
CFN_GUARD_ROOT=$ROOT/.ci/cache/cfn-guard

# Microseconds since the epoch (bash 5's EPOCHREALTIME without its decimal point).
now_us() { echo "${EPOCHREALTIME//[.,]/}"; }

# Seconds since a now_us timestamp, as "12.3s".
since() {
    local ms=$((($(now_us) - $1) / 1000))
    printf '%d.%ds' $((ms / 1000)) $((ms % 1000 / 100))
}
