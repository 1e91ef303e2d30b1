//! Which NAB series develop the detector and which judge it.
//!
//! NAB's corpus (github.com/numenta/NAB, `data/` and `labels/combined_windows.json`) has seven
//! groups. The detector's settings were chosen on five of them, the **development** groups
//! (`realTraffic`, `realAdExchange`, `realTweets`, `artificialNoAnomaly`,
//! `artificialWithAnomaly`); the **held-out** series are the other two groups,
//! `realKnownCause` and `realAWSCloudwatch`, less the four of them kept in this repository's
//! test fixtures (an earlier release chose its shingle and cooldown on those, so they are
//! neither).

/// The groups whose series choose the detector's settings.
pub const DEVELOPMENT_GROUPS: [&str; 5] = [
    "realTraffic",
    "realAdExchange",
    "realTweets",
    "artificialNoAnomaly",
    "artificialWithAnomaly",
];

/// The groups whose series judge the detector.
pub const HELD_OUT_GROUPS: [&str; 2] = ["realKnownCause", "realAWSCloudwatch"];

/// The held-out groups' series that are in the test fixtures (seen before): not held out.
pub const SEEN_FIXTURES: [&str; 4] = [
    "realKnownCause/nyc_taxi.csv",
    "realAWSCloudwatch/ec2_cpu_utilization_825cc2.csv",
    "realAWSCloudwatch/elb_request_count_8c0756.csv",
    "realAWSCloudwatch/rds_cpu_utilization_cc0c53.csv",
];

/// A part of the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Split {
    /// Every series the windows file names.
    All,
    /// The development groups' series.
    Development,
    /// The held-out groups' series, less the ones in the test fixtures.
    HeldOut,
}

/// A series' group: the directory its name (as in the windows file) starts with.
pub fn group(name: &str) -> &str {
    name.split('/').next().unwrap_or(name)
}

impl Split {
    /// Whether the series `name` (as in the windows file) is in this part.
    ///
    /// ```
    /// use detect::nab::split::Split;
    ///
    /// assert!(Split::Development.includes("realTweets/Twitter_volume_AAPL.csv"));
    /// assert!(Split::HeldOut.includes("realKnownCause/rogue_agent_key_hold.csv"));
    /// assert!(!Split::HeldOut.includes("realKnownCause/nyc_taxi.csv"));
    /// assert!(Split::All.includes("realKnownCause/nyc_taxi.csv"));
    /// ```
    pub fn includes(&self, name: &str) -> bool {
        match self {
            Split::All => true,
            Split::Development => DEVELOPMENT_GROUPS.contains(&group(name)),
            Split::HeldOut => {
                HELD_OUT_GROUPS.contains(&group(name)) && !SEEN_FIXTURES.contains(&name)
            }
        }
    }
}
