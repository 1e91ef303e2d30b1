//! Rules of area endpoint.

use super::rules;

rules! {}
