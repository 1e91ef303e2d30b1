//! `Fn::Sub` template text: the one parser of its `${…}` variables, and the escape that keeps
//! text literal.
//!
//! A template is text with variables: `${Name}` (a parameter, a resource's `Ref`, a pseudo
//! parameter or a variable of the `Fn::Sub` itself), `${Name.Attribute}` (a resource's
//! `Fn::GetAtt`), and `${!Text}`, which CloudFormation writes as the literal `${Text}`.
//! Whitespace inside the braces is not part of the name (cfn-lint reads `${ Name }` the same
//! way). A `${` without a closing `}` is plain text.

/// One piece of a `Fn::Sub` template, in the order written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubPiece<'a> {
    /// Text written as it is.
    Text(&'a str),
    /// `${!Text}`: CloudFormation writes `${Text}`; this holds `Text`.
    Escaped(&'a str),
    /// `${Name}` or `${Name.Attribute}`.
    Variable(SubVariable<'a>),
}

/// A `${Name}` or `${Name.Attribute}` of a `Fn::Sub` template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SubVariable<'a> {
    name: &'a str,
}

impl<'a> SubVariable<'a> {
    /// The whole name between the braces, e.g. `Table.Arn`.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// What the variable names: the part before the first `.` (`Table` of `Table.Arn`).
    pub fn target(&self) -> &'a str {
        self.name
            .split_once('.')
            .map_or(self.name, |(target, _)| target)
    }

    /// The attribute of `${Name.Attribute}`, if any.
    pub fn attribute(&self) -> Option<&'a str> {
        self.name.split_once('.').map(|(_, attribute)| attribute)
    }

    /// True for a pseudo parameter (`${AWS::Region}`), which every stack has.
    pub fn is_pseudo(&self) -> bool {
        self.name.starts_with("AWS::")
    }
}

/// The pieces of `template`, in order.
///
/// ```
/// use constructs::value::sub::{SubPiece, pieces};
/// let parts: Vec<SubPiece<'_>> = pieces("arn:${AWS::Partition}:s3:::${Bucket.Arn}/${!x}").collect();
/// assert_eq!(parts.len(), 6);
/// assert_eq!(parts[0], SubPiece::Text("arn:"));
/// assert_eq!(parts[5], SubPiece::Escaped("x"));
/// ```
pub fn pieces(template: &str) -> Pieces<'_> {
    Pieces { rest: template }
}

/// The variables of `template` (not its `${!…}` escapes), in order.
///
/// ```
/// use constructs::value::sub::variables;
/// let names: Vec<&str> = variables("a${X}b${!Y}${ Z.Arn }").map(|v| v.name()).collect();
/// assert_eq!(names, ["X", "Z.Arn"]);
/// ```
pub fn variables(template: &str) -> impl Iterator<Item = SubVariable<'_>> {
    pieces(template).filter_map(|piece| match piece {
        SubPiece::Variable(variable) => Some(variable),
        _ => None,
    })
}

/// `text` with every `${` written `${!`, so that `Fn::Sub` keeps it as it is instead of reading
/// a variable: for names and ids spliced into a `Fn::Sub` template (an invalid one may hold
/// `${`, which would otherwise become a reference to nothing).
pub(crate) fn sub_literal(text: &str) -> String {
    text.replace("${", "${!")
}

/// The iterator of [`pieces`].
#[derive(Debug, Clone)]
pub struct Pieces<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = SubPiece<'a>;

    fn next(&mut self) -> Option<SubPiece<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        let braced = self
            .rest
            .find("${")
            .and_then(|start| Some((start, self.rest[start + 2..].find('}')?)));
        let Some((start, len)) = braced else {
            let text = self.rest;
            self.rest = "";
            return Some(SubPiece::Text(text));
        };
        if start > 0 {
            let text = &self.rest[..start];
            self.rest = &self.rest[start..];
            return Some(SubPiece::Text(text));
        }
        let raw = &self.rest[2..2 + len];
        self.rest = &self.rest[2 + len + 1..];
        let name = raw.trim();
        Some(if name.starts_with('!') {
            // What follows the `!` is written as it is, spaces included.
            SubPiece::Escaped(raw.split_once('!').map_or("", |(_, text)| text))
        } else {
            SubPiece::Variable(SubVariable { name })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(template: &str) -> Vec<&str> {
        variables(template).map(|v| v.name()).collect()
    }

    #[test]
    fn variables_escapes_and_text() {
        assert_eq!(names("a${X}b${!Y}${Z.Arn}"), ["X", "Z.Arn"]);
        assert_eq!(names("${ Spaced }"), ["Spaced"]);
        assert_eq!(names("no variables"), Vec::<&str>::new());
        assert_eq!(names("${unclosed"), Vec::<&str>::new());
        assert_eq!(names("${}"), [""]);
        assert_eq!(
            pieces("x${!a}${b}${").collect::<Vec<_>>(),
            [
                SubPiece::Text("x"),
                SubPiece::Escaped("a"),
                SubPiece::Variable(SubVariable { name: "b" }),
                SubPiece::Text("${"),
            ]
        );
    }

    #[test]
    fn targets_and_attributes() {
        let v: Vec<SubVariable<'_>> = variables("${Table.Arn}${AWS::Region}${Q}").collect();
        assert_eq!((v[0].target(), v[0].attribute()), ("Table", Some("Arn")));
        assert!(v[1].is_pseudo() && !v[0].is_pseudo());
        assert_eq!((v[2].target(), v[2].attribute()), ("Q", None));
    }

    #[test]
    fn the_escape_makes_every_variable_literal() {
        let escaped = sub_literal("a${X}b${!Y}");
        assert_eq!(names(&escaped), Vec::<&str>::new());
        let written: String = pieces(&escaped)
            .map(|p| match p {
                SubPiece::Text(t) => t.to_owned(),
                SubPiece::Escaped(e) => format!("${{{e}}}"),
                SubPiece::Variable(v) => format!("<{}>", v.name()),
            })
            .collect();
        assert_eq!(written, "a${X}b${!Y}");
    }
}
