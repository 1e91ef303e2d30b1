//! Pictures of scored series (feature `plot`): the values with the labelled anomaly windows
//! above, the scores with the threshold below, the flagged points marked in both. Drawn as SVG
//! by `plotters`, whose SVG backend writes text as SVG text: no font files and no system
//! libraries are needed.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::cli::SeriesPlot;

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 640;
const VALUE: RGBColor = RGBColor(31, 119, 180);
const SCORE: RGBColor = RGBColor(90, 90, 90);
const LEVEL: RGBColor = RGBColor(255, 127, 14);
const FLAG: RGBColor = RGBColor(214, 39, 40);
const WINDOW: RGBColor = RGBColor(44, 160, 44);

/// Draws `plot` into the SVG file `path` (a [`Plotter`](crate::cli::Plotter)).
pub fn draw(plot: &SeriesPlot<'_>, path: &Path) -> Result<(), String> {
    let root = SVGBackend::new(path, (WIDTH, HEIGHT)).into_drawing_area();
    draw_on(&root, plot).map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
}

/// The range of `values` (finite ones), widened a little so the lines keep off the frame.
fn span(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.05).max(1e-9);
    (lo - pad, hi + pad)
}

fn draw_on<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    plot: &SeriesPlot<'_>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let root = root.titled(plot.title, ("sans-serif", 20))?;
    let (upper, lower) = root.split_vertically(HEIGHT * 11 / 20);
    let n = plot.values.len().max(2);
    let x_label = |i: &usize| {
        plot.timestamps
            .get(*i)
            .map(|t| t.chars().take(10).collect())
            .unwrap_or_default()
    };

    let (lo, hi) = span(plot.values.iter().copied());
    let mut values = ChartBuilder::on(&upper)
        .margin(8)
        .x_label_area_size(24)
        .y_label_area_size(70)
        .build_cartesian_2d(0..n, lo..hi)?;
    values
        .configure_mesh()
        .disable_mesh()
        .x_labels(8)
        .x_label_formatter(&x_label)
        .y_desc("value")
        .draw()?;
    for w in plot.windows {
        values.draw_series(std::iter::once(Rectangle::new(
            [(*w.start(), lo), (*w.end() + 1, hi)],
            WINDOW.mix(0.18).filled(),
        )))?;
    }
    values
        .draw_series(LineSeries::new(
            plot.values.iter().enumerate().map(|(i, v)| (i, *v)),
            VALUE.stroke_width(1),
        ))?
        .label("value")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], VALUE));
    values
        .draw_series(flagged(plot, plot.values).map(|p| Circle::new(p, 4, FLAG.filled())))?
        .label("flagged")
        .legend(|(x, y)| Circle::new((x + 8, y), 4, FLAG.filled()));
    if !plot.windows.is_empty() {
        values
            .draw_series(std::iter::empty::<Rectangle<(usize, f64)>>())?
            .label("labelled window")
            .legend(|(x, y)| {
                Rectangle::new([(x, y - 5), (x + 16, y + 5)], WINDOW.mix(0.3).filled())
            });
    }
    values
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .position(SeriesLabelPosition::UpperLeft)
        .draw()?;

    let levels = plot.levels.iter().flatten().copied();
    let (lo, hi) = span(plot.scores.iter().copied().chain(levels));
    let mut scores = ChartBuilder::on(&lower)
        .margin(8)
        .x_label_area_size(30)
        .y_label_area_size(70)
        .build_cartesian_2d(0..n, lo.max(0.0)..hi)?;
    scores
        .configure_mesh()
        .disable_mesh()
        .x_labels(8)
        .x_label_formatter(&x_label)
        .y_desc("score")
        .draw()?;
    scores
        .draw_series(LineSeries::new(
            plot.scores.iter().enumerate().map(|(i, s)| (i, *s)),
            SCORE.stroke_width(1),
        ))?
        .label("score")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], SCORE));
    // The threshold, in runs where there is one.
    let mut run: Vec<(usize, f64)> = Vec::new();
    let mut runs = Vec::new();
    for (i, level) in plot.levels.iter().enumerate() {
        match level {
            Some(l) => run.push((i, *l)),
            None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    runs.push(run);
    for (r, points) in runs.into_iter().filter(|r| !r.is_empty()).enumerate() {
        let series = scores.draw_series(LineSeries::new(points, LEVEL.stroke_width(1)))?;
        if r == 0 {
            series
                .label("threshold")
                .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], LEVEL));
        }
    }
    scores.draw_series(flagged(plot, plot.scores).map(|p| Circle::new(p, 4, FLAG.filled())))?;
    scores
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .position(SeriesLabelPosition::UpperLeft)
        .draw()?;
    Ok(())
}

/// The flagged points of `ys`.
fn flagged<'a>(plot: &'a SeriesPlot<'_>, ys: &'a [f64]) -> impl Iterator<Item = (usize, f64)> + 'a {
    plot.anomalies
        .iter()
        .zip(ys)
        .enumerate()
        .filter(|(_, (a, _))| **a)
        .map(|(i, (_, y))| (i, *y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_an_svg_with_its_text() {
        let n = 300;
        let timestamps: Vec<String> = (0..n)
            .map(|i| format!("2014-01-{:02} 00:00:00", 1 + i / 30))
            .collect();
        let values: Vec<f64> = (0..n).map(|i| (f64::from(i) / 9.0).sin()).collect();
        let scores: Vec<f64> = (0..n).map(|i| if i == 200 { 4.0 } else { 1.0 }).collect();
        let levels: Vec<Option<f64>> = (0..n).map(|i| (i >= 50).then_some(2.0)).collect();
        let anomalies: Vec<bool> = (0..n).map(|i| i == 200).collect();
        let windows = [190..=210];
        let plot = SeriesPlot {
            title: "test/series.csv",
            timestamps: &timestamps,
            values: &values,
            scores: &scores,
            levels: &levels,
            anomalies: &anomalies,
            windows: &windows,
        };
        let path = std::env::temp_dir().join(format!("detect-plot-{}.svg", std::process::id()));
        draw(&plot, &path).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..50]);
        for text in [
            "test/series.csv",
            "threshold",
            "labelled window",
            "2014-01-07",
            "score",
        ] {
            assert!(svg.contains(text), "no {text}");
        }
    }
}
