"""framing.plots: tidy data in, Axes out, readable labels, colour-blind-safe palettes."""

from __future__ import annotations

from itertools import pairwise

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import seaborn as sns
from matplotlib.colors import to_hex

import framing
from framing import plots as fp
from framing.compare import group_intervals, keyness
from framing.errors import FramingInputError


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def targets():
    return pd.DataFrame({
        "doc_id": ["a", "a", "b", "b", "c", "c", "c"],
        "outlet": ["X", "X", "Y", "Y", "Y", "Y", "Y"],
        "target": ["Iran", "Pakistan", "Iran", "Pakistan", "Iran", "Pakistan", "India"],
        "sentiment_mentions": [10, 4, 3, 1, 1, 6, 1],
        "sentiment_tone_mean": [-0.2, 0.1, 0.3, 0.5, -0.5, 0.0, 0.9],
    })


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_tone_heatmap_weights_counts_and_blanks(targets):
    _, ax = plt.subplots()
    out = fp.tone_heatmap(targets, row="outlet", min_count=2, ax=ax)
    assert out is ax
    labels = texts(ax)
    # Y/Iran: (3 * 0.3 + 1 * -0.5) / 4 = +0.10 from 4 mentions; India (1 mention) is blank
    assert "+0.10\n(4)" in labels and "-0.20\n(10)" in labels
    assert not any("+0.90" in t for t in labels)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Iran", "Pakistan", "India"]  # by mentions
    mesh = ax.collections[0]
    assert mesh.norm.vmin == -mesh.norm.vmax                             # diverging, centred at 0
    low, high = mesh.cmap(mesh.norm(mesh.norm.vmin)), mesh.cmap(mesh.norm(mesh.norm.vmax))
    assert low[0] > low[2] and high[2] > high[0]                         # red negative, blue positive
    assert ax.get_xlabel() == "Target" and ax.get_ylabel() == "Outlet"


def test_tone_heatmap_errors_name_the_missing_column(targets):
    with pytest.raises(FramingInputError, match="tone_heatmap needs column"):
        fp.tone_heatmap(targets.drop(columns="sentiment_mentions"))


def test_intervals_plot_draws_one_series_per_metric():
    iv = pd.DataFrame({
        "group": ["X", "Y", "X", "Y"],
        "metric": ["hedging_hedges_per_1k"] * 2 + ["hedging_boosters_per_1k"] * 2,
        "estimate": [10.0, 12.0, 1.0, np.nan], "ci_low": [8.0, 9.0, 0.5, np.nan],
        "ci_high": [12.0, 15.0, 1.5, np.nan]})
    iv.attrs["ci"] = 0.95
    ax = fp.intervals_plot(iv)
    assert len(ax.containers) == 2
    assert [t.get_text() for t in ax.get_yticklabels()] == ["X", "Y"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["hedges per 1,000 words", "boosters per 1,000 words"]
    one = fp.intervals_plot(iv[iv.metric == "hedging_hedges_per_1k"], ax=plt.subplots()[1])
    assert one.get_xlabel() == "Hedging: hedges per 1,000 words (95% bootstrap interval)"
    colours = [to_hex(line.get_color()) for line in ax.lines if line.get_marker() == "o"]
    assert colours == [to_hex(c) for c in sns.color_palette("colorblind", 2)]
    segments = ax.containers[0].lines[2][0].get_segments()             # the interval bars
    assert [tuple(s[:, 0]) for s in segments] == [(8.0, 12.0), (9.0, 15.0)]
    assert len(ax.containers[1].lines[2][0].get_segments()) == 1        # no bar without an interval


def test_intervals_plot_marks_exact_and_zero_width_intervals():
    iv = pd.DataFrame({
        "group": ["X", "Y", "Z"], "metric": ["hedging_boosters_per_1k"] * 3,
        "estimate": [2.0, 0.0, 5.0], "ci_low": [1.0, 0.0, 5.0], "ci_high": [3.5, 4.3, 5.0],
        "method": ["sentences", "exact-poisson", "sentences"]})
    ax = fp.intervals_plot(iv)
    ordinary, exact = ax.containers                      # one errorbar each: solid, then dashed
    assert [tuple(s[:, 0]) for s in ordinary.lines[2][0].get_segments()] == [(1.0, 3.5), (5.0, 5.0)]
    assert [tuple(s[:, 0]) for s in exact.lines[2][0].get_segments()] == [(0.0, 4.3)]
    assert exact.lines[2][0].get_linestyle()[0][1] is not None       # dashed: (offset, dash pattern)
    assert ordinary.lines[2][0].get_linestyle()[0][1] is None         # solid
    markers = {(line.get_marker(), to_hex(line.get_markerfacecolor())): list(line.get_xdata())
               for line in ax.lines if line.get_marker() in ("o", "s")}
    assert markers[("o", "#ffffff")] == [0.0]            # open circle: the exact interval's estimate
    assert markers[("s", "#ffffff")] == [5.0]            # open square: zero width
    filled = [v for (m, c), v in markers.items() if c != "#ffffff"]
    assert filled == [[2.0]]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("exact interval: none found") for t in legend)
    assert any(t.startswith("zero width") for t in legend)
    # without exact or zero-width rows there is no legend for a single series
    assert fp.intervals_plot(iv.iloc[:1], ax=plt.subplots()[1]).get_legend() is None
    # without a method column only zero width is marked
    plain = fp.intervals_plot(iv.drop(columns="method"), ax=plt.subplots()[1])
    assert len(plain.containers) == 1


