"""framing.plots: tidy data in, Axes out, readable labels, colour-blind-safe palettes."""

from __future__ import annotations

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
    with pytest.raises(FramingInputError, match="category 'nope'"):
        fp.attribution_composition(real, category="nope")
