//! Charts drawn on the server as SVG, so they read with JavaScript off.
//! Each is a `<figure>` with a caption, an accessible name, and its
//! figures written on it (values at the ends of bars) or in the table the
//! page puts beside it; series differ by pattern as well as colour.

use leptos::prelude::*;

/// A round top for an axis at or above `max`, and the step between its
/// gridlines (1, 2 or 5 times a power of ten; four or five lines).
pub fn axis(max: i64) -> (i64, i64) {
    if max <= 0 {
        return (4, 1);
    }
    let rough = (max as f64 / 4.0).max(1.0);
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power) as i64;
    let top = (max + step - 1) / step * step;
    (top, step)
}

/// The fills of the series: solid, hatched, dotted, cross-hatched.
fn fill(chart: &str, series: usize) -> String {
    format!("url(#{chart}-p{})", series % 4)
}

/// The patterns behind [`fill`], in NHS.UK colours.
fn patterns(chart: &str) -> impl IntoView {
    let id = |n: u8| format!("{chart}-p{n}");
    view! {
        <defs>
            <pattern id=id(0) width="6" height="6" patternUnits="userSpaceOnUse">
                <rect width="6" height="6" fill="#005eb8"></rect>
            </pattern>
            <pattern id=id(1) width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect width="6" height="6" fill="#ffffff"></rect>
                <rect width="3" height="6" fill="#007f3b"></rect>
            </pattern>
            <pattern id=id(2) width="6" height="6" patternUnits="userSpaceOnUse">
                <rect width="6" height="6" fill="#fff9c4"></rect>
                <circle cx="3" cy="3" r="2" fill="#330072"></circle>
            </pattern>
            <pattern id=id(3) width="6" height="6" patternUnits="userSpaceOnUse">
                <rect width="6" height="6" fill="#ffffff"></rect>
                <path d="M0 0L6 6M6 0L0 6" stroke="#d5281b" stroke-width="1.5"></path>
            </pattern>
        </defs>
    }
}

/// The legend: each series' swatch (its pattern) and name.
#[component]
fn Legend(chart: String, series: Vec<String>) -> impl IntoView {
    view! {
        <ul class="rt-legend" aria-hidden="true">
            {series.into_iter().enumerate().map(|(n, name)| view! {
                <li>
                    <svg width="16" height="16" viewBox="0 0 16 16" class="rt-legend__swatch">
                        {patterns(&chart)}
                        <rect width="16" height="16" fill=fill(&chart, n) stroke="#425563"></rect>
                    </svg>
                    {name}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// Columns of stacked series, one column per label (weeks, phases…).
#[component]
pub fn StackedColumns(
    /// Unique on the page: the patterns' ids start with it.
    #[prop(into)]
    id: String,
    #[prop(into)] caption: String,
    series: Vec<String>,
    /// Each column's label and its value per series.
    columns: Vec<(String, Vec<i64>)>,
) -> impl IntoView {
    const W: f64 = 640.0;
    const H: f64 = 220.0;
    const LEFT: f64 = 44.0;
    const BOTTOM: f64 = 36.0;
    let max = columns
        .iter()
        .map(|(_, v)| v.iter().sum::<i64>())
        .max()
        .unwrap_or(0);
    let (top, step) = axis(max);
    let plot_h = H - BOTTOM - 8.0;
    let y = move |v: i64| 8.0 + plot_h - plot_h * v as f64 / top as f64;
    let band = (W - LEFT) / columns.len().max(1) as f64;
    let every = columns.len().div_ceil(12).max(1);
    let label = format!("{caption}. The figures are in the table that follows.");
    let grid = (0..=top / step).map(move |n| {
        let v = n * step;
        view! {
            <line x1=LEFT x2=W y1=y(v) y2=y(v) stroke="#d8dde0"></line>
            <text x=LEFT - 6.0 y=y(v) + 4.0 text-anchor="end" font-size="11">{v}</text>
        }
    });
    let chart = id.clone();
    let bars = columns.into_iter().enumerate().map(move |(i, (name, values))| {
        let x = LEFT + band * i as f64 + band * 0.15;
        let width = band * 0.7;
        let mut base = 0;
        let id = chart.clone();
        let segments = values
            .into_iter()
            .enumerate()
            .filter(|(_, v)| *v > 0)
            .map(|(s, v)| {
                let (from, to) = (base, base + v);
                base = to;
                view! { <rect x=x y=y(to) width=width height=y(from) - y(to) fill=fill(&id, s) stroke="#425563" stroke-width="0.5"></rect> }
            })
            .collect_view();
        let tick = (i % every == 0).then(|| view! {
            <text x=x + width / 2.0 y=H - BOTTOM + 16.0 text-anchor="middle" font-size="11">{name}</text>
        });
        view! { <g>{segments}{tick}</g> }
    });
    view! {
        <figure class="rt-chart">
            <figcaption class="rt-chart__caption">{caption.clone()}</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=label class="rt-chart__svg">
                {patterns(&id)}
                {grid.collect_view()}
                {bars.collect_view()}
            </svg>
            <Legend chart=id.clone() series=series/>
        </figure>
    }
}

/// Horizontal bars with their values written at their ends.
#[component]
pub fn Bars(
    #[prop(into)] id: String,
    #[prop(into)] caption: String,
    bars: Vec<(String, i64)>,
) -> impl IntoView {
    const W: f64 = 640.0;
    const ROW: f64 = 26.0;
    const LABEL: f64 = 240.0;
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let h = ROW * bars.len().max(1) as f64 + 4.0;
    let plot = W - LABEL - 56.0;
    let label = format!("{caption}. The figures are written on the chart.");
    let rows = bars.into_iter().enumerate().map(|(i, (name, v))| {
        let top = 2.0 + ROW * i as f64;
        let width = plot * v as f64 / max as f64;
        let short: String = if name.chars().count() > 36 {
            format!("{}…", name.chars().take(35).collect::<String>())
        } else {
            name.clone()
        };
        view! {
            <g>
                <text x=LABEL - 8.0 y=top + 17.0 text-anchor="end" font-size="12">{short}</text>
                <rect x=LABEL y=top + 4.0 width=width height=ROW - 8.0 fill="#005eb8"></rect>
                <text x=LABEL + width + 6.0 y=top + 17.0 font-size="12">{v}</text>
            </g>
        }
    });
    view! {
        <figure class="rt-chart" id=id>
            <figcaption class="rt-chart__caption">{caption}</figcaption>
            <svg viewBox=format!("0 0 {W} {h}") role="img" aria-label=label class="rt-chart__svg">
                {rows.collect_view()}
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::axis;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(axis(0), (4, 1));
        assert_eq!(axis(3), (3, 1));
        assert_eq!(axis(7), (8, 2));
        assert_eq!(axis(38), (40, 10));
        assert_eq!(axis(1234), (1500, 500));
        assert_eq!(axis(100_000), (100_000, 50_000));
    }
}
