//! E00xx: the stack and its template as a whole: the stack's name, description and key, the
//! ids of its constructs, parameters and outputs, and the references between them.

use super::rules;

rules! {
    /// The stack name is not a CloudFormation stack name.
    STACK_NAME = "E0001" => {
        title: "the stack name is not a CloudFormation stack name",
        checks: "CloudFormation stack names are 1 to 128 ASCII letters, digits and hyphens, \
                 starting with a letter.",
        example: "name: 1-kafka-anomaly",
        fix: "use 1 to 128 ASCII letters, digits and `-`, starting with a letter",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html#API_CreateStack_RequestParameters",
    }
    /// A construct id that is not 1-64 letters, digits, `-` and `_` starting with a letter.
    CONSTRUCT_ID = "E0002" => {
        title: "a construct id is not 1 to 64 ASCII letters, digits, `-` and `_` starting with a letter",
        checks: "A construct's logical ids are derived from its id (its separators dropped), and \
                 CloudFormation logical ids are alphanumeric; the construct id must start with a \
                 letter and stay short enough for the suffixes the construct adds.",
        example: "functions:\n  2nd-detector: {...}",
        fix: "use 1 to 64 ASCII letters, digits, `-` and `_`, starting with a letter",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html",
    }
    /// Two constructs with the same id.
    DUPLICATE_CONSTRUCT_ID = "E0003" => {
        title: "two constructs have the same id",
        checks: "Constructs are referred to by id (in stack files, `sources: [AppLogs]`) and \
                 their logical ids derive from it, so each id names one construct of the stack.",
        example: "let mut stack = Stack::new(\"s\");\nstack.add(\"Alerts\", AlertTopic::new());\nstack.add(\"Alerts\", AnomalyTable::new());",
        fix: "give each construct its own id",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html",
    }
    /// A parameter or output id that is not a logical id.
    LOGICAL_ID = "E0004" => {
        title: "a parameter or output id is not a CloudFormation logical id",
        checks: "Parameter and output ids are logical ids of the template: 1 to 255 ASCII \
                 letters and digits.",
        example: "parameters:\n  code-bucket: {type: String}",
        fix: "use 1 to 255 ASCII letters and digits",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html",
    }
    /// Two things of the template with the same logical id.
    DUPLICATE_LOGICAL_ID = "E0005" => {
        title: "two things in the template would have the same logical id",
        checks: "A logical id names one parameter, resource, output, mapping, condition or rule \
                 of a template. Ids can meet when a parameter or output is added twice, when two \
                 construct ids differ only in separators or case, when a stack output takes the \
                 id of a construct's output, or when a parameter is named like a resource the \
                 constructs add.",
        example: "functions:\n  Detector: {...}\n  detector: {...}",
        fix: "rename one of them, as the message says",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html",
    }
    /// The description is longer than 1,024 bytes.
    DESCRIPTION = "E0006" => {
        title: "the stack description is longer than 1,024 bytes",
        checks: "A template's Description is at most 1,024 bytes (UTF-8).",
        example: "description: \"<1,100 characters>\"",
        fix: "shorten the description to 1024 bytes or less",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-description-structure.html",
    }
    /// The imported key is not named by its key ARN.
    ENCRYPTION_KEY_ARN = "E0007" => {
        title: "encryption_key_arn is not the ARN of a KMS key",
        checks: "The stack grants the use of its key in IAM policies, which name a key by its \
                 ARN (`arn:PARTITION:kms:REGION:ACCOUNT:key/…`); `kms:Decrypt` granted on an \
                 alias ARN grants nothing.",
        example: "encryption_key_arn: alias/kafka-anomaly",
        fix: "give the key's full ARN",
        docs: "https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html",
    }
    /// A grant to a role of another stack.
    FOREIGN_ROLE = "E0008" => {
        title: "a construct grants to a role that is not in this stack",
        checks: "Constructs grant what they need to each other's roles (the function may read \
                 the secret, write the table...) by adding statements to a role's policy in \
                 the same template (`SynthContext::grant`); a grant naming a role the stack \
                 has not added would give nothing to no one.",
        example: "// a custom construct's synthesize:\nctx.grant(scope, &LogicalId::new(\"NoSuchRole\")?, statement);",
        fix: "wire constructs of the same stack to each other",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html",
    }
    /// A reference to nothing in the template.
    DANGLING_REFERENCE = "E0009" => {
        title: "a reference points at nothing in the template",
        checks: "`Ref`, `Fn::GetAtt` and `Fn::Sub` may name only parameters, resources and \
                 pseudo parameters of the same template; CloudFormation refuses a template \
                 that names anything else.",
        example: "functions:\n  Detector:\n    code: {bucket: {ref: CodeBukcet}, key: bootstrap.zip}",
        fix: "wire only handles returned by this stack's `add`, and add every parameter the constructs use",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-ref.html",
    }
    /// A parameter CloudFormation refuses.
    PARAMETER_SETTINGS = "E0010" => {
        title: "a parameter's settings do not fit its type, contradict each other, or refuse its default",
        checks: "A `Number` parameter takes min_value and max_value, the other types take \
                 allowed_pattern, min_length and max_length; min_length and max_length are at \
                 most 4,096 (the longest parameter value), a minimum is not above its maximum, the description \
                 has at most 4,000 characters, and the default (each item of a list type's) \
                 satisfies the parameter's own allowed_values, lengths, pattern (matched \
                 whole) and range. CloudFormation refuses such a template when it is created.",
        example: "parameters:\n  BatchSize:\n    type: Number\n    description: Records per batch\n    default: 50000\n    max_value: 10000",
        fix: "remove the settings the type does not take, and give a default the constraints allow",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html",
    }
    /// Template metadata holding a null.
    METADATA_NULL = "E0011" => {
        title: "template metadata holds a null",
        checks: "Metadata values are strings, numbers, booleans, lists and maps; CloudFormation \
                 has no null, and a template whose metadata holds one does not validate.",
        example: "metadata:\n  Owner: null",
        fix: "give the entry a value, or remove it",
        docs: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/metadata-section-structure.html",
    }
}
