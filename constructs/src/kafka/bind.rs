//! Binding a source to its function: the event source mapping, and exactly the permissions
//! the mapping needs on the function's role.

use crate::construct::Handle;
use crate::context::SynthContext;
use crate::function::FunctionTarget;
use crate::iam::{NetworkPlacement, Statement, network_interface_statements};
use crate::logical_id::LogicalId;
use crate::props::OptionalProp;
use crate::resources::lambda::{
    DestinationConfig, Endpoints, EventSourceMapping, Filter, FilterCriteria,
    KafkaEventSourceConfig, MappingLoggingConfig, MetricsConfig, OnFailure as OnFailureConfig,
    ProvisionedPollerConfig, SelfManagedEventSource, SourceAccessConfiguration,
};
use crate::rules::kafka as rule;
use crate::scope::Scope;
use crate::template::Resource;
use crate::value::Value;

use super::cross_account::describe_connection_statement;
use super::group::{default_group_id, default_share_group_id};
use super::msk_iam::{cluster_statements, iam_auth_statements};
use super::network::{access_configurations, placement};
use super::source::{KafkaCluster, KafkaSource};
use super::{BINDING_CLAIM, KIND};

impl Handle<KafkaSource> {
    /// Emits the source's `AWS::Lambda::EventSourceMapping` (logical id
    /// [`Handle::<KafkaSource>::mapping_id`]) feeding `target`, and grants `target.role`
    /// what the mapping needs: cluster discovery and network interfaces (MSK), IAM access
    /// control on the cluster, topic and group (MSK IAM), reading its secrets, decrypting the
    /// filter criteria, and delivering to the on-failure destination. A source feeds one
    /// function: binding it to a second is an error naming both.
    pub fn bind(&self, target: &FunctionTarget<'_>, ctx: &mut SynthContext) {
        let scope = self.scope();
        if let Some(first) = ctx.claim(BINDING_CLAIM, &scope.path(), target.scope) {
            ctx.validator(KIND, scope).error(&rule::BOUND_TWICE,
                "bind",
                Some(&Value::from(target.scope.path())),
                format!(
                    "binds a source that function `{}` already consumes; a source feeds one function",
                    first.path()
                ),
                "add a second KafkaSource (with its own consumer group) for the other function",
            );
            return;
        }
        if ctx.has_resource(&self.mapping_id()) {
            // The same function bound this source already: binding is idempotent.
            return;
        }
        let source = self.props();
        for registry in &source.schema_registries {
            registry.check_format(&mut ctx.validator(KIND, scope), &target.record_format);
        }
        let mapping = mapping(source, scope, target, ctx);
        let mut resource = Resource::new(&mapping);
        if let Some(association) = source
            .effective_auth()
            .and_then(|a| a.sasl_secret().and_then(|s| s.msk_association_id(ctx)))
        {
            // Pollers authenticate only once MSK knows the secret.
            resource = resource.depends_on(&association);
        }
        ctx.add_resource(scope, self.mapping_id(), resource);
        for statement in grants(source, scope, ctx) {
            ctx.grant(scope, &target.role, statement);
        }
        grant_secrets(source, scope, &target.role, ctx);
    }

    /// The logical id of the event source mapping: `<id>Mapping`, or `<id>QueueMapping` in
    /// queue mode (the mode is fixed at creation, so changing it must replace the mapping).
    pub fn mapping_id(&self) -> LogicalId {
        if self.props().is_queue() {
            self.scope().logical_id("QueueMapping")
        } else {
            self.scope().logical_id("Mapping")
        }
    }

    /// True when the function must answer with `batchItemFailures` (the mapping has
    /// `FunctionResponseTypes: [ReportBatchItemFailures]`).
    pub fn reports_batch_item_failures(&self) -> bool {
        self.props().report_batch_item_failures
    }

    /// The topic the source reads.
    pub fn topic(&self) -> &Value {
        &self.props().topic
    }

    /// The consumer group id the mapping uses (explicit, or the per-stack default).
    pub fn consumer_group_id(&self) -> Value {
        group_id(self.props(), self.scope())
    }
}

fn group_id(source: &KafkaSource, scope: &Scope) -> Value {
    source.consumer_group_id.to_value().unwrap_or_else(|| {
        if source.is_queue() {
            default_share_group_id(scope)
        } else {
            default_group_id(scope)
        }
    })
}

