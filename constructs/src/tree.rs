//! The construct tree of a synthesized stack: which construct emitted which logical id.
//!
//! The stack is the root node; it owns what no single construct does (its parameters and own
//! outputs, the shared encryption key, tables several constructs share). Below it are the
//! constructs in the order they were added, each with its path, its kind and the logical ids
//! of the resources, outputs, conditions, mappings and rules it emitted. Every entry of the
//! template belongs to exactly one node, so tools (`synth diagram`, a diff of two templates)
//! read ownership here instead of guessing it from names.

use std::fmt;

use crate::logical_id::LogicalId;
use crate::scope::Scope;

/// The template section a logical id is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// `Parameters`
    Parameter,
    /// `Mappings`
    Mapping,
    /// `Conditions`
    Condition,
    /// `Rules`
    Rule,
    /// `Resources`
    Resource,
    /// `Outputs`
    Output,
}

impl Section {
    /// The section's name in a template, e.g. `Resources`.
    pub fn name(self) -> &'static str {
        match self {
            Section::Parameter => "Parameters",
            Section::Mapping => "Mappings",
            Section::Condition => "Conditions",
            Section::Rule => "Rules",
            Section::Resource => "Resources",
            Section::Output => "Outputs",
        }
    }
}

/// A template entry a node emitted: its section and logical id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Emitted {
    /// The section.
    pub section: Section,
    /// The logical id.
    pub id: LogicalId,
}

impl fmt::Display for Emitted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.section.name(), self.id)
    }
}

/// Who adds a template entry while the stack synthesizes: the stack itself, or the construct
/// at a scope. What a construct adds on behalf of another (a source's mapping, emitted while
/// the function that consumes it synthesizes) names the other's scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner<'a> {
    /// The stack: shared entries no single construct owns.
    Stack,
    /// The construct at this scope.
    Construct(&'a Scope),
}

impl<'a> From<&'a Scope> for Owner<'a> {
    fn from(scope: &'a Scope) -> Self {
        Owner::Construct(scope)
    }
}

/// A node of the tree: the stack, or one construct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstructNode {
    path: String,
    kind: &'static str,
    is_stack: bool,
    logical_ids: Vec<Emitted>,
}

impl ConstructNode {
    /// The construct's path in the stack (`AppLogs`), as messages name it; the stack's name
    /// for the stack node.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The construct's kind (`KafkaSource`); `Stack` for the stack node.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// True for the stack node.
    pub fn is_stack(&self) -> bool {
        self.is_stack
    }

    /// Everything this node emitted, in the order it was added.
    pub fn logical_ids(&self) -> &[Emitted] {
        &self.logical_ids
    }

    /// The logical ids of the resources this node emitted, in the order they were added.
    pub fn resources(&self) -> impl Iterator<Item = &LogicalId> {
        self.in_section(Section::Resource)
    }

    /// The logical ids this node emitted into `section`.
    pub fn in_section(&self, section: Section) -> impl Iterator<Item = &LogicalId> {
        self.logical_ids
            .iter()
            .filter(move |e| e.section == section)
            .map(|e| &e.id)
    }

    fn owns(&self, section: Section, id: &LogicalId) -> bool {
        self.logical_ids
            .iter()
            .any(|e| e.section == section && e.id == *id)
    }
}

/// The construct tree of a synthesized stack (see [`Synthesized::tree`](crate::Synthesized::tree)).
///
/// ```
/// use constructs::{
///     AnomalyFunction, FunctionCode, KafkaSource, LogicalId, Parameter, RcfEndpoint, Stack,
///     StartingPosition,
/// };
/// let mut stack = Stack::new("orders-anomaly");
/// let cluster = stack.add_parameter("ClusterArn", Parameter::string("ARN of the MSK cluster"));
/// let logs = stack.add(
///     "AppLogs",
///     KafkaSource::msk(cluster, "app-logs").starting_position(StartingPosition::Latest),
/// );
/// let scorer = stack.add("Scorer", RcfEndpoint::existing("rcf-anomaly-endpoint"));
/// stack.add(
///     "Detector",
///     AnomalyFunction::new(FunctionCode::s3("my-artifacts", "bootstrap.zip"))
///         .scorer(&scorer)
///         .add_source(&logs),
/// );
/// let synthesized = stack.synth().expect("valid");
/// let tree = &synthesized.tree;
///
/// // The source owns its mapping, though the function's synthesis emitted it.
/// let mapping = LogicalId::new("AppLogsMapping").expect("valid");
/// let owner = tree.owner_of(&mapping).expect("emitted");
/// assert_eq!((owner.kind(), owner.path()), ("KafkaSource", "AppLogs"));
///
/// // The shared key and the parameters belong to the stack node.
/// for id in ["EncryptionKey", "ClusterArn"] {
///     let id = LogicalId::new(id).expect("valid");
///     assert!(tree.owner_of(&id).is_some_and(|node| node.is_stack()));
/// }
///
/// let kinds: Vec<&str> = tree.constructs().map(|node| node.kind()).collect();
/// assert_eq!(kinds, ["KafkaSource", "RcfEndpoint", "AnomalyFunction"]);
/// let detector = tree.constructs().find(|node| node.path() == "Detector").expect("added");
/// let resources: Vec<&str> = detector.resources().map(LogicalId::as_str).collect();
/// // The role's managed policy is recorded when synthesis ends, once every grant is known.
/// assert_eq!(
///     resources,
///     ["DetectorLogGroup", "DetectorRole", "DetectorFunction", "DetectorRolePolicy"]
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstructTree {
    stack: ConstructNode,
    constructs: Vec<ConstructNode>,
}

