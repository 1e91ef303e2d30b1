//! Rules of area vpc.

use super::rules;

rules! {}
