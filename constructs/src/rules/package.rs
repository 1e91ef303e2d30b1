//! Rules of area package.

use super::rules;

rules! {}
