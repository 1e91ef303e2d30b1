//! References between constructs of a stack file: a construct names another by its id
//! (`scorer: Scorer`, `sources: [AppLogs]`, `auth: {scram_512: BrokerCredentials}`), and
//! `{get_att: Construct.attribute}` reads an attribute of its handle.

use crate::construct::Handle;
use crate::endpoint::RcfEndpoint;
use crate::function::AnomalyFunction;
use crate::kafka::KafkaSource;
use crate::monitoring::Monitoring;
use crate::secret::{MtlsSecret, OAuthSecret, RootCaSecret, SaslSecret};
use crate::sinks::{AlertTopic, AnomalyTable, Queue};
use crate::value::Value;
use crate::vpc::Vpc;

/// The kinds of construct a file declares, one section each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `sasl_secrets`
    SaslSecret,
    /// `mtls_secrets`
    MtlsSecret,
    /// `root_ca_secrets`
    RootCaSecret,
    /// `oauth_secrets`
    OAuthSecret,
    /// `vpcs`
    Vpc,
    /// `queues`
    Queue,
    /// `anomaly_tables`
    AnomalyTable,
    /// `alert_topics`
    AlertTopic,
    /// `endpoints`
    RcfEndpoint,
    /// `kafka_sources`
    KafkaSource,
    /// `functions`
    AnomalyFunction,
    /// `monitoring`
    Monitoring,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 12] = [
        Kind::SaslSecret,
        Kind::MtlsSecret,
        Kind::RootCaSecret,
        Kind::OAuthSecret,
        Kind::Vpc,
        Kind::Queue,
        Kind::AnomalyTable,
        Kind::AlertTopic,
        Kind::RcfEndpoint,
        Kind::KafkaSource,
        Kind::AnomalyFunction,
        Kind::Monitoring,
    ];

    /// The construct kind, as messages name it (`KafkaSource`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::SaslSecret => "SaslSecret",
            Kind::MtlsSecret => "MtlsSecret",
            Kind::RootCaSecret => "RootCaSecret",
            Kind::OAuthSecret => "OAuthSecret",
            Kind::Vpc => "Vpc",
            Kind::Queue => "Queue",
            Kind::AnomalyTable => "AnomalyTable",
            Kind::AlertTopic => "AlertTopic",
            Kind::RcfEndpoint => "RcfEndpoint",
            Kind::KafkaSource => "KafkaSource",
            Kind::AnomalyFunction => "AnomalyFunction",
            Kind::Monitoring => "Monitoring",
        }
    }

    /// The file section that declares constructs of this kind.
    pub fn section(self) -> &'static str {
        match self {
            Kind::SaslSecret => "sasl_secrets",
            Kind::MtlsSecret => "mtls_secrets",
            Kind::RootCaSecret => "root_ca_secrets",
            Kind::OAuthSecret => "oauth_secrets",
            Kind::Vpc => "vpcs",
            Kind::Queue => "queues",
            Kind::AnomalyTable => "anomaly_tables",
            Kind::AlertTopic => "alert_topics",
            Kind::RcfEndpoint => "endpoints",
            Kind::KafkaSource => "kafka_sources",
            Kind::AnomalyFunction => "functions",
            Kind::Monitoring => "monitoring",
        }
    }

    /// The kind whose section is `section`.
    pub fn from_section(section: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.section() == section)
    }

    /// The attributes `{get_att: Id.attribute}` can read from a construct of this kind.
    pub fn attributes(self) -> &'static [&'static str] {
        match self {
            Kind::SaslSecret | Kind::MtlsSecret | Kind::RootCaSecret | Kind::OAuthSecret => {
                &["arn"]
            }
            Kind::Vpc => &["vpc_id", "subnet_ids", "security_group_ids"],
            Kind::Queue => &["queue_url", "queue_arn"],
            Kind::AnomalyTable => &["table_name", "table_arn"],
            Kind::AlertTopic => &["topic_arn"],
            Kind::RcfEndpoint => &["endpoint_name", "arn"],
            Kind::KafkaSource => &["mapping_id"],
            Kind::AnomalyFunction => &[
                "function_name",
                "function_arn",
                "role_arn",
                "log_group_name",
            ],
            Kind::Monitoring => &["dashboard_name"],
        }
    }
}

/// The handle of a construct built from the file.
#[derive(Debug, Clone)]
pub(crate) enum AnyHandle {
    SaslSecret(Handle<SaslSecret>),
    MtlsSecret(Handle<MtlsSecret>),
    RootCaSecret(Handle<RootCaSecret>),
    OAuthSecret(Handle<OAuthSecret>),
    Vpc(Handle<Vpc>),
    Queue(Handle<Queue>),
    AnomalyTable(Handle<AnomalyTable>),
    AlertTopic(Handle<AlertTopic>),
    RcfEndpoint(Handle<RcfEndpoint>),
    KafkaSource(Handle<KafkaSource>),
    AnomalyFunction(Handle<AnomalyFunction>),
    Monitoring(Handle<Monitoring>),
}

