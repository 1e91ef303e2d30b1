//! The SageMaker Random Cut Forest inference image: the registry account that serves it in
//! each region, the `Mappings` table and `Rules` entry that carry it into a template, and the
//! image URI and repository ARN derived from it.

use indexmap::IndexMap;

use crate::context::SynthContext;
use crate::intrinsic::Intrinsic;
use crate::logical_id::LogicalId;
use crate::template::{Mapping, Rule};
use crate::tree::Owner;
use crate::value::Value;

/// The ECR repository of the Random Cut Forest image.
pub const REPOSITORY: &str = "randomcutforest";
/// The image tag (the algorithm's version).
pub const IMAGE_TAG: &str = "1";

/// Region → ECR registry account of the Random Cut Forest image (version "1").
///
/// Source: repository `aws/sagemaker-python-sdk`, file
/// `src/sagemaker/image_uri_config/randomcutforest.json`, commit
/// `132fb947714c46c40e71163a39bcc15668c327c4` (37 regions; the same set as the SDK's newer
/// `sagemaker-core` configs of the other first-party algorithms).
pub const REGISTRIES: [(&str, &str); 37] = [
    ("af-south-1", "455444449433"),
    ("ap-east-1", "286214385809"),
    ("ap-northeast-1", "351501993468"),
    ("ap-northeast-2", "835164637446"),
    ("ap-northeast-3", "867004704886"),
    ("ap-south-1", "991648021394"),
    ("ap-south-2", "628508329040"),
    ("ap-southeast-1", "475088953585"),
    ("ap-southeast-2", "712309505854"),
    ("ap-southeast-3", "951798379941"),
    ("ap-southeast-4", "106583098589"),
    ("ca-central-1", "469771592824"),
    ("ca-west-1", "190319476487"),
    ("cn-north-1", "390948362332"),
    ("cn-northwest-1", "387376663083"),
    ("eu-central-1", "664544806723"),
    ("eu-central-2", "680994064768"),
    ("eu-north-1", "669576153137"),
    ("eu-south-1", "257386234256"),
    ("eu-south-2", "104374241257"),
    ("eu-west-1", "438346466558"),
    ("eu-west-2", "644912444149"),
    ("eu-west-3", "749696950732"),
    ("il-central-1", "898809789911"),
    ("me-central-1", "272398656194"),
    ("me-south-1", "249704162688"),
    ("sa-east-1", "855470959533"),
    ("us-east-1", "382416733822"),
    ("us-east-2", "404615174143"),
    ("us-gov-east-1", "237065988967"),
    ("us-gov-west-1", "226302683700"),
    ("us-iso-east-1", "490574956308"),
    ("us-isob-east-1", "765400339828"),
    ("us-isof-east-1", "108575199400"),
    ("us-isof-south-1", "124985052026"),
    ("us-west-1", "632365934929"),
    ("us-west-2", "174872318107"),
];

/// The `Mappings` table: region → `Account`.
const MAPPING_ID: &str = "RcfImageRegistry";
const ACCOUNT_KEY: &str = "Account";
/// The `Rules` entry that refuses regions without the image.
const RULE_ID: &str = "RcfImageRegion";

/// The registry account serving the image in `region`, when AWS publishes it there.
pub fn registry_account(region: &str) -> Option<&'static str> {
    REGISTRIES
        .iter()
        .find(|(r, _)| *r == region)
        .map(|(_, account)| *account)
}

/// Every region with the image, comma-separated, for messages.
pub(super) fn supported_list() -> String {
    REGISTRIES
        .iter()
        .map(|(r, _)| *r)
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a created endpoint's model and role reference of the image.
pub(super) struct RcfImage {
    /// `<account>.dkr.ecr.<region>.<url-suffix>/randomcutforest:1`.
    pub(super) uri: Value,
    /// `arn:<partition>:ecr:<region>:<account>:repository/randomcutforest`.
    pub(super) repository_arn: Value,
}

fn constant_id(id: &str) -> LogicalId {
    // The ids are ASCII-alphanumeric constants.
    LogicalId::new(id).unwrap_or_else(|_| unreachable!("constant logical id {id}"))
}

/// Adds the region table and the region rule (shared by every created endpoint of the
/// stack) and returns the image references, which look the account up by `AWS::Region`.
pub(super) fn register(ctx: &mut SynthContext) -> RcfImage {
    let mapping: Mapping = REGISTRIES
        .iter()
        .map(|(region, account)| {
            let mut row = IndexMap::new();
            row.insert(ACCOUNT_KEY.to_owned(), Value::from(*account));
            ((*region).to_owned(), row)
        })
        .collect();
    ctx.add_mapping(Owner::Stack, constant_id(MAPPING_ID), mapping);
    ctx.add_rule(Owner::Stack, constant_id(RULE_ID), region_rule());

    let account: Value = Intrinsic::FindInMap(
        MAPPING_ID.to_owned(),
        Value::region(),
        Value::from(ACCOUNT_KEY),
    )
    .into();
    let vars = || {
        let mut vars = IndexMap::new();
        vars.insert("RcfRegistry".to_owned(), account.clone());
        vars
    };
    RcfImage {
        uri: Value::sub_with(
            format!(
                "${{RcfRegistry}}.dkr.ecr.${{AWS::Region}}.${{AWS::URLSuffix}}/{REPOSITORY}:{IMAGE_TAG}"
            ),
            vars(),
        ),
        repository_arn: Value::sub_with(
            format!(
                "arn:${{AWS::Partition}}:ecr:${{AWS::Region}}:${{RcfRegistry}}:repository/{REPOSITORY}"
            ),
            vars(),
        ),
    }
}

/// `Fn::Contains [[every supported region], AWS::Region]`: CloudFormation evaluates rules
/// before it creates anything, so a stack in another region fails at once with this message.
fn region_rule() -> Rule {
    let regions = Value::list(REGISTRIES.iter().map(|(r, _)| *r));
    Rule::assert(
        Value::map([("Fn::Contains", Value::list([regions, Value::region()]))]),
        format!(
            "This stack creates a SageMaker Random Cut Forest endpoint, whose image AWS publishes only in {}. Deploy the stack in one of these regions.",
            supported_list()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_well_formed() {
        let regions: Vec<&str> = REGISTRIES.iter().map(|(r, _)| *r).collect();
        let mut sorted = regions.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(regions, sorted, "regions are sorted and unique");
        for (region, account) in REGISTRIES {
            assert!(region.split('-').count() >= 3, "{region}");
            assert!(
                account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()),
                "{account}"
            );
        }
    }

    #[test]
    fn looks_up_accounts() {
        assert_eq!(registry_account("us-east-1"), Some("382416733822"));
        assert_eq!(registry_account("eu-west-1"), Some("438346466558"));
        assert_eq!(registry_account("mx-central-1"), None);
        assert!(supported_list().starts_with("af-south-1, ap-east-1"));
    }

    #[test]
    fn rule_asserts_the_stack_region_is_supported() {
        let json = serde_json::to_value(region_rule()).unwrap_or_default();
        let contains = &json["Assertions"][0]["Assert"]["Fn::Contains"];
        assert_eq!(contains[0].as_array().map(Vec::len), Some(REGISTRIES.len()));
        assert_eq!(contains[1], serde_json::json!({"Ref": "AWS::Region"}));
        assert!(
            json["Assertions"][0]["AssertDescription"]
                .as_str()
                .is_some_and(|d| d.contains("us-west-2"))
        );
    }
}
