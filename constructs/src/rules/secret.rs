//! Rules of area secret.

use super::rules;

rules! {}
