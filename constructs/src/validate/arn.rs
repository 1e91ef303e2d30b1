//! ARNs, split into their parts: what ARN checks read.

/// The parts of an ARN: `arn:partition:service:region:account:resource`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`, …
    pub partition: &'a str,
    /// e.g. `secretsmanager`
    pub service: &'a str,
    /// e.g. `us-east-1` (may be empty for global services)
    pub region: &'a str,
    /// 12-digit account id (may be empty for some services)
    pub account: &'a str,
    /// The rest, e.g. `secret:name-AbCdEf`
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Splits a literal ARN; `None` when it is not one.
    pub fn parse(s: &'a str) -> Option<Self> {
        let mut parts = s.splitn(6, ':');
        if parts.next()? != "arn" {
            return None;
        }
        let partition = parts.next()?;
        let service = parts.next()?;
        let region = parts.next()?;
        let account = parts.next()?;
        let resource = parts.next()?;
        let ok = partition.starts_with("aws")
            && partition
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-')
            && !service.is_empty()
            && (account.is_empty()
                || (account.len() == 12 && account.chars().all(|c| c.is_ascii_digit())))
            && !resource.is_empty()
            && !s.chars().any(char::is_whitespace);
        ok.then_some(Self {
            partition,
            service,
            region,
            account,
            resource,
        })
    }
}
