//! Constructs made one of several ways: exactly one of the ways must be given.

use super::Validator;

/// Records that exactly one of `keys` (the ways a construct is made, each a stack-file key)
/// must be given; `given` are those that were. Only a stack file can break this: the Rust
/// constructors each set one.
pub fn exactly_one(v: &mut Validator<'_>, keys: &[&str], given: &[&str]) {
    let list = keys
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match given {
        [] => v.error(
            &crate::rules::stack_file::EXACTLY_ONE,
            &keys.join(" | "),
            None,
            format!("needs one of {list}; none is given"),
            format!("add one of {list}"),
        ),
        [first, second, ..] => v.error(
            &crate::rules::stack_file::EXACTLY_ONE,
            second,
            None,
            format!("cannot be combined with `{first}`: give exactly one of {list}"),
            format!("keep exactly one of {list}"),
        ),
        [_] => {}
    }
}
