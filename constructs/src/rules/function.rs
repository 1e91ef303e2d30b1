//! Rules of area function.

use super::rules;

rules! {}
