//! The model file: a trained forest with its feature names and training score distribution.

use serde::{Deserialize, Serialize};

use super::RcfError;
use super::forest::Forest;
use super::params::ForestParams;
use super::summary::ScoreSummary;

/// The model file format this build writes. It also reads version 1, whose points were
/// `f64` (they load as `f32`, the forest's own precision since version 2).
pub const FORMAT_VERSION: u32 = 2;

/// A trained forest, as stored in a model file (JSON; the forest as its samples, see
/// [`Forest`]'s serde form).
///
/// ```
/// use detect::rcf::{ForestParams, Model, train};
///
/// let rows: Vec<f64> = (0..600).map(|i| f64::from(i % 7)).collect();
/// let params = ForestParams { trees: 20, sample_size: 64, ..ForestParams::default() };
/// let model = train(&rows, 2, vec!["a".into(), "b".into()], params)?;
/// let bytes = model.to_bytes();
/// let loaded = Model::from_bytes(&bytes)?;
/// assert_eq!(loaded.to_bytes(), bytes);
/// assert_eq!(loaded.forest.score(&[3.0, 4.0]), model.forest.score(&[3.0, 4.0]));
/// # Ok::<(), detect::rcf::RcfError>(())
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// [`FORMAT_VERSION`] when written.
    pub format_version: u32,
    /// The features, in the order of a point's values.
    pub features: Vec<String>,
    /// The forest's parameters.
    pub params: ForestParams,
    /// The scores of the training rows (after the warm-up), scored as they streamed in.
    pub training: ScoreSummary,
    /// The forest.
    pub forest: Forest,
}

impl Model {
    /// The model file's bytes (compact JSON).
    pub fn to_bytes(&self) -> Vec<u8> {
        // Cannot fail: every map key is a string and every value serialises (serde_json
        // writes non-finite floats as null rather than failing).
        #[allow(clippy::expect_used)]
        serde_json::to_vec(self).expect("a model always serialises to JSON")
    }

    /// Reads a model file, checking it fits together (format version, features, parameters
    /// and forest).
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, RcfError> {
        #[derive(Deserialize)]
        struct Version {
            format_version: Option<u32>,
        }
        let version: Version = serde_json::from_slice(bytes)
            .map_err(|e| RcfError::BadModel(format!("not a model file (JSON): {e}")))?;
        match version.format_version {
            Some(1 | FORMAT_VERSION) => {}
            Some(v) => {
                return Err(RcfError::BadModel(format!(
                    "format version {v}; this build reads versions 1 to {FORMAT_VERSION}"
                )));
            }
            None => return Err(RcfError::BadModel("no `format_version`".into())),
        }
        let mut model: Model =
            serde_json::from_slice(bytes).map_err(|e| RcfError::BadModel(e.to_string()))?;
        model.format_version = FORMAT_VERSION;
        if model.features.len() != model.forest.dimensions() {
            return Err(RcfError::BadModel(format!(
                "{} features named for a forest of {} dimensions",
                model.features.len(),
                model.forest.dimensions()
            )));
        }
        if model.params != *model.forest.params() {
            return Err(RcfError::BadModel(
                "the model's parameters differ from its forest's".into(),
            ));
        }
        Ok(model)
    }
}

/// Trains a model on `rows` (row-major, `width` values per row, one name per value in
/// `features`): streams the rows through a new forest, scoring each before learning it, and
/// summarises the scores after the warm-up. Deterministic given `params.seed`.
///
/// The returned forest is in its stored form (trees rebuilt from their samples), so it
/// scores exactly as the loaded model file will.
pub fn train(
    rows: &[f64],
    width: usize,
    features: Vec<String>,
    params: ForestParams,
) -> Result<Model, RcfError> {
    if features.len() != width {
        return Err(RcfError::BadTrainingData(format!(
            "{} feature names for rows of {width} values",
            features.len()
        )));
    }
    let mut forest = Forest::new(width, params)?;
    if rows.len() % width != 0 {
        return Err(RcfError::BadTrainingData(format!(
            "{} values do not make rows of {width}",
            rows.len()
        )));
    }
    let mut scores = Vec::with_capacity(rows.len() / width);
    for (i, row) in rows.chunks_exact(width).enumerate() {
        let warm = forest.is_warm();
        let score = forest
            .try_score_then_update(row)
            .map_err(|e| RcfError::BadTrainingData(format!("row {}: {e}", i + 1)))?;
        if warm {
            scores.push(score);
        }
    }
    if scores.is_empty() {
        return Err(RcfError::BadTrainingData(format!(
            "{} rows are too few: the forest scores after {} rows (a quarter of the sample size, plus the shingle)",
            rows.len() / width,
            params.warm_up() + params.shingle_size as u64 - 1
        )));
    }
    Ok(Model {
        format_version: FORMAT_VERSION,
        features,
        params,
        training: ScoreSummary::from_scores(&scores),
        forest: forest.canonical()?,
    })
}
