//! E04xx, W04xx: Secrets Manager secrets (`SaslSecret`, `MtlsSecret`, `RootCaSecret`): the ARNs
//! they are imported by, their keys, generated SASL users and their MSK association.

use super::rules;

const BATCH_SCRAM_SECRET: &str = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-msk-batchscramsecret.html";

rules! {
    /// An imported secret's ARN is not a Secrets Manager secret ARN.
    SECRET_ARN = "E0400" => {
        title: "an imported secret is not a Secrets Manager secret ARN",
        checks: "A secret is imported by its full ARN, \
                 `arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-SUFFIX`: the mapping's \
                 `SourceAccessConfigurations` name it, and the function's role is granted \
                 `secretsmanager:GetSecretValue` on exactly that ARN. A secret's name alone, or a \
                 password, is not one.",
        example: "sasl_secrets:\n  Creds: {import: my-kafka-password}",
        fix: "give the secret's full ARN, as the Secrets Manager console shows it",
        docs: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html#awssecretsmanager-resources-for-iam-policies",
    }
    /// A KMS key given by alias or otherwise not a key ARN.
    KMS_KEY_ARN = "E0401" => {
        title: "kms_key_arn is not a KMS key ARN",
        checks: "The role is granted `kms:Decrypt` on the secret's key, and IAM matches a KMS \
                 permission against the key's ARN, `arn:PARTITION:kms:REGION:ACCOUNT:key/ID`, \
                 never against an alias, so the key is given by its key ARN.",
        example: "sasl_secrets:\n  Creds: {generate: detector, kms_key_arn: alias/kafka}",
        fix: "give the key's ARN, `arn:aws:kms:REGION:ACCOUNT:key/ID`",
        docs: "https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html",
    }
    /// A generated secret's username that SASL cannot carry.
    SASL_USERNAME = "E0402" => {
        title: "a generated secret's username is empty, longer than 256 characters, or holds whitespace or control characters",
        checks: "The generated secret holds `{\"username\": …, \"password\": …}`, and clients send \
                 the username in the SASL exchange, where whitespace and control characters break \
                 or change it. The stack takes 1 to 256 visible characters; AWS documents no \
                 length of its own for the username.",
        example: "sasl_secrets:\n  Creds: {generate: 'anomaly detector'}",
        fix: "use a username of visible characters only, e.g. `detector`",
        docs: "https://docs.aws.amazon.com/msk/latest/developerguide/msk-password-tutorial.html",
    }
    /// `for_msk` on an imported secret.
    FOR_MSK_ON_IMPORTED = "E0403" => {
        title: "for_msk is set on an imported secret",
        checks: "The stack associates secrets with an MSK cluster through one \
                 `AWS::MSK::BatchScramSecret` that lists the secrets it generates; an imported \
                 secret is associated where it is managed.",
        example: "sasl_secrets:\n  Creds: {import: 'arn:aws:secretsmanager:...:secret:AmazonMSK_logs-AbCdEf', for_msk: 'arn:aws:kafka:...:cluster/logs/UUID'}",
        fix: "associate the imported secret with the cluster where it is managed, or generate the secret",
        docs: BATCH_SCRAM_SECRET,
    }
    /// Two generated secrets associated with one cluster.
    FOR_MSK_CLUSTER_TWICE = "E0404" => {
        title: "two generated secrets are associated with the same MSK cluster",
        checks: "A cluster's SCRAM associations are one `AWS::MSK::BatchScramSecret`, which holds \
                 the cluster's whole list; two of them for one cluster would overwrite each \
                 other.",
        example: "sasl_secrets:\n  First: {generate: detector, for_msk: 'arn:aws:kafka:...:cluster/logs/UUID'}\n  Second: {generate: detector, for_msk: 'arn:aws:kafka:...:cluster/logs/UUID'}",
        fix: "let the sources on this cluster share one generated secret",
        docs: BATCH_SCRAM_SECRET,
    }
    /// The stack's association replaces the cluster's other SCRAM secrets.
    FOR_MSK_REPLACES_ASSOCIATIONS = "W0405" => {
        title: "the stack's SCRAM association replaces the cluster's other associated secrets",
        checks: "`AWS::MSK::BatchScramSecret` sets the cluster's complete list of associated \
                 secrets: deploying it disassociates every secret associated with the cluster \
                 outside this stack, and clients using those secrets can no longer \
                 authenticate.",
        example: "sasl_secrets:\n  Creds: {generate: detector, for_msk: 'arn:aws:kafka:us-east-1:123456789012:cluster/logs/UUID'}",
        fix: "make sure no other client authenticates with a secret associated elsewhere, or import the secret and associate it where the cluster's users are managed",
        docs: BATCH_SCRAM_SECRET,
    }
}
