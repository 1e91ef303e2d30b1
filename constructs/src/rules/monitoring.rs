//! Rules of area monitoring.

use super::rules;

rules! {}
