//! Rules of area kafka.

use super::rules;

rules! {}