def _overlaps(boxes) -> bool:
    boxes = sorted(boxes, key=lambda b: b.x0)
    return any(a.x1 > b.x0 + 0.5 for a, b in pairwise(boxes))


def test_heatmap_size_grows_with_groups_and_labels():
    short = fp.heatmap_size(["Perspective: n states"], ["A", "B"])
    wide = fp.heatmap_size(["Perspective: n states"], ["A", "B", "C", "D", "E"])
    long = fp.heatmap_size(["Perspective: interest per 1,000 words and more"], ["A", "B", "C", "D", "E"])
    tall = fp.heatmap_size(["Perspective: n states"] * 20, ["A", "B"])
    assert wide[0] > short[0] and long[0] > wide[0] and tall[1] > short[1]


def test_composition_shares_sum_to_one():
    rows = pd.DataFrame({"outlet": ["X"] * 3 + ["Y"] * 2, "label": ["official", "expert", "official",
                                                                    "anonymous", "official"]})
    ax = fp.composition(rows, group="outlet", part="label")
    widths = np.array([[p.get_width() for p in c] for c in ax.containers])  # parts x groups
    assert np.allclose(widths.sum(axis=0), 1.0)
    assert np.allclose(widths[0], [2 / 3, 1 / 2])                         # 'official' first: most common
    assert {"n=3", "n=2"} <= set(texts(ax))
    counts = fp.composition(rows, group="outlet", part="label", normalize=False, ax=plt.subplots()[1])
    assert counts.get_xlabel() == "Count"


def test_profile_heatmap_standardises_and_annotates():
    docs = pd.DataFrame({"outlet": ["X", "Y", "Z"], "perspective_a": [1.0, 2.0, 3.0],
                         "perspective_b": [100.0, 100.0, 400.0]})
    ax = fp.profile_heatmap(docs, columns=["perspective_a", "perspective_b"])
    z = ax.collections[0].get_array().reshape(2, 3)
    assert np.allclose(z.mean(axis=1), 0) and np.allclose(z[0], [-1.2247, 0, 1.2247], atol=1e-3)
    assert {"1", "3", "400"} <= set(texts(ax))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Perspective: a", "Perspective: b"]