fn mapping(
    source: &KafkaSource,
    scope: &Scope,
    target: &FunctionTarget<'_>,
    ctx: &mut SynthContext,
) -> EventSourceMapping {
    let group = Some(KafkaEventSourceConfig {
        consumer_group_id: Some(group_id(source, scope)),
        consumption_mode: source.consumption_mode.map(|m| m.name().to_owned()),
        schema_registry_config: source.schema_registries.first().map(|r| r.config()),
    });
    let mut mapping = EventSourceMapping {
        function_name: target.function_name.clone(),
        topics: vec![source.topic.value().clone()],
        starting_position: source
            .starting_position
            .as_ref()
            .map(|p| p.name().to_owned()),
        starting_position_timestamp: source
            .starting_position
            .as_ref()
            .and_then(|p| p.timestamp().cloned()),
        batch_size: source.batch_size.to_value(),
        maximum_batching_window_in_seconds: source.batching_window.to_value(),
        enabled: source.enabled.to_value(),
        source_access_configurations: access(source),
        destination_config: source.on_failure.as_ref().map(|d| DestinationConfig {
            on_failure: OnFailureConfig {
                destination: d.destination(),
            },
        }),
        provisioned_poller_config: source.pollers.as_ref().map(|p| ProvisionedPollerConfig {
            minimum_pollers: Some(p.minimum.value().clone()),
            maximum_pollers: Some(p.maximum.value().clone()),
            poller_group_name: p.group.to_value(),
        }),
        maximum_retry_attempts: source.max_retry_attempts.to_value(),
        maximum_record_age_in_seconds: source.max_record_age.to_value(),
        bisect_batch_on_function_error: source.bisect.to_value(),
        function_response_types: if source.report_batch_item_failures {
            vec!["ReportBatchItemFailures".to_owned()]
        } else {
            Vec::new()
        },
        metrics_config: (!source.metrics.is_empty()).then(|| MetricsConfig {
            // A set: a metric a stack file lists twice is published once.
            metrics: source.metrics.iter().fold(Vec::new(), |mut names, m| {
                if !names.contains(&m.name().to_owned()) {
                    names.push(m.name().to_owned());
                }
                names
            }),
        }),
        logging_config: source.system_log_level.map(|level| MappingLoggingConfig {
            system_log_level: level.name().to_owned(),
        }),
        tags: source.tags.clone(),
        ..Default::default()
    };
    match source.cluster() {
        // Only a stack file can give no cluster (or several): validation reports it.
        None => {}
        Some(KafkaCluster::Msk {
            cluster_arn,
            vpc_connection,
        }) => {
            mapping.event_source_arn = Some(vpc_connection.unwrap_or(cluster_arn));
            mapping.amazon_managed_kafka_event_source_config = group;
        }
        Some(
            KafkaCluster::SelfManaged { bootstrap_servers }
            | KafkaCluster::Confluent { bootstrap_servers },
        ) => {
            mapping.self_managed_event_source = Some(SelfManagedEventSource {
                endpoints: Endpoints {
                    kafka_bootstrap_servers: bootstrap_servers.to_value(),
                },
            });
            mapping.self_managed_kafka_event_source_config = group;
        }
    }
    if !source.filters.is_empty() {
        mapping.filter_criteria = Some(FilterCriteria {
            filters: source
                .filters
                .iter()
                .map(|pattern| Filter {
                    pattern: Value::String(pattern.to_string()),
                })
                .collect(),
        });
        mapping.kms_key_arn = Some(ctx.encryption_key().arn);
    }
    mapping
}

/// `SourceAccessConfigurations`: the authentication's entries, the root CA, then the VPC's
/// subnets and security groups.
fn access(source: &KafkaSource) -> Vec<SourceAccessConfiguration> {
    let mut entries = Vec::new();
    if let Some(auth) = &source.given_auth() {
        entries.extend(auth.entries());
    }
    if let Some(ca) = &source.root_ca {
        entries.push(SourceAccessConfiguration::new(
            "SERVER_ROOT_CA_CERTIFICATE",
            ca.arn(),
        ));
    }
    if let Some(vpc) = &source.vpc {
        entries.extend(access_configurations(vpc));
    }
    entries
}

/// Everything but the secrets, which grant themselves.
fn grants(source: &KafkaSource, scope: &Scope, ctx: &mut SynthContext) -> Vec<Statement> {
    let mut statements = Vec::new();
    let iam_cluster = source.iam_cluster();
    if let Some(KafkaCluster::Msk {
        cluster_arn,
        vpc_connection,
    }) = &source.cluster()
    {
        if let Some(connection) = vpc_connection {
            statements.push(describe_connection_statement(scope, connection));
        }
        statements.extend(cluster_statements(scope, cluster_arn));
    }
    if let Some(cluster) = &iam_cluster {
        statements.extend(iam_auth_statements(
            scope,
            cluster,
            &source.topic,
            &group_id(source, scope),
        ));
    }
    if let Some(statement) = source
        .effective_auth()
        .and_then(|auth| auth.web_identity_statement(scope))
    {
        statements.push(statement);
    }
    for registry in &source.schema_registries {
        statements.extend(registry.statements(scope));
    }
    if let Some(placement) = placement(source) {
        let prefix = match &placement {
            NetworkPlacement::AnyInAccount => "MskPollers".to_owned(),
            NetworkPlacement::Subnets { .. } => scope.logical_id("Pollers").to_string(),
        };
        statements.extend(network_interface_statements(&prefix, &placement));
    }
    if !source.filters.is_empty() {
        statements.push(
            Statement::allow(["kms:Decrypt"])
                .sid(scope.logical_id("DecryptFilters").as_str())
                .on(ctx.encryption_key().arn),
        );
    }
    if let Some(destination) = &source.on_failure {
        statements.extend(destination.statements(scope, iam_cluster.as_ref(), ctx));
    }
    statements
}

fn grant_secrets(source: &KafkaSource, scope: &Scope, role: &LogicalId, ctx: &mut SynthContext) {
    if let Some(auth) = &source.given_auth() {
        auth.grant_secret(scope, role, ctx);
    }
    for registry in &source.schema_registries {
        registry.grant_secrets(scope, role, ctx);
    }
    if let Some(ca) = &source.root_ca {
        ca.grant_read(scope, role, ctx);
    }
}
