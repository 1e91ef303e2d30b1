//! Rules of area stack.

use super::rules;

rules! {}
