//! The complete pipeline of the design: a Kafka source feeding the detector function, which
//! scores with a SageMaker RCF endpoint the stack creates and writes anomalies to DynamoDB,
//! alerts to SNS and bad records to SQS; the same queue takes batches the mapping gives up
//! on; CloudWatch alarms and a dashboard watch it all. One builder per source kind.

pub mod confluent;
pub mod msk;
pub mod self_managed;

use constructs::{
    AlertTopic, AnomalyTable, Handle, KafkaSource, Monitoring, Output, Parameter, Queue,
    RcfEndpoint, Stack, Value,
};

use crate::common::{self, Options};

/// The sinks a complete stack wires to its function (and its source's on-failure queue).
pub(crate) struct Sinks {
    pub(crate) table: Handle<AnomalyTable>,
    pub(crate) topic: Handle<AlertTopic>,
    pub(crate) queue: Handle<Queue>,
}

/// Adds the anomaly table (kept 90 days), the alert topic (with an optional e-mail
/// subscription) and the bad-record queue.
pub(crate) fn sinks(stack: &mut Stack) -> Sinks {
    let email = stack.add_parameter(
        "AlertEmail",
        Parameter::string(
            "E-mail address subscribed to anomaly alerts and alarms (empty for none)",
        )
        .default_value("")
        .allowed_pattern(
            "^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
            "an e-mail address, or empty",
        ),
    );
    Sinks {
        table: stack.add("Anomalies", AnomalyTable::new().ttl_days(90)),
        topic: stack.add(
            "Alerts",
            AlertTopic::new()
                .display_name("Kafka anomaly alerts")
                .email(email),
        ),
        queue: stack.add("BadRecords", Queue::new()),
    }
}

/// Adds the endpoint (from the `ModelDataUrl` parameter), the function wired to `source`
/// and the sinks, the monitoring, and the outputs a deployer needs.
pub(crate) fn detector(
    stack: &mut Stack,
    options: &Options,
    sinks: &Sinks,
    source: &Handle<KafkaSource>,
) {
    let code = common::code(stack, options);
    let model = stack.add_parameter(
        "ModelDataUrl",
        RcfEndpoint::model_data_url_parameter("s3:// URI of the model.tar.gz a SageMaker Random Cut Forest training job wrote (3 features)"),
    );
    let scorer = stack.add("Scorer", RcfEndpoint::new(model).feature_dim(3));
    let function = stack.add(
        "Detector",
        crate::common::function(code, options, &scorer)
            .add_source(source)
            .anomaly_table(&sinks.table)
            .alert_topic(&sinks.topic)
            .bad_record_queue(&sinks.queue),
    );
    let monitoring = stack.add(
        "Monitoring",
        Monitoring::new(&function).alert_topic(&sinks.topic),
    );

    stack
        .add_output("FunctionName", Output::new("The detector function", function.function_name()))
        .add_output("EventSourceMappingId", Output::new("The Kafka event source mapping's UUID", Value::reference(&source.mapping_id())))
        .add_output("EndpointName", Output::new("The SageMaker RCF endpoint scoring records", scorer.endpoint_name()))
        .add_output("AnomalyTableName", Output::new("DynamoDB table of anomalies, keyed by topic#partition and offset", sinks.table.table_name()))
        .add_output("AlertTopicArn", Output::new("SNS topic for anomaly alerts and alarms", sinks.topic.topic_arn()))
        .add_output("BadRecordQueueUrl", Output::new("SQS queue of records the function could not score, and batches the mapping gave up on", sinks.queue.queue_url()))
        .add_output("DashboardName", Output::new("CloudWatch dashboard of the pipeline", monitoring.dashboard_name()))
        .add_output(
            "DashboardUrl",
            Output::new(
                "Console link to the dashboard",
                Value::join(
                    "",
                    vec![
                        Value::sub("https://${AWS::Region}.console.${AWS::URLSuffix}/cloudwatch/home?region=${AWS::Region}#dashboards:name="),
                        monitoring.dashboard_name(),
                    ],
                ),
            ),
        );
}