impl ConstructTree {
    /// A tree with the stack node (named `stack_path`) and one node per construct, given as
    /// (scope, kind) in the order they were added.
    pub(crate) fn new<'a>(
        stack_path: String,
        constructs: impl IntoIterator<Item = (&'a Scope, &'static str)>,
    ) -> Self {
        Self {
            stack: ConstructNode {
                path: stack_path,
                kind: "Stack",
                is_stack: true,
                logical_ids: Vec::new(),
            },
            constructs: constructs
                .into_iter()
                .map(|(scope, kind)| ConstructNode {
                    path: scope.path(),
                    kind,
                    is_stack: false,
                    logical_ids: Vec::new(),
                })
                .collect(),
        }
    }

    /// Records that `owner` emitted `id` into `section`. The first owner of an entry keeps it
    /// (a shared table added again by a second construct stays where it was). An owner scope
    /// that is no construct's belongs to the construct whose path is its nearest prefix
    /// (a nested scope), else to the stack.
    pub(crate) fn record(&mut self, owner: Owner<'_>, section: Section, id: &LogicalId) {
        if self.owner_in(section, id).is_some() {
            return;
        }
        let node = match owner {
            Owner::Stack => None,
            Owner::Construct(scope) => {
                let path = scope.path();
                self.constructs
                    .iter()
                    .enumerate()
                    .filter(|(_, node)| {
                        path == node.path
                            || path
                                .strip_prefix(node.path.as_str())
                                .is_some_and(|rest| rest.starts_with('/'))
                    })
                    .max_by_key(|(_, node)| node.path.len())
                    .map(|(i, _)| i)
            }
        };
        let node = match node {
            Some(i) => &mut self.constructs[i],
            None => &mut self.stack,
        };
        node.logical_ids.push(Emitted {
            section,
            id: id.clone(),
        });
    }

    /// The stack node.
    pub fn stack(&self) -> &ConstructNode {
        &self.stack
    }

    /// The constructs, in the order they were added to the stack (the stack node excluded).
    pub fn constructs(&self) -> impl Iterator<Item = &ConstructNode> {
        self.constructs.iter()
    }

    /// Every node: the stack node first, then the constructs.
    pub fn nodes(&self) -> impl Iterator<Item = &ConstructNode> {
        std::iter::once(&self.stack).chain(&self.constructs)
    }

    /// The node that emitted the resource `id`, or, when no resource has that id, the
    /// parameter, mapping, condition, rule or output of that id.
    pub fn owner_of(&self, id: &LogicalId) -> Option<&ConstructNode> {
        [
            Section::Resource,
            Section::Parameter,
            Section::Mapping,
            Section::Condition,
            Section::Rule,
            Section::Output,
        ]
        .into_iter()
        .find_map(|section| self.owner_in(section, id))
    }

    /// The node that emitted `id` into `section`.
    pub fn owner_in(&self, section: Section, id: &LogicalId) -> Option<&ConstructNode> {
        self.nodes().find(|node| node.owns(section, id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> LogicalId {
        LogicalId::new(s).unwrap()
    }

    #[test]
    fn entries_go_to_their_owner_and_stay_with_the_first() {
        let logs = Scope::root("AppLogs");
        let app = Scope::root("App");
        let mut tree = ConstructTree::new("demo".into(), [(&logs, "KafkaSource"), (&app, "X")]);
        tree.record(Owner::from(&logs), Section::Resource, &id("AppLogsMapping"));
        tree.record(Owner::Stack, Section::Resource, &id("EncryptionKey"));
        tree.record(Owner::from(&app), Section::Mapping, &id("Shared"));
        tree.record(Owner::from(&logs), Section::Mapping, &id("Shared"));
        let nested = logs.child("Inner");
        tree.record(
            Owner::from(&nested),
            Section::Output,
            &id("AppLogsInnerOut"),
        );
        let stranger = Scope::root("Elsewhere");
        tree.record(Owner::from(&stranger), Section::Condition, &id("Lost"));

        let owner = |s: &str| tree.owner_of(&id(s)).map(ConstructNode::path);
        assert_eq!(owner("AppLogsMapping"), Some("AppLogs"));
        assert_eq!(owner("EncryptionKey"), Some("demo"));
        assert_eq!(owner("Shared"), Some("App"));
        assert_eq!(owner("AppLogsInnerOut"), Some("AppLogs"));
        assert_eq!(owner("Lost"), Some("demo"));
        assert_eq!(owner("Nothing"), None);
        assert!(tree.stack().is_stack());
        assert_eq!(tree.nodes().count(), 3);
        let emitted: Vec<String> = tree
            .constructs()
            .next()
            .into_iter()
            .flat_map(|n| n.logical_ids().iter().map(ToString::to_string))
            .collect();
        assert_eq!(
            emitted,
            ["Resources.AppLogsMapping", "Outputs.AppLogsInnerOut"]
        );
    }
}
