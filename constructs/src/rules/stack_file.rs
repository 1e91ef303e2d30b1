//! Rules of area stack_file.

use super::rules;

rules! {}
