//! Rules of area sinks.

use super::rules;

rules! {}
