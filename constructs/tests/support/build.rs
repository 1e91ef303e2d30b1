//! Turning a [`StackSpec`] into a [`Stack`] through the public builders, and a readable
//! recipe of the calls made (what a failing case prints).
//!
//! Wiring choices are interpreted: a valid spec (hostility 0) is wired only in ways the
//! constructs accept, adding a supporting construct where a rule needs one (a Confluent source
//! needs an imported API-key secret, a function needs a scorer); a hostile spec is wired as
//! chosen, whatever the rules say.

use std::fmt::Write as _;

use constructs::contract::{ContentType, FeatureSpec};
use constructs::function::{Architecture, FunctionCode, LogLevel as FunctionLogLevel};
use constructs::kafka::BootstrapServers;
use constructs::secret::SecretRotation;
use constructs::{
    AlarmRule, AlertTopic, AnomalyFunction, AnomalyTable, Egress, Handle, KafkaAuth, KafkaSource,
    Monitoring, MtlsSecret, OnFailure, Output, Parameter, ParameterType, ProvisionedPollers, Queue,
    RcfEndpoint, RootCaSecret, SaslSecret, Stack, StartingPosition, Value, Vpc,
};

use super::spec::*;
use super::values::*;

/// A stack built from a spec, and how.
pub struct Built {
    /// The stack.
    pub stack: Stack,
    /// The builder calls, one construct per line.
    pub recipe: String,
}

/// An imported SASL secret's facts that decide where it may be used.
struct Sasl {
    handle: Handle<SaslSecret>,
    imported: bool,
    /// MSK accepts it for SCRAM: an `AmazonMSK_` name (or one unknown until deploy) and a key.
    msk_ready: bool,
    /// The cluster a generated secret is associated with.
    cluster: Option<String>,
}

struct Endpoint {
    handle: Handle<RcfEndpoint>,
    feature_dim: Option<usize>,
}

/// What has been added so far.
struct Builder<'s> {
    spec: &'s StackSpec,
    valid: bool,
    stack: Stack,
    recipe: String,
    added: usize,
    vpcs: Vec<Handle<Vpc>>,
    sasl: Vec<Sasl>,
    mtls: Vec<Handle<MtlsSecret>>,
    cas: Vec<Handle<RootCaSecret>>,
    queues: Vec<Handle<Queue>>,
    tables: Vec<Handle<AnomalyTable>>,
    topics: Vec<Handle<AlertTopic>>,
    endpoints: Vec<Endpoint>,
    functions: Vec<Handle<AnomalyFunction>>,
    monitorings: Vec<Handle<Monitoring>>,
    /// The maximum pollers each poller group holds so far (valid stacks keep each at most
    /// 2,000).
    poller_groups: std::collections::HashMap<String, i64>,
}

/// Builds the stack `spec` describes.
pub fn build(spec: &StackSpec) -> Built {
    let mut b = Builder {
        spec,
        valid: spec.hostility == 0,
        stack: Stack::new(spec.name.clone()),
        recipe: format!("Stack::new({:?})", spec.name),
        added: 0,
        vpcs: Vec::new(),
        sasl: Vec::new(),
        mtls: Vec::new(),
        cas: Vec::new(),
        queues: Vec::new(),
        tables: Vec::new(),
        topics: Vec::new(),
        endpoints: Vec::new(),
        functions: Vec::new(),
        monitorings: Vec::new(),
        poller_groups: std::collections::HashMap::new(),
    };
    b.stack_props();
    for (i, vpc) in spec.vpcs.iter().enumerate() {
        b.vpc(i, vpc);
    }
    for (i, secret) in spec.secrets.iter().enumerate() {
        b.secret(i, secret);
    }
    b.sinks();
    for (i, endpoint) in spec.endpoints.iter().enumerate() {
        b.endpoint(i, endpoint);
    }
    let consumers = b.consumers();
    let sources: Vec<Handle<KafkaSource>> = spec
        .sources
        .iter()
        .enumerate()
        .map(|(i, source)| b.source(i, source, &consumers))
        .collect();
    for (i, function) in spec.functions.iter().enumerate() {
        let mine: Vec<&Handle<KafkaSource>> = sources
            .iter()
            .zip(&consumers)
            .filter(|(_, c)| c.contains(&i))
            .map(|(s, _)| s)
            .collect();
        b.function(i, function, &mine);
    }
    for (i, monitoring) in spec.monitorings.iter().enumerate() {
        b.monitoring(i, monitoring);
    }
    b.outputs();
    Built {
        stack: b.stack,
        recipe: b.recipe,
    }
}