def test_keyness_plot_colours_by_direction():
    k = pd.DataFrame({"token": list("abcdef"), "g2": [9.0, 5.0, 1.0, -1.0, -4.0, -8.0],
                      "log_ratio": [2.0, 1.0, 0.5, -0.5, -1.0, -2.0]})
    ax = fp.keyness_plot(k, n=2)
    bars = ax.containers[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "e", "f"]
    colours = [to_hex(p.get_facecolor()) for p in bars]
    assert colours == [fp.OKABE_ITO[0].lower()] * 2 + [fp.OKABE_ITO[1].lower()] * 2
    assert "LR +2.0" in texts(ax)


def test_metric_label():
    assert fp.metric_label("hedging_hedged_sentence_share") == "Hedging: hedged sentence share"
    assert fp.metric_label("n_words") == "N: words"
    assert fp.metric_label("plain") == "plain"


@pytest.fixture(scope="module")
def real():
    return framing.score("strikes-2024")


def test_every_figure_on_the_real_result(real):
    """Structure only: each figure draws from a real result without error."""
    fig, axes = plt.subplots(3, 2, figsize=(14, 14))
    ax = axes.ravel()
    if "sentiment_tone_mean" in real.targets:
        assert fp.tone_heatmap(real, row="outlet", ax=ax[0]) is ax[0]
    assert fp.hedging_plot(real, n_boot=100, ax=ax[1]) is ax[1]
    if (real.spans.measure == "attribution").any():
        fp.attribution_composition(real, category="source", ax=ax[2])
        fp.attribution_composition(real, category="content", ax=ax[3])
    if any(c.startswith("perspective_") for c in real.documents):
        fp.perspective_profile(real, ax=ax[4])
    fp.keyness_plot(keyness(real, "AiBot", stopwords=True), ax=ax[5])
    fig.canvas.draw()
    iv = group_intervals(real, "hedging_hedges_per_1k", by="perspective_group", n_boot=100)
    assert fp.intervals_plot(iv).get_ylabel() == "Perspective group"
    # the bundled texts have no boosters but vox's: drawn as exact intervals
    boosters = group_intervals(real, "hedging_boosters_per_1k", n_boot=100)
    if (boosters.method == "exact-poisson").any():
        assert len(fp.intervals_plot(boosters).containers) == 2


def test_default_figure_sizes_leave_labels_apart(real):
    """Without ax=, each figure is sized from its data: tick labels and cell values do not overlap."""
    figures = [fp.tone_heatmap(real, row="outlet"), fp.hedging_plot(real, n_boot=100),
               fp.attribution_composition(real, category="source"),
               fp.keyness_plot(keyness(real, "AiBot", stopwords=True))]
    for by in ("outlet", "doc_id"):
        ax = fp.perspective_profile(real, by=by)
        figures.append(ax)
        ax.figure.canvas.draw()
        renderer = ax.figure.canvas.get_renderer()
        assert not _overlaps([t.get_window_extent(renderer) for t in ax.get_xticklabels()]), by
        # every cell value fits inside its cell
        cell = ax.transData.transform([(1, 0)])[0][0] - ax.transData.transform([(0, 0)])[0][0]
        widths = [t.get_window_extent(renderer).width for t in ax.texts if t.get_text()]
        assert widths and max(widths) < abs(cell), by
        # the figure and its labels fit in the canvas
        fig_box = ax.figure.bbox
        for t in ax.get_yticklabels() + ax.get_xticklabels():
            b = t.get_window_extent(renderer)
            assert b.x0 >= -1 and b.x1 <= fig_box.x1 + 1 and b.y0 >= -1, t.get_text()
    for ax in figures:
        ax.figure.canvas.draw()
        renderer = ax.figure.canvas.get_renderer()
        legend = ax.get_legend()
        if legend is not None:                               # the legend is not cut off
            b = legend.get_window_extent(renderer)
            assert b.x0 >= -1 and b.x1 <= ax.figure.bbox.x1 + 1, legend
    with pytest.raises(FramingInputError, match="category 'nope'"):
        fp.attribution_composition(real, category="nope")