impl AnyHandle {
    /// A handle of `kind` for `id` that is in no stack: it stands for a construct that could
    /// not be built while the entries referring to it are read again for their own problems,
    /// and is never synthesized.
    pub(crate) fn stand_in(kind: Kind, id: &str) -> AnyHandle {
        let scope = crate::scope::Scope::root(id);
        let function =
            || crate::function::AnomalyFunction::new(crate::function::FunctionCode::s3("", ""));
        match kind {
            Kind::SaslSecret => AnyHandle::SaslSecret(Handle::new(scope, SaslSecret::import(""))),
            Kind::MtlsSecret => AnyHandle::MtlsSecret(Handle::new(scope, MtlsSecret::import(""))),
            Kind::RootCaSecret => {
                AnyHandle::RootCaSecret(Handle::new(scope, RootCaSecret::import("")))
            }
            Kind::OAuthSecret => {
                AnyHandle::OAuthSecret(Handle::new(scope, OAuthSecret::import("")))
            }
            Kind::Vpc => AnyHandle::Vpc(Handle::new(scope, Vpc::create())),
            Kind::Queue => AnyHandle::Queue(Handle::new(scope, Queue::new())),
            Kind::AnomalyTable => AnyHandle::AnomalyTable(Handle::new(scope, AnomalyTable::new())),
            Kind::AlertTopic => AnyHandle::AlertTopic(Handle::new(scope, AlertTopic::new())),
            Kind::RcfEndpoint => {
                AnyHandle::RcfEndpoint(Handle::new(scope, RcfEndpoint::existing("")))
            }
            Kind::KafkaSource => {
                AnyHandle::KafkaSource(Handle::new(scope, KafkaSource::msk("", "")))
            }
            Kind::AnomalyFunction => AnyHandle::AnomalyFunction(Handle::new(scope, function())),
            Kind::Monitoring => {
                let function = Handle::new(crate::scope::Scope::root(id), function());
                AnyHandle::Monitoring(Handle::new(scope, Monitoring::new(&function)))
            }
        }
    }

    /// The typed handle inside, for a caller that knows which type to expect.
    pub(crate) fn into_any(self) -> Box<dyn std::any::Any> {
        match self {
            AnyHandle::SaslSecret(h) => Box::new(h),
            AnyHandle::MtlsSecret(h) => Box::new(h),
            AnyHandle::RootCaSecret(h) => Box::new(h),
            AnyHandle::OAuthSecret(h) => Box::new(h),
            AnyHandle::Vpc(h) => Box::new(h),
            AnyHandle::Queue(h) => Box::new(h),
            AnyHandle::AnomalyTable(h) => Box::new(h),
            AnyHandle::AlertTopic(h) => Box::new(h),
            AnyHandle::RcfEndpoint(h) => Box::new(h),
            AnyHandle::KafkaSource(h) => Box::new(h),
            AnyHandle::AnomalyFunction(h) => Box::new(h),
            AnyHandle::Monitoring(h) => Box::new(h),
        }
    }

    /// The value of `attribute` (one of [`Kind::attributes`]).
    pub(crate) fn attribute(&self, attribute: &str) -> Option<Value> {
        Some(match (self, attribute) {
            (AnyHandle::SaslSecret(h), "arn") => h.arn(),
            (AnyHandle::MtlsSecret(h), "arn") => h.arn(),
            (AnyHandle::RootCaSecret(h), "arn") => h.arn(),
            (AnyHandle::OAuthSecret(h), "arn") => h.arn(),
            (AnyHandle::Vpc(h), "vpc_id") => h.vpc_id(),
            (AnyHandle::Vpc(h), "subnet_ids") => Value::List(h.subnet_ids()),
            (AnyHandle::Vpc(h), "security_group_ids") => Value::List(h.security_group_ids()),
            (AnyHandle::Queue(h), "queue_url") => h.queue_url(),
            (AnyHandle::Queue(h), "queue_arn") => h.queue_arn(),
            (AnyHandle::AnomalyTable(h), "table_name") => h.table_name(),
            (AnyHandle::AnomalyTable(h), "table_arn") => h.table_arn(),
            (AnyHandle::AlertTopic(h), "topic_arn") => h.topic_arn(),
            (AnyHandle::RcfEndpoint(h), "endpoint_name") => h.endpoint_name(),
            (AnyHandle::RcfEndpoint(h), "arn") => h.arn(),
            (AnyHandle::KafkaSource(h), "mapping_id") => Value::reference(&h.mapping_id()),
            (AnyHandle::AnomalyFunction(h), "function_name") => h.function_name(),
            (AnyHandle::AnomalyFunction(h), "function_arn") => h.function_arn(),
            (AnyHandle::AnomalyFunction(h), "role_arn") => h.role_arn(),
            (AnyHandle::AnomalyFunction(h), "log_group_name") => h.log_group_name(),
            (AnyHandle::Monitoring(h), "dashboard_name") => h.dashboard_name(),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_name_their_kind() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_section(kind.section()), Some(kind));
        }
    }
}
