//! `AWS::SecretsManager::*` resource types (filled in by the construct that emits them).
