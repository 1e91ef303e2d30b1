//! E04xx, W04xx: Secrets Manager secrets (`SaslSecret`, `MtlsSecret`, `RootCaSecret`,
//! `OAuthSecret`): the ARNs they are imported by, their keys, generated SASL users and their MSK
//! association, and the OAuth payload Lambda documents.

use super::rules;

const OAUTH_SECRET: &str =
    "https://docs.aws.amazon.com/lambda/latest/dg/kafka-cluster-auth.html#smaa-auth-oauth-secret";

const BATCH_SCRAM_SECRET: &str = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-msk-batchscramsecret.html";
const ROTATION_SCHEDULE: &str = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-secretsmanager-rotationschedule.html";

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
    /// An OAuth token endpoint that is not an `https://` URL.
    OAUTH_TOKEN_ENDPOINT = "E0406" => {
        title: "an OAuth secret's token endpoint is not an https:// URL",
        checks: "Lambda reads the token endpoint from the secret's `oauthTokenEndpointUrl` and \
                 requires an HTTPS URL: the client credentials travel to it. When the stack is \
                 told the URL (`token_endpoint_url`), it checks the scheme and that a host \
                 follows.",
        example: "oauth_secrets:\n  IdpClient:\n    import: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-oauth-AbCdEf'\n    token_endpoint_url: http://idp.example.com/oauth2/token",
        fix: "use the https:// address of the token endpoint, in the secret and in token_endpoint_url",
        docs: OAUTH_SECRET,
    }
    /// An OAuth secret described with the keys of both grants.
    OAUTH_GRANTS_MIXED = "E0407" => {
        title: "an OAuth secret holds the keys of both grants",
        checks: "The keys of the secret select the grant: `oauthClientSecret` for client \
                 credentials, `oauthClientEmail` with `oauthPrivateKey` for a JWT bearer \
                 assertion. Lambda returns a validation error for a secret with fields from both \
                 grant types.",
        example: "oauth_secrets:\n  IdpClient:\n    import: ...\n    fields: [client_secret, client_email, private_key]",
        fix: "keep the keys of one grant in the secret and in `fields`",
        docs: OAUTH_SECRET,
    }
    /// An OAuth secret whose described keys make no complete grant.
    OAUTH_GRANT_INCOMPLETE = "E0408" => {
        title: "an OAuth secret's keys make no complete grant",
        checks: "Besides `oauthTokenEndpointUrl` and `oauthClientId`, an OAuth secret holds \
                 `oauthClientSecret` (client credentials), or both `oauthClientEmail` and \
                 `oauthPrivateKey` (JWT bearer). A secret described with only one of the JWT \
                 keys, or with neither grant, cannot yield a token.",
        example: "oauth_secrets:\n  IdpClient:\n    import: ...\n    fields: [client_email]",
        fix: "add the missing keys of the grant to the secret and to `fields`",
        docs: OAUTH_SECRET,
    }
    /// An assertion lifetime on a client-credentials secret (warning).
    OAUTH_EXPIRATION_WITHOUT_JWT = "W0409" => {
        title: "oauthTokenExpirationSeconds without the JWT bearer grant",
        checks: "`oauthTokenExpirationSeconds` is the lifetime of the JWT assertion Lambda signs, \
                 so it applies to the JWT bearer grant only; with client credentials it has no \
                 effect.",
        example: "oauth_secrets:\n  IdpClient:\n    import: ...\n    fields: [client_secret, token_expiration_seconds]",
        fix: "remove oauthTokenExpirationSeconds, or use the JWT bearer grant",
        docs: OAUTH_SECRET,
    }
    /// A rotation function that is not a Lambda function ARN.
    ROTATION_FUNCTION_ARN = "E0420" => {
        title: "rotation.function_arn is not a Lambda function ARN",
        checks: "Secrets Manager rotates a secret by invoking a Lambda function, named by its ARN \
                 (`RotationLambdaARN` of the rotation schedule); the stack also lets Secrets \
                 Manager invoke that function for this secret alone. AWS offers no rotation \
                 function for Kafka SASL credentials, so it is one you supply.",
        example: "sasl_secrets:\n  Creds: {generate: detector, rotation: {function_arn: rotate-kafka-user}}",
        fix: "give the function's ARN, `arn:aws:lambda:REGION:ACCOUNT:function:NAME`",
        docs: ROTATION_SCHEDULE,
    }
    /// Rotation days outside 1 to 1000.
    ROTATION_DAYS = "E0421" => {
        title: "rotation.after_days is outside 1-1000",
        checks: "Secrets Manager rotates a secret every 1 to 1,000 days \
                 (`RotationRules.AutomaticallyAfterDays`).",
        example: "sasl_secrets:\n  Creds: {generate: detector, rotation: {function_arn: 'arn:aws:lambda:us-east-1:123456789012:function:rotate-kafka-user', after_days: 0}}",
        fix: "rotate every 1 to 1000 days; 30 (the default) is well inside the 90 days AWS Config's secretsmanager-secret-periodic-rotation allows",
        docs: "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html",
    }
    /// `rotation` on an imported secret.
    ROTATION_ON_IMPORTED = "E0422" => {
        title: "rotation is set on an imported secret",
        checks: "A secret has one rotation configuration, set where the secret is managed; a \
                 second schedule from this stack would replace it, and deleting the stack would \
                 turn rotation off for every user of the secret. The stack schedules rotation \
                 only for secrets it generates.",
        example: "sasl_secrets:\n  Creds: {import: 'arn:aws:secretsmanager:...:secret:kafka-AbCdEf', rotation: {function_arn: 'arn:aws:lambda:...:function:rotate'}}",
        fix: "configure rotation where the secret is managed, or generate the secret",
        docs: ROTATION_SCHEDULE,
    }
}
