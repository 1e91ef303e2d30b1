//! `AWS::EC2::*` resource types (filled in by the construct that emits them).