fn pick<T>(items: &[T], choice: usize) -> Option<&T> {
    (!items.is_empty()).then(|| &items[choice % items.len()])
}

impl Builder<'_> {
    fn log(&mut self, line: impl AsRef<str>) {
        let _ = write!(self.recipe, "\n{}", line.as_ref());
    }

    /// The id of the next construct: `default`, or a hostile one.
    fn id(&mut self, default: String) -> String {
        let n = self.added;
        self.added += 1;
        self.spec
            .ids
            .iter()
            .find(|(i, _)| *i == n)
            .map_or(default, |(_, id)| id.clone())
    }

    fn stack_props(&mut self) {
        let spec = self.spec;
        if let Some(description) = &spec.description {
            self.stack.description(description.clone());
            self.log(format!(".description({description:?})"));
        }
        if let Some(key) = &spec.key {
            self.stack.encryption_key_arn(key.clone());
            self.log(format!(".encryption_key_arn({key:?})"));
        }
        let text = format!("{spec:?}");
        let used = |name: &str| {
            text.contains(&format!("\"{name}\"")) || text.contains(&format!("${{{name}}}"))
        };
        let pool = [
            (P_STR, Parameter::string("a string")),
            (P_NUM, Parameter::number("a number")),
            (
                P_LIST,
                Parameter::new(ParameterType::CommaDelimitedList, "bootstrap servers"),
            ),
            (P_VPC, Parameter::new(ParameterType::VpcId, "a VPC")),
            (
                P_SUBNETS[0],
                Parameter::new(ParameterType::SubnetId, "a subnet"),
            ),
            (
                P_SUBNETS[1],
                Parameter::new(ParameterType::SubnetId, "another subnet"),
            ),
            (
                P_SG,
                Parameter::new(ParameterType::SecurityGroupId, "a security group"),
            ),
            (
                P_EMAIL,
                Parameter::string("an e-mail address, or empty").default_value(""),
            ),
        ];
        let outputs_need_string = spec.outputs.iter().any(|o| o.value == 1);
        for (name, parameter) in pool {
            if used(name) || (name == P_STR && outputs_need_string) {
                self.stack.add_parameter(name, parameter);
                self.log(format!("add_parameter({name:?})"));
            }
        }
        for id in &spec.extra_parameters {
            self.stack
                .add_parameter(id, Parameter::string("an extra parameter"));
            self.log(format!("add_parameter({id:?})"));
        }
    }

    fn vpc(&mut self, i: usize, spec: &VpcSpec) {
        let id = self.id(format!("Vpc{i}"));
        let (vpc, line) = match spec {
            VpcSpec::Import {
                vpc_id,
                subnets,
                groups,
                misuse,
            } => {
                let mut vpc = Vpc::import(vpc_id.clone(), subnets.clone(), groups.clone());
                let mut line = format!("Vpc::import({vpc_id:?}, {subnets:?}, {groups:?})");
                for m in misuse {
                    vpc = match m {
                        0 => vpc.cidr("10.0.0.0/16"),
                        1 => vpc.egress(Egress::NatGateway),
                        2 => vpc.broker_ports([9092]),
                        _ => vpc.flow_log_retention_days(30),
                    };
                    let _ = write!(line, ".misuse({m})");
                }
                (vpc, line)
            }
            VpcSpec::Create {
                cidr,
                egress,
                ports,
                retention,
            } => {
                let mut vpc = Vpc::create();
                let mut line = "Vpc::create()".to_owned();
                if let Some(cidr) = cidr {
                    vpc = vpc.cidr(cidr.clone());
                    let _ = write!(line, ".cidr({cidr:?})");
                }
                if let Some(egress) = egress {
                    vpc = vpc.egress(*egress);
                    let _ = write!(line, ".egress({egress:?})");
                }
                if let Some(ports) = ports {
                    vpc = vpc.broker_ports(ports.clone());
                    let _ = write!(line, ".broker_ports({ports:?})");
                }
                if let Some(days) = retention {
                    vpc = vpc.flow_log_retention_days(days.clone());
                    let _ = write!(line, ".flow_log_retention_days({days:?})");
                }
                (vpc, line)
            }
        };
        self.log(format!("{id} = {line}"));
        let handle = self.stack.add(&id, vpc);
        self.vpcs.push(handle);
    }

    fn secret(&mut self, i: usize, spec: &SecretSpec) {
        let id = self.id(format!("Secret{i}"));
        match spec {
            SecretSpec::SaslImport { arn, kms } => {
                let mut secret = SaslSecret::import(arn.clone());
                if let Some(kms) = kms {
                    secret = secret.kms_key_arn(kms.clone());
                }
                self.log(format!(
                    "{id} = SaslSecret::import({arn:?}).kms_key_arn({kms:?})"
                ));
                let msk_name = arn
                    .as_str()
                    .is_none_or(|a| a.contains(":secret:AmazonMSK_"));
                let handle = self.stack.add(&id, secret);
                self.sasl.push(Sasl {
                    handle,
                    imported: true,
                    msk_ready: msk_name && kms.is_some(),
                    cluster: None,
                });
            }
            SecretSpec::SaslGenerate {
                username,
                kms,
                for_msk,
                rotation,
            } => {
                let mut secret = SaslSecret::generate(username.clone());
                if let Some(kms) = kms {
                    secret = secret.kms_key_arn(kms.clone());
                }
                if let Some((function, days)) = rotation.as_deref() {
                    secret = secret
                        .rotation(SecretRotation::new(function.clone()).after_days(days.clone()));
                }
                // A cluster's SCRAM secrets are one association: one generated secret each.
                let taken = |c: &Value| {
                    self.sasl
                        .iter()
                        .any(|s| s.cluster.as_deref() == Some(&c.describe()))
                };
                let for_msk = for_msk.clone().filter(|c| !(self.valid && taken(c)));
                if let Some(cluster) = &for_msk {
                    secret = secret.for_msk(cluster.clone());
                }
                self.log(format!(
                    "{id} = SaslSecret::generate({username:?}).kms_key_arn({kms:?}).for_msk({for_msk:?}).rotation({rotation:?})"
                ));
                let handle = self.stack.add(&id, secret);
                self.sasl.push(Sasl {
                    handle,
                    imported: false,
                    msk_ready: false,
                    cluster: for_msk.map(|c| c.describe()),
                });
            }
            SecretSpec::Mtls { arn, kms } => {
                let mut secret = MtlsSecret::import(arn.clone());
                if let Some(kms) = kms {
                    secret = secret.kms_key_arn(kms.clone());
                }
                self.log(format!(
                    "{id} = MtlsSecret::import({arn:?}).kms_key_arn({kms:?})"
                ));
                let handle = self.stack.add(&id, secret);
                self.mtls.push(handle);
            }
            SecretSpec::RootCa { arn, kms } => {
                let mut secret = RootCaSecret::import(arn.clone());
                if let Some(kms) = kms {
                    secret = secret.kms_key_arn(kms.clone());
                }
                self.log(format!(
                    "{id} = RootCaSecret::import({arn:?}).kms_key_arn({kms:?})"
                ));
                let handle = self.stack.add(&id, secret);
                self.cas.push(handle);
            }
        }
    }

    fn sinks(&mut self) {
        let spec = self.spec;
        for (i, q) in spec.queues.iter().enumerate() {
            let id = self.id(format!("Queue{i}"));
            let mut queue = Queue::new();
            if let Some(r) = &q.retention {
                queue = queue.retention_seconds(r.clone());
            }
            if let Some(r) = &q.reuse {
                queue = queue.data_key_reuse_seconds(r.clone());
            }
            self.log(format!("{id} = {q:?}"));
            let handle = self.stack.add(&id, queue);
            self.queues.push(handle);
        }
        for (i, t) in spec.tables.iter().enumerate() {
            let id = self.id(format!("Table{i}"));
            let mut table = AnomalyTable::new();
            if let Some(days) = t.ttl_days {
                table = table.ttl_days(days);
            }
            if let Some(protect) = t.deletion_protection {
                table = table.deletion_protection(protect);
            }
            if let Some(name) = &t.name {
                table = table.table_name(name.clone());
            }
            self.log(format!("{id} = {t:?}"));
            let handle = self.stack.add(&id, table);
            self.tables.push(handle);
        }
        for (i, t) in spec.topics.iter().enumerate() {
            let id = self.id(format!("Topic{i}"));
            let mut topic = AlertTopic::new();
            if let Some(name) = &t.display_name {
                topic = topic.display_name(name.clone());
            }
            for email in &t.emails {
                topic = topic.email(email.clone());
            }
            self.log(format!("{id} = {t:?}"));
            let handle = self.stack.add(&id, topic);
            self.topics.push(handle);
        }
    }

    fn endpoint(&mut self, i: usize, spec: &EndpointSpec) {
        let id = self.id(format!("Endpoint{i}"));
        let valid = self.valid;
        let mut endpoint = match &spec.source {
            Ok(name) => RcfEndpoint::existing(name.clone()),
            Err(ModelSpec::Url(url)) => RcfEndpoint::new(url.clone()),
            Err(ModelSpec::Parts(bucket, key)) => {
                RcfEndpoint::new_from(bucket.clone(), key.clone())
            }
        };
        let created = spec.source.is_err();
        // Valid stacks set the created-only options on created endpoints only, and instance
        // options or serverless capacity, not both.
        let created_ok = created || !valid;
        let instances_ok = created_ok && !(valid && spec.serverless.is_some());
        if let Some(dim) = spec.feature_dim {
            endpoint = endpoint.feature_dim(dim);
        }
        if let Some(variant) = &spec.variant {
            endpoint = endpoint.variant_name(variant.clone());
        }
        if instances_ok {
            if let Some(t) = &spec.instance_type {
                endpoint = endpoint.instance_type(t.clone());
            }
            if let Some(n) = &spec.instance_count {
                endpoint = endpoint.instance_count(n.clone());
            }
            if let Some((min, max, target)) = &spec.autoscaling {
                endpoint = endpoint.autoscaling(min.clone(), max.clone(), target.clone());
            }
            if let Some((uri, percent)) = &spec.data_capture {
                endpoint = endpoint.data_capture(uri.clone(), percent.clone());
            }
        }
        if created_ok {
            if let Some((memory, concurrency)) = &spec.serverless {
                endpoint = endpoint.serverless(memory.clone(), concurrency.clone());
            }
            if let Some(region) = &spec.region {
                endpoint = endpoint.region(region.clone());
            }
            if let Some(key) = &spec.model_key {
                endpoint = endpoint.model_data_key(key.clone());
            }
        }
        self.log(format!(
            "{id} = RcfEndpoint {spec:?} (created options applied: {created_ok}, instance options: {instances_ok})"
        ));
        let handle = self.stack.add(&id, endpoint);
        self.endpoints.push(Endpoint {
            handle,
            feature_dim: spec.feature_dim,
        });
    }

    /// For each source, the functions that consume it.
    fn consumers(&self) -> Vec<Vec<usize>> {
        let n = self.spec.functions.len();
        self.spec
            .sources
            .iter()
            .map(|s| {
                if n == 0 {
                    return Vec::new();
                }
                let mut consumers: Vec<usize> = s.consumer.iter().map(|c| c % n).collect();
                if !self.valid {
                    consumers.extend(s.second_consumer.iter().map(|c| c % n));
                }
                consumers
            })
            .collect()
    }

    /// Whether the sources of function `f` report batch item failures: in a valid stack all or
    /// none of them do, and only provisioned ones can.
    fn reports(&self, source: &SourceSpec, consumers: &[usize], all: &[Vec<usize>]) -> bool {
        if !self.valid {
            return source.report;
        }
        match consumers.first() {
            None => source.report && source.pollers.is_some(),
            Some(&f) => {
                self.spec.functions[f].report
                    && self
                        .spec
                        .sources
                        .iter()
                        .zip(all)
                        .filter(|(_, c)| c.contains(&f))
                        .all(|(s, _)| s.pollers.is_some())
            }
        }
    }

    fn sasl_for(
        &self,
        choice: usize,
        filter: impl Fn(&Sasl) -> bool,
    ) -> Option<Handle<SaslSecret>> {
        let fitting: Vec<&Sasl> = self.sasl.iter().filter(|s| filter(s)).collect();
        pick(&fitting, choice).map(|s| s.handle.clone())
    }

    /// An imported SASL secret for a Confluent source, added when the stack has none.
    fn api_key(&mut self, i: usize, choice: usize) -> Handle<SaslSecret> {
        if let Some(secret) = self.sasl_for(choice, |s| s.imported || !self.valid) {
            return secret;
        }
        let id = format!("ApiKey{i}");
        let arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:confluent-key-AbCdEf";
        self.log(format!("{id} = SaslSecret::import({arn:?})"));
        let handle = self.stack.add(&id, SaslSecret::import(arn));
        self.sasl.push(Sasl {
            handle: handle.clone(),
            imported: true,
            msk_ready: false,
            cluster: None,
        });
        handle
    }

    fn auth(&self, spec: &SourceSpec, vpc: bool) -> Option<KafkaAuth> {
        let choice = spec.secret;
        if !self.valid {
            return match spec.auth % 6 {
                0 => None,
                1 => Some(KafkaAuth::Iam),
                2 => self.sasl_for(choice, |_| true).map(KafkaAuth::Scram512),
                3 => self.sasl_for(choice, |_| true).map(KafkaAuth::Scram256),
                4 => self.sasl_for(choice, |_| true).map(KafkaAuth::Plain),
                _ => pick(&self.mtls, choice).cloned().map(KafkaAuth::Mtls),
            };
        }
        match &spec.cluster {
            ClusterSpec::Msk(cluster) => match spec.auth % 4 {
                0 => None,
                1 => Some(KafkaAuth::Iam),
                2 => self
                    .sasl_for(choice, |s| {
                        s.msk_ready || s.cluster.as_deref() == Some(&cluster.describe())
                    })
                    .map(KafkaAuth::Scram512),
                _ => pick(&self.mtls, choice).cloned().map(KafkaAuth::Mtls),
            },
            ClusterSpec::SelfManaged(_) => {
                let chosen = match spec.auth % 5 {
                    0 => None,
                    1 => self.sasl_for(choice, |_| true).map(KafkaAuth::Scram512),
                    2 => self.sasl_for(choice, |_| true).map(KafkaAuth::Scram256),
                    3 => self.sasl_for(choice, |_| true).map(KafkaAuth::Plain),
                    _ => pick(&self.mtls, choice).cloned().map(KafkaAuth::Mtls),
                };
                // Without a VPC the brokers are on the internet, where Lambda needs a secret.
                chosen.or_else(|| {
                    if vpc {
                        None
                    } else {
                        self.sasl_for(choice, |_| true)
                            .map(KafkaAuth::Scram512)
                            .or_else(|| pick(&self.mtls, choice).cloned().map(KafkaAuth::Mtls))
                    }
                })
            }
            ClusterSpec::Confluent(_) => None,
        }
    }

    fn source(&mut self, i: usize, spec: &SourceSpec, all: &[Vec<usize>]) -> Handle<KafkaSource> {
        let id = self.id(format!("Source{i}"));
        let valid = self.valid;
        let mut line = String::new();
        let self_managed = matches!(spec.cluster, ClusterSpec::SelfManaged(_));
        let msk = matches!(spec.cluster, ClusterSpec::Msk(_));
        let vpc = match spec.vpc {
            Some(choice) if !(valid && msk) => pick(&self.vpcs, choice).cloned(),
            _ => None,
        };
        let mut source = match &spec.cluster {
            ClusterSpec::Msk(arn) => {
                let _ = write!(line, "KafkaSource::msk({arn:?}, {:?})", spec.topic);
                KafkaSource::msk(arn.clone(), spec.topic.clone())
            }
            ClusterSpec::SelfManaged(servers) => {
                let servers = match servers {
                    Ok(each) => BootstrapServers::from(each.clone()),
                    Err(list) => BootstrapServers::list(list.clone()),
                };
                let _ = write!(
                    line,
                    "KafkaSource::self_managed({servers:?}, {:?})",
                    spec.topic
                );
                KafkaSource::self_managed(servers, spec.topic.clone())
            }
            ClusterSpec::Confluent(bootstrap) => {
                let key = self.api_key(i, spec.secret);
                let _ = write!(
                    line,
                    "KafkaSource::confluent({bootstrap:?}, {:?}, &{})",
                    spec.topic,
                    key.id()
                );
                KafkaSource::confluent(bootstrap.clone(), spec.topic.clone(), &key)
            }
        };
        let mut vpc_for_auth = vpc.is_some();
        if valid && self_managed && vpc.is_none() && self.sasl.is_empty() && self.mtls.is_empty() {
            // Brokers on the internet need a secret; give the source one.
            let key = self.api_key(i, 0);
            source = source.auth(KafkaAuth::Scram512(key.clone()));
            let _ = write!(line, ".auth(Scram512({}))", key.id());
            vpc_for_auth = true;
        }
        if let Some(auth) = self.auth(spec, vpc_for_auth) {
            let _ = write!(line, ".auth({auth:?})");
            source = source.auth(auth);
        }
        if let Some(choice) = spec.root_ca {
            if !valid || self_managed {
                if let Some(ca) = pick(&self.cas, choice).cloned() {
                    let _ = write!(line, ".root_ca({})", ca.id());
                    source = source.root_ca(&ca);
                }
            }
        }
        if let Some(vpc) = &vpc {
            let _ = write!(line, ".vpc({})", vpc.id());
            source = source.vpc(vpc);
        }
        if let Some(start) = &spec.start {
            let position = match start {
                StartSpec::Latest => StartingPosition::Latest,
                StartSpec::TrimHorizon => StartingPosition::TrimHorizon,
                StartSpec::AtTimestamp(t) => StartingPosition::at_timestamp(t.clone()),
            };
            let _ = write!(line, ".starting_position({position:?})");
            source = source.starting_position(position);
        }
        if let Some(v) = &spec.batch_size {
            source = source.batch_size(v.clone());
        }
        if let Some(v) = &spec.window {
            source = source.batching_window_seconds(v.clone());
        }
        if let Some(group) = &spec.group {
            // Consumer groups are unique among a stack's sources.
            let group = match group {
                Value::String(g) if valid => Value::from(format!("{g}-{i}")),
                other => other.clone(),
            };
            let _ = write!(line, ".consumer_group_id({group:?})");
            source = source.consumer_group_id(group);
        }
        if let Some(v) = &spec.enabled {
            source = source.enabled(v.clone());
        }
        for filter in &spec.filters {
            source = source.filter(filter.clone());
        }
        let destination = match &spec.on_failure {
            Some(FailureSpec::Queue(q)) => pick(&self.queues, *q).map(OnFailure::queue),
            Some(FailureSpec::Topic(t)) => pick(&self.topics, *t).map(OnFailure::topic),
            Some(FailureSpec::Sqs(arn)) => Some(OnFailure::sqs(arn.clone())),
            Some(FailureSpec::Sns(arn)) => Some(OnFailure::sns(arn.clone())),
            Some(FailureSpec::S3(arn)) => Some(OnFailure::s3(arn.clone())),
            Some(FailureSpec::Kafka(topic)) => Some(OnFailure::kafka_topic(topic.clone())),
            None => None,
        };
        let has_destination = destination.is_some();
        if let Some(destination) = destination {
            source = source.on_failure(destination);
        }
        let provisioned = spec.pollers.is_some();
        if let Some((min, max, group)) = &spec.pollers {
            let mut pollers = ProvisionedPollers::new(min.clone(), max.clone());
            if let Some(group) = group {
                // A valid stack keeps each group's maximum pollers within 2,000 in all.
                let fits = match (group.as_str(), max.as_i64()) {
                    (Some(name), Some(max)) if valid => {
                        let total = self.poller_groups.entry(name.to_owned()).or_insert(0);
                        let fits = *total + max <= constructs::kafka::MAX_GROUP_POLLERS;
                        if fits {
                            *total += max;
                        }
                        fits
                    }
                    _ => true,
                };
                if fits {
                    pollers = pollers.group(group.clone());
                }
            }
            source = source.provisioned_pollers(pollers);
        }
        if provisioned || !valid {
            if let Some(v) = &spec.retry {
                source = source.max_retry_attempts(v.clone());
            }
            if let Some(v) = &spec.age {
                source = source.max_record_age_seconds(v.clone());
            }
            if let Some(v) = &spec.bisect {
                source = source.bisect_batch_on_error(v.clone());
            }
            source = source.metrics(spec.metrics.clone());
            if let Some(level) = spec.log_level {
                source = source.system_log_level(level);
            }
        }
        let consumers = &all[i];
        let report = self.reports(spec, consumers, all);
        source = source.report_batch_item_failures(report);
        let unlimited = |v: &Option<Value>| v.as_ref().is_none_or(|v| v.as_i64() == Some(-1));
        if valid && report && !has_destination && unlimited(&spec.retry) && unlimited(&spec.age) {
            // A valid stack gives up on a record that never succeeds (E0159).
            source = source.max_retry_attempts(3);
        }
        for (key, value) in &spec.tags {
            source = source.tag(key.clone(), value.clone());
        }
        self.log(format!(
            "{id} = {line} (report: {report}, consumers: {consumers:?}) {spec:?}"
        ));
        self.stack.add(&id, source)
    }

    /// A scorer for a function of a valid stack, added when the stack has none.
    fn scorer(&mut self, choice: Option<usize>) -> Option<&Endpoint> {
        if self.endpoints.is_empty() && self.valid {
            self.log("LazyScorer = RcfEndpoint::existing(\"rcf-anomaly-endpoint\")");
            let handle = self
                .stack
                .add("LazyScorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
            self.endpoints.push(Endpoint {
                handle,
                feature_dim: None,
            });
        }
        let choice = if self.valid {
            Some(choice.unwrap_or(0))
        } else {
            choice
        };
        choice.and_then(|c| pick(&self.endpoints, c))
    }

    fn function(&mut self, i: usize, spec: &FunctionSpec, sources: &[&Handle<KafkaSource>]) {
        let id = self.id(format!("Function{i}"));
        let valid = self.valid;
        let mut function =
            AnomalyFunction::new(FunctionCode::s3(spec.bucket.clone(), spec.key.clone()));
        let mut features = spec.features.clone();
        if let Some(endpoint) = self.scorer(spec.scorer) {
            function = function.scorer(&endpoint.handle);
            if let (true, Some(dim)) = (valid, endpoint.feature_dim) {
                // The function extracts exactly the features the model was trained on.
                let mut list = features.unwrap_or_else(|| {
                    ["response_time_ms", "status", "duration_ms"]
                        .into_iter()
                        .map(FeatureSpec::new)
                        .collect()
                });
                list.truncate(dim);
                while list.len() < dim {
                    list.push(FeatureSpec::new(format!("extra_{}", list.len())));
                }
                features = Some(list);
            }
        }
        if let Some(features) = features {
            function = function.features(features);
        }
        if let Some(d) = &spec.description {
            function = function.description(d.clone());
        }
        if spec.x86 {
            function = function.architecture(Architecture::X86_64);
        }
        if let Some(v) = &spec.memory {
            function = function.memory_mb(v.clone());
        }
        if let Some(v) = &spec.timeout {
            function = function.timeout_seconds(v.clone());
        }
        if let Some(v) = &spec.concurrency {
            function = function.reserved_concurrency(v.clone());
        }
        if let Some(v) = &spec.retention {
            function = function.log_retention_days(v.clone());
        }
        function = function.log_level(match spec.log_level {
            0 => FunctionLogLevel::Trace,
            1 => FunctionLogLevel::Debug,
            2 => FunctionLogLevel::Info,
            3 => FunctionLogLevel::Warn,
            _ => FunctionLogLevel::Error,
        });
        if let Some(t) = &spec.threshold {
            function = function.threshold(t.clone());
        }
        if spec.json {
            function = function.content_type(ContentType::Json);
        }
        if let Some(ns) = &spec.namespace {
            function = function.metrics_namespace(ns.clone());
        }
        if let Some(t) = spec.table.and_then(|t| pick(&self.tables, t)) {
            function = function.anomaly_table(t);
        }
        if let Some(t) = spec.topic.and_then(|t| pick(&self.topics, t)) {
            function = function.alert_topic(t);
        }
        // A function whose sources report batch item failures hands bad records back to the
        // mapping: a valid one has no bad-record queue then.
        let reports = sources.iter().any(|s| s.reports_batch_item_failures());
        if let Some(q) = spec.queue.and_then(|q| pick(&self.queues, q)) {
            if !(valid && reports) {
                function = function.bad_record_queue(q);
            }
        }
        if let Some(vpc) = spec.vpc.and_then(|v| pick(&self.vpcs, v)) {
            // The endpoints of a created VPC reach no SageMaker: valid functions stay out.
            if !(valid && vpc.egress() == Egress::InterfaceEndpoints) {
                function = function.vpc(vpc);
            }
        }
        function = function.tracing(spec.tracing);
        if let Some(arn) = &spec.signing {
            function = function.code_signing_config_arn(arn.clone());
        }
        for (key, value) in &spec.tags {
            function = function.tag(key.clone(), value.clone());
        }
        let ids: Vec<&str> = sources.iter().map(|s| s.id()).collect();
        for source in sources {
            function = function.add_source(source);
        }
        self.log(format!("{id} = AnomalyFunction sources {ids:?} {spec:?}"));
        let handle = self.stack.add(&id, function);
        self.functions.push(handle);
    }

    fn monitoring(&mut self, i: usize, spec: &MonitoringSpec) {
        let Some(function) = pick(&self.functions, spec.function).cloned() else {
            return;
        };
        let id = self.id(format!("Monitoring{i}"));
        let mut monitoring = Monitoring::new(&function);
        if let Some(t) = spec.topic.and_then(|t| pick(&self.topics, t)) {
            monitoring = monitoring.alert_topic(t);
        }
        for (alarm, (threshold, period, periods, datapoints)) in &spec.rules {
            let mut rule = AlarmRule::new(threshold.clone());
            if let Some(p) = period {
                rule = rule.period_seconds(p.clone());
            }
            if let Some(p) = periods {
                rule = rule.evaluation_periods(p.clone());
            }
            if let Some(d) = datapoints {
                rule = rule.datapoints_to_alarm(d.clone());
            }
            monitoring = match alarm {
                0 => monitoring.function_errors(rule),
                1 => monitoring.function_throttles(rule),
                2 => monitoring.offset_lag(rule),
                3 => monitoring.anomalies(rule),
                4 => monitoring.bad_records(rule),
                5 => monitoring.endpoint_errors(rule),
                _ => monitoring.model_latency(rule),
            };
        }
        self.log(format!("{id} = Monitoring of {} {spec:?}", function.id()));
        let handle = self.stack.add(&id, monitoring);
        self.monitorings.push(handle);
    }

    fn outputs(&mut self) {
        let mut ids = std::collections::HashSet::new();
        for output in &self.spec.outputs {
            if self.valid && !ids.insert(output.id.clone()) {
                continue; // output ids are unique in a valid stack
            }
            let value = match output.value {
                1 => Some(reference(P_STR)),
                2 => self.functions.first().map(|f| f.function_name()),
                3 => self.queues.first().map(|q| q.queue_url()),
                4 => self.tables.first().map(|t| t.table_name()),
                5 => self.monitorings.first().map(|m| m.dashboard_name()),
                _ => None,
            }
            .unwrap_or_else(|| Value::from("a literal"));
            self.log(format!("add_output({:?}, {value:?})", output.id));
            self.stack
                .add_output(&output.id, Output::new("an output", value));
        }
    }
}
