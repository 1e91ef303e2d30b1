//! What CloudFormation refuses in a parameter: settings its type does not take, bounds that
//! contradict each other, and a default its own constraints refuse.

use super::parameter::{Parameter, ParameterType};
use crate::value::Value;

/// CloudFormation's longest parameter value, and so the largest `MaxLength`.
const MAX_VALUE_LEN: u32 = 4096;
/// CloudFormation's longest parameter description.
const MAX_DESCRIPTION_LEN: usize = 4000;

/// One refused setting: the setting (as the stack file names it), what is wrong, the fix.
pub(crate) type ParameterProblem = (&'static str, String, String);

impl Parameter {
    /// The value of `setting`, as messages show it.
    pub(crate) fn setting_value(&self, setting: &str) -> Option<String> {
        let number = |n: Option<i64>| n.map(|n| n.to_string());
        let length = |n: Option<u32>| n.map(|n| n.to_string());
        match setting {
            "default" => self.default.as_ref().map(Value::describe),
            "allowed_pattern" => self.allowed_pattern.as_ref().map(|p| format!("{p:?}")),
            "min_length" => length(self.min_length),
            "max_length" => length(self.max_length),
            "min_value" => number(self.min_value),
            "max_value" => number(self.max_value),
            _ => None,
        }
    }
}

impl Parameter {
    /// Every setting of this parameter CloudFormation refuses.
    pub(crate) fn problems(&self) -> Vec<ParameterProblem> {
        let mut out: Vec<ParameterProblem> = Vec::new();
        let number = self.parameter_type == ParameterType::Number;
        let not_for = |setting: &'static str, which: &str| -> ParameterProblem {
            (
                setting,
                format!("is not a setting of {which} parameter"),
                format!("remove {setting}, or change the parameter's type"),
            )
        };
        if number {
            for (setting, set) in [
                ("allowed_pattern", self.allowed_pattern.is_some()),
                ("min_length", self.min_length.is_some()),
                ("max_length", self.max_length.is_some()),
            ] {
                if set {
                    out.push(not_for(setting, "a Number"));
                }
            }
        } else {
            for (setting, set) in [
                ("min_value", self.min_value.is_some()),
                ("max_value", self.max_value.is_some()),
            ] {
                if set {
                    out.push(not_for(setting, "a non-Number"));
                }
            }
        }
        for (setting, length) in [
            ("min_length", self.min_length),
            ("max_length", self.max_length),
        ] {
            if length.is_some_and(|n| n > MAX_VALUE_LEN) {
                out.push((
                    setting,
                    format!(
                        "is above {MAX_VALUE_LEN}, the longest parameter value CloudFormation takes"
                    ),
                    format!("set {setting} to {MAX_VALUE_LEN} or less"),
                ));
            }
        }
        if let (Some(min), Some(max)) = (self.min_length, self.max_length) {
            if min > max {
                out.push(bounds("min_length", "max_length"));
            }
        }
        if let (Some(min), Some(max)) = (self.min_value, self.max_value) {
            if min > max {
                out.push(bounds("min_value", "max_value"));
            }
        }
        if self.description.chars().count() > MAX_DESCRIPTION_LEN {
            out.push((
                "description",
                format!("is longer than CloudFormation's {MAX_DESCRIPTION_LEN} characters"),
                "shorten the description".to_owned(),
            ));
        }
        for value in &self.allowed_values {
            if text(value).is_some_and(|t| t.chars().count() > MAX_VALUE_LEN as usize) {
                out.push((
                    "allowed_values",
                    format!("holds a value longer than {MAX_VALUE_LEN} characters"),
                    "shorten or remove the value".to_owned(),
                ));
            }
        }
        if let Some(default) = &self.default {
            out.extend(self.default_problems(default));
        }
        out
    }

    /// Why the parameter's own constraints refuse `default` (each item of a list type's
    /// comma-separated default), if they do.
    fn default_problems(&self, default: &Value) -> Vec<ParameterProblem> {
        let Some(whole) = text(default) else {
            return Vec::new(); // an intrinsic: CloudFormation refuses it at deploy time
        };
        let refuse = |why: String| -> ParameterProblem {
            (
                "default",
                why,
                "give a default the parameter's own constraints allow, or change them".to_owned(),
            )
        };
        let mut out = Vec::new();
        if whole.chars().count() > MAX_VALUE_LEN as usize {
            out.push(refuse(format!("is longer than {MAX_VALUE_LEN} characters")));
        }
        if !self.allowed_values.is_empty() && !self.allowed_values.contains(default) {
            let items: Vec<&str> = whole.split(',').map(str::trim).collect();
            let listed = |item: &str| self.allowed_values.iter().any(|v| v.as_str() == Some(item));
            if !(self.is_list() && items.iter().all(|item| listed(item))) {
                out.push(refuse("is not one of allowed_values".to_owned()));
            }
        }
        let items: Vec<String> = if self.is_list() {
            whole
                .split(',')
                .map(|item| item.trim().to_owned())
                .collect()
        } else {
            vec![whole.clone()]
        };
        for item in &items {
            let len = item.chars().count();
            if self.min_length.is_some_and(|min| len < min as usize) {
                out.push(refuse(format!("{item:?} is shorter than min_length")));
            }
            if self.max_length.is_some_and(|max| len > max as usize) {
                out.push(refuse(format!("{item:?} is longer than max_length")));
            }
            if let Some(pattern) = &self.allowed_pattern {
                // CloudFormation matches the whole value. A pattern this check cannot read
                // (another dialect's syntax) is left to CloudFormation.
                let whole_match = regex_lite::Regex::new(&format!("^(?:{pattern})$"));
                if whole_match.is_ok_and(|re| !re.is_match(item)) {
                    out.push(refuse(format!("{item:?} does not match allowed_pattern")));
                }
            }
        }
        if self.parameter_type == ParameterType::Number {
            match default
                .as_f64()
                .or_else(|| whole.trim().parse::<f64>().ok())
            {
                None => out.push(refuse("is not a number".to_owned())),
                Some(n) => {
                    if self.min_value.is_some_and(|min| n < min as f64) {
                        out.push(refuse("is below min_value".to_owned()));
                    }
                    if self.max_value.is_some_and(|max| n > max as f64) {
                        out.push(refuse("is above max_value".to_owned()));
                    }
                }
            }
        }
        out
    }

    /// True for the types whose value is a comma-separated list.
    fn is_list(&self) -> bool {
        matches!(
            self.parameter_type,
            ParameterType::CommaDelimitedList
                | ParameterType::SubnetIds
                | ParameterType::SecurityGroupIds
        )
    }
}

/// `min` is above `max`.
fn bounds(min: &'static str, max: &'static str) -> ParameterProblem {
    (
        min,
        format!("is above {max}, so no value is allowed"),
        format!("set {min} to at most {max}"),
    )
}

/// A literal as the text CloudFormation reads (`None` for an intrinsic, a list or a map).
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
