"""Figures for comparing outlets, in seaborn's style.

Every function takes tidy data first (a frame, or a ScoreResult from which
the frame is built), column names as keyword-only options, and ``ax=``; it
draws on that Axes (or a new figure) and returns the Axes, so figures compose
with matplotlib and seaborn as usual. Palettes are colour-blind safe:
seaborn's ``colorblind`` (Okabe–Ito) for categories, ColorBrewer's ``RdBu``
(diverging, centred at 0) for tone and ``PuOr`` for standardised profiles.

>>> import framing, framing.plots as fp
>>> r = framing.score("strikes-2024")                     # doctest: +SKIP
>>> fp.tone_heatmap(r, row="outlet")                      # doctest: +SKIP
>>> fp.intervals_plot(framing.compare.group_intervals(r, "hedging_hedges_per_1k"))  # doctest: +SKIP
"""

from __future__ import annotations

import textwrap
from typing import Sequence

import numpy as np
import pandas as pd

from .errors import FramingInputError

#: Okabe & Ito (2008) colours, the ones in seaborn's "colorblind" palette.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

_WORDS = {"per_1k": "per 1,000 words", "n": "number of", "1k": "1,000 words"}


def metric_label(name: str) -> str:
    """A readable axis label for a metric column.

    >>> metric_label("hedging_hedges_per_1k")
    'Hedging: hedges per 1,000 words'
    >>> metric_label("attribution_source_expert_share")
    'Attribution: source expert share'
    """
    if not isinstance(name, str) or "_" not in name:
        return str(name)
    measure, rest = name.split("_", 1)
    rest = rest.replace("per_1k", "per 1,000 words").replace("_", " ")
    return f"{measure.capitalize()}: {rest}"


def _wrap(label, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def _new_ax(ax, size):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _need(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame]
    if missing:
        raise FramingInputError(f"{what} needs column(s) {missing}; the data has {list(frame.columns)}")


def _with_meta(frame: pd.DataFrame, result, column: str) -> pd.DataFrame:
    """`frame` (with doc_id) joined to document metadata `column` when it lacks it."""
    if column in frame or column == "doc_id":
        return frame
    docs = result.documents
    if column not in docs:
        raise FramingInputError(f"no column {column!r} in result.documents; "
                                f"columns are {list(docs.columns)[:15]}...")
    return frame.merge(docs[["doc_id", column]], on="doc_id", how="left")


def _is_result(data) -> bool:
    return all(hasattr(data, a) for a in ("documents", "sentences", "spans", "targets"))


# --- tone toward each target ---------------------------------------------------------


def tone_heatmap(data, *, row: str = "outlet", col: str = "target", value: str = "sentiment_tone_mean",
                 count: str | None = "sentiment_mentions", min_count: int = 1, max_cols: int | None = 12,
                 cmap: str = "RdBu", vmax: float | None = None, annot: bool = True,
                 ax=None):
    """A row x target heatmap of tone (colour) with the number of mentions in each cell.

    Parameters
    ----------
    data
        The targets frame (one row per document x target) or a ScoreResult
        (its targets, joined to document metadata for `row`).
    row, col
        Columns for rows (e.g. ``outlet``, ``doc_id``) and columns (``target``).
    value, count
        Tone column and mention-count column. With several documents per row,
        tone is averaged weighted by mentions and counts are summed.
    min_count
        Cells with fewer mentions are left blank (tone from one or two
        mentions is noise).
    max_cols
        Show the most-mentioned targets only.
    cmap, vmax
        Diverging palette centred at 0 (``RdBu``: red negative, blue
        positive, colour-blind safe) and its limit (default: largest |tone|).

    Returns
    -------
    matplotlib Axes
    """
    frame = data.targets if _is_result(data) else data
    if _is_result(data):
        frame = _with_meta(frame, data, row)
    _need(frame, [row, col, value] + ([count] if count else []), "tone_heatmap")
    frame = frame[[row, col, value] + ([count] if count else [])].copy()
    frame[value] = pd.to_numeric(frame[value], errors="coerce")
    if count:
        frame[count] = pd.to_numeric(frame[count], errors="coerce").fillna(0)
        frame["_w"] = frame[value] * frame[count]
        frame.loc[frame[value].isna(), "_w"] = np.nan
        frame["_wn"] = frame[count].where(frame[value].notna(), 0)
        agg = frame.groupby([row, col], sort=False).agg(n=(count, "sum"), w=("_w", "sum"), wn=("_wn", "sum"))
        agg["tone"] = np.where(agg["wn"] > 0, agg["w"] / agg["wn"].where(agg["wn"] > 0), np.nan)
    else:
        agg = frame.groupby([row, col], sort=False).agg(tone=(value, "mean"), n=(value, "count"))
    tone = agg["tone"].unstack(col)
    n = agg["n"].unstack(col).fillna(0)
    cols = n.sum().sort_values(ascending=False, kind="stable").index
    if max_cols:
        cols = cols[:max_cols]
    tone, n = tone.reindex(columns=cols), n.reindex(columns=cols)
    rows = list(pd.unique(frame[row]))
    tone, n = tone.reindex(rows), n.reindex(rows).fillna(0)
    shown = tone.where(n >= min_count)
    ax = _new_ax(ax, (1.2 + 0.85 * max(len(cols), 3), 1.2 + 0.6 * max(len(rows), 2)))
    import seaborn as sns

    if vmax is None:
        finite = np.abs(shown.to_numpy(dtype=float))
        finite = finite[np.isfinite(finite)]
        vmax = max(float(finite.max()) if finite.size else 1.0, 0.05)
    labels = None
    if annot:
        labels = np.empty(shown.shape, dtype=object)
        for i in range(shown.shape[0]):
            for j in range(shown.shape[1]):
                v, k = shown.iat[i, j], int(n.iat[i, j])
                labels[i, j] = "" if pd.isna(v) else f"{v:+.2f}\n({k})"
    ax.set_facecolor("#f0f0f0")
    sns.heatmap(shown.astype(float), ax=ax, cmap=cmap, center=0, vmin=-vmax, vmax=vmax,
                annot=labels if annot else False, fmt="", annot_kws={"fontsize": 8}, linewidths=0.5,
                xticklabels=True, yticklabels=True,
                linecolor="white", cbar_kws={"label": metric_label(value) if value.count("_") else value})
    ax.set_yticklabels([_wrap(t.get_text(), 30) for t in ax.get_yticklabels()], rotation=0)
    ax.set_xticklabels(ax.get_xticklabels(), rotation=35, ha="right")
    ax.set_xlabel(col.replace("_", " ").capitalize())
    ax.set_ylabel(row.replace("_", " ").capitalize())
    ax.set_title(f"Tone toward each {col} (mentions in brackets; blank: fewer than {min_count})"
                 if min_count > 1 else f"Tone toward each {col} (mentions in brackets)", fontsize=10)
    return ax


# --- intervals ----------------------------------------------------------------------


def intervals_plot(data, *, x: str = "estimate", y: str = "group", hue: str | None = "metric",
                   low: str = "ci_low", high: str = "ci_high", method: str | None = "method", palette=None,
                   xlabel: str | None = None, ax=None):
    """Point estimates with interval bars, one row per group, dodged by `hue`.

    Takes the output of :func:`framing.compare.group_intervals` as is.
    Groups with no interval (``method == "none"``) show the point alone.
    Two kinds of interval are drawn so that they cannot pass for ordinary
    ones (and the legend says what they are):

    * an exact interval for a group without events (``method`` starting
      with ``exact``: no boosters at all, say): a dashed bar and an open
      marker -- the estimate 0 is what was counted, the bar how high the
      rate could still be;
    * a bootstrap interval of zero width (identical sentences): an open
      square -- it shows no spread, not certainty.

    Parameters
    ----------
    data
        Tidy intervals, one row per group (and `hue` value).
    x, y, hue, low, high, method
        Columns: estimate, group, series, interval ends, and how each
        interval was made (``None``: no such column; only zero-width
        intervals are marked then).
    palette, xlabel, ax
        Colours (default seaborn's ``colorblind``), axis label, Axes.

    Returns
    -------
    matplotlib Axes
    """
    _need(data, [x, y, low, high] + ([hue] if hue else []), "intervals_plot")
    groups = list(pd.unique(data[y]))
    hues = list(pd.unique(data[hue])) if hue else [None]
    colours = _palette(palette, len(hues))
    names = _hue_labels(hues) if hue else [None]
    exact_all = (data[method].astype(str).str.startswith("exact").to_numpy() if method and method in data
                 else np.zeros(len(data), dtype=bool))
    lo_all, hi_all = data[low].to_numpy(dtype=float), data[high].to_numpy(dtype=float)
    flat_all = ~exact_all & (lo_all == hi_all)
    ax = _new_ax(ax, (_interval_width(groups),
                      1.0 + 0.45 * len(groups) * max(1, len(hues) * 0.6)))
    step = 0.7 / max(len(hues), 1)
    pos = {g: i for i, g in enumerate(groups)}
    for k, h in enumerate(hues):
        keep = np.ones(len(data), dtype=bool) if h is None else (data[hue] == h).to_numpy()
        sub = data[keep]
        exact, flat = exact_all[keep], flat_all[keep]
        ys = np.array([pos[g] for g in sub[y]]) + (k - (len(hues) - 1) / 2) * step
        est = sub[x].to_numpy(dtype=float)
        lo, hi = lo_all[keep], hi_all[keep]
        # The bar spans the interval itself: a percentile interval need not be
        # centred on (or even contain) the estimate.
        ok = ~(np.isnan(lo) | np.isnan(hi)) & ~exact
        ax.errorbar((lo[ok] + hi[ok]) / 2, ys[ok], xerr=(hi[ok] - lo[ok]) / 2, fmt="none", ecolor=colours[k],
                    elinewidth=2, capsize=3)
        plain = ~exact & ~flat
        ax.plot(est[plain], ys[plain], "o", color=colours[k], markersize=6, label=names[k])
        if exact.any():
            bars = ax.errorbar((lo[exact] + hi[exact]) / 2, ys[exact], xerr=(hi[exact] - lo[exact]) / 2,
                               fmt="none", ecolor=colours[k], elinewidth=1.6, capsize=3)
            for line in bars.lines[2]:
                line.set_linestyle((0, (3, 2)))
            ax.plot(est[exact], ys[exact], "o", color=colours[k], markerfacecolor="white", markeredgewidth=1.6,
                    markersize=6)
        if flat.any():
            ax.plot(est[flat], ys[flat], "s", color=colours[k], markerfacecolor="white", markeredgewidth=1.6,
                    markersize=6)
    ax.set_yticks(range(len(groups)), [_wrap(g) for g in groups])
    ax.invert_yaxis()
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    if xlabel is None:
        xlabel = metric_label(hues[0]) if hue and len(hues) == 1 else "Estimate"
        ci = data.attrs.get("ci")
        if ci:
            xlabel += f" ({ci:.0%} interval)" if exact_all.any() else f" ({ci:.0%} bootstrap interval)"
    ax.set_xlabel(xlabel)
    ax.set_ylabel(str(data.attrs.get("by", y)).replace("_", " ").capitalize())
    handles, labels = ax.get_legend_handles_labels()
    if not (hue and len(hues) > 1):
        handles, labels = [], []
    handles, labels = list(handles), list(labels)
    if exact_all.any():
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], color="#444", linestyle=(0, (3, 2)), marker="o", markerfacecolor="white",
                              linewidth=1.6))
        labels.append("exact interval: none found (share: none or all)")
    if flat_all.any():
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], color="#444", linestyle="none", marker="s", markerfacecolor="white"))
        labels.append("zero width: no spread, not certainty")
    if handles:
        # Centred under the axes: the entries must fit in the axes' width, which
        # the group labels will narrow when the layout makes room for them.
        fig_w, box = ax.figure.get_figwidth(), ax.get_position()
        width = fig_w * box.width - max(0.0, _label_inches(groups) + 0.5 - fig_w * box.x0)
        ncol = _legend_columns(labels, width)
        # About 0.55 inch below the axes: clear of the tick labels and the axis label.
        below = 0.55 / max(ax.figure.get_figheight() * box.height, 0.5)
        ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -below),
                  ncol=ncol, fontsize=8, frameon=False)
    return ax


_LEGEND_CHAR = 0.07  # inches per character of an 8-point legend label (roughly)


def _label_inches(groups: list) -> float:
    """Width of the widest wrapped group label (10-point tick labels)."""
    return 0.075 * max((max(len(line) for line in _wrap(g).split("\n")) for g in groups), default=10)


def _interval_width(groups: list) -> float:
    """Figure width for intervals_plot: the group labels plus about 4.5 inches of plot."""
    return float(min(max(7.0, _label_inches(groups) + 4.5), 12.0))


def _legend_columns(labels: list[str], width: float) -> int:
    """Legend columns (at most 3) whose entries fit side by side in `width` inches."""
    for ncol in range(min(len(labels), 3), 1, -1):
        rows = -(-len(labels) // ncol)
        # matplotlib fills a legend column by column; each is as wide as its longest entry
        columns = [labels[i:i + rows] for i in range(0, len(labels), rows)]
        if sum(_LEGEND_CHAR * max(len(t) for t in c) + 0.6 for c in columns) <= width:
            return ncol
    return 1


def _hue_labels(values: list) -> list[str]:
    """Legend labels; a measure prefix shared by all is dropped ("hedges per 1,000 words")."""
    labels = [metric_label(v) for v in values]
    heads = {lab.split(": ", 1)[0] for lab in labels}
    if len(labels) > 1 and len(heads) == 1 and all(": " in lab for lab in labels):
        return [lab.split(": ", 1)[1] for lab in labels]
    return labels


def _palette(palette, n: int) -> list:
    import seaborn as sns

    return list(sns.color_palette(palette or "colorblind", n))


def hedging_plot(result, *, by: str = "outlet",
                 metrics: Sequence[str] = ("hedging_hedges_per_1k", "hedging_boosters_per_1k",
                                           "hedging_distancing_per_1k"),
                 n_boot: int = 2000, seed: int = 0, ci: float = 0.95, ax=None):
    """Hedges, boosters and distancing per 1,000 words by group, with bootstrap intervals.

    Intervals come from :func:`framing.compare.group_intervals` (sentences
    resampled within documents; exact intervals, drawn dashed, for a group
    with no markers of a kind).
    """
    from .compare import group_intervals

    metrics = [m for m in metrics if m in result.documents]
    if not metrics:
        raise FramingInputError("no hedging metrics in result.documents: score with the hedging measure")
    iv = group_intervals(result, list(metrics), by=by, n_boot=n_boot, seed=seed, ci=ci)
    kind = "interval" if iv["method"].astype(str).str.startswith("exact").any() else "bootstrap interval"
    ax = intervals_plot(iv, ax=ax, xlabel=f"Markers per 1,000 words ({ci:.0%} {kind})")
    ax.set_title("Hedging, boosting and distancing", fontsize=10)
    return ax


# --- composition -----------------------------------------------------------------------


def composition(data, *, group: str = "outlet", part: str = "label", weight: str | None = None,
                normalize: bool = True, order: Sequence | None = None, part_order: Sequence | None = None,
                palette=None, ax=None):
    """Stacked horizontal bars: the make-up of each group by `part`.

    Parameters
    ----------
    data
        Tidy rows, one per item (e.g. spans), with columns `group` and `part`
        (and `weight`, summed instead of counting rows).
    normalize
        Bars as shares of each group's total (default), else counts. The
        total count is written at the end of each bar.

    Returns
    -------
    matplotlib Axes
    """
    _need(data, [group, part] + ([weight] if weight else []), "composition")
    if weight:
        table = data.pivot_table(index=group, columns=part, values=weight, aggfunc="sum", fill_value=0,
                                 sort=False)
    else:
        table = data.groupby([group, part], sort=False).size().unstack(part, fill_value=0)
    if order is not None:
        table = table.reindex(list(order), fill_value=0)
    parts = list(part_order) if part_order is not None else list(table.sum().sort_values(ascending=False).index)
    table = table.reindex(columns=parts, fill_value=0)
    totals = table.sum(axis=1)
    shown = table.div(totals.where(totals > 0), axis=0).fillna(0) if normalize else table
    colours = _palette(palette, len(parts))
    ax = _new_ax(ax, (8, 1.2 + 0.5 * len(table)))
    left = np.zeros(len(table))
    ys = np.arange(len(table))
    for k, p in enumerate(parts):
        vals = shown[p].to_numpy(dtype=float)
        ax.barh(ys, vals, left=left, color=colours[k], label=str(p).replace("_", " "), edgecolor="white",
                linewidth=0.5)
        left += vals
    for yv, total, end in zip(ys, totals, left):
        ax.text(end + (0.01 if normalize else 0.01 * max(left.max(), 1)), yv, f"n={int(total)}",
                va="center", fontsize=8, color="#444")
    ax.set_yticks(ys, [_wrap(g) for g in table.index])
    ax.invert_yaxis()
    ax.set_xlabel(f"Share of {part.replace('_', ' ')}s" if normalize else "Count")
    ax.set_ylabel(group.replace("_", " ").capitalize())
    if normalize:
        ax.set_xlim(0, 1.12)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18 if len(table) > 3 else -0.3),
              ncol=min(len(parts), 4), fontsize=8, frameon=False)
    return ax


def attribution_composition(result, *, by: str = "outlet", category: str = "source", ax=None, **kwargs):
    """Attribution make-up by group: source types (``category="source"``),
    quote types (``"content"``) or reporting cues (``"cue"``), as stacked bars.

    Counts come from the attribution spans; for ``source`` and ``cue`` each
    attribution counts once. ``kwargs`` go to :func:`composition`.
    """
    spans = result.spans
    spans = spans[(spans["measure"] == "attribution") & (spans["category"] == category)]
    if category != "content":
        # One attribution may have a two-part source ("X and Y said"): count it once.
        linked = spans["link"].astype(str) != ""
        spans = pd.concat([spans[linked].drop_duplicates(["doc_id", "link"]), spans[~linked]])
    if spans.empty:
        raise FramingInputError(f"no attribution spans of category {category!r}: score with the attribution "
                                "measure (categories are source, cue, content)")
    spans = _with_meta(spans, result, by)
    order = [g for g in pd.unique(result.documents[by]) if g in set(spans[by])]
    ax = composition(spans, group=by, part="label", order=order, ax=ax, **kwargs)
    names = {"source": "Source types", "content": "Quote types", "cue": "Reporting cues"}
    ax.set_title(f"{names.get(category, category)} in attributions", fontsize=10)
    ax.set_xlabel(f"Share of attribution {category} spans")
    return ax


# --- profiles --------------------------------------------------------------------------


def profile_heatmap(data, *, by: str = "outlet", columns: Sequence[str] | None = None,
                    standardize: bool = True, cmap: str = "PuOr", annot: bool = True, ax=None):
    """Groups x indicators: colour is each indicator standardised across groups
    (z-score, so indicators on different scales compare), text the raw mean.

    Parameters
    ----------
    data
        A documents frame (or ScoreResult); several documents per group are averaged.
    columns
        Numeric indicator columns (default: all numeric metric columns).
    """
    frame = data.documents if _is_result(data) else data
    _need(frame, [by], "profile_heatmap")
    if columns is None:
        columns = [c for c in frame.columns if c not in ("n_words", "n_sentences")
                   and pd.api.types.is_numeric_dtype(frame[c])]
    columns = list(columns)
    if not columns:
        raise FramingInputError("profile_heatmap: no numeric indicator columns to show")
    _need(frame, columns, "profile_heatmap")
    means = frame.groupby(by, sort=False)[columns].mean()
    if standardize:
        sd = means.std(ddof=0).replace(0, np.nan)
        colour = (means - means.mean()) / sd
        colour = colour.fillna(0)
    else:
        colour = means
    ax = _new_ax(ax, heatmap_size([metric_label(c) for c in columns], list(means.index)))
    import seaborn as sns

    labels = means.T.map(lambda v: "" if pd.isna(v) else f"{v:.3g}").to_numpy() if annot else False
    lim = max(float(np.nanmax(np.abs(colour.to_numpy(dtype=float)))) if colour.size else 1.0, 1.0)
    sns.heatmap(colour.T.astype(float), ax=ax, cmap=cmap, center=0 if standardize else None,
                vmin=-lim if standardize else None, vmax=lim if standardize else None,
                annot=labels, fmt="", annot_kws={"fontsize": 7}, linewidths=0.5, linecolor="white",
                xticklabels=True, yticklabels=True,
                cbar_kws={"label": "z-score across groups" if standardize else "value"})
    ax.set_yticklabels([metric_label(t.get_text()) for t in ax.get_yticklabels()], rotation=0, fontsize=8)
    ax.set_xticklabels([_wrap(t.get_text(), 16) for t in ax.get_xticklabels()], rotation=0, fontsize=8)
    ax.set_xlabel(by.replace("_", " ").capitalize())
    ax.set_ylabel("")
    return ax


def heatmap_size(row_labels: Sequence[str], col_labels: Sequence, *, col_wrap: int = 16,
                 row_font: float = 8, cell_font: float = 7) -> tuple[float, float]:
    """A (width, height) in inches for an indicators x groups heatmap, from its labels.

    Room for the longest row label, columns wide enough for their wrapped
    labels and for a value like ``-0.123`` in each cell, and the colour bar,
    so that five groups with long names do not overlap.

    >>> heatmap_size(["Perspective: lead margin"] * 10, ["Vox", "AiBot"])
    (5.0, 4.0)
    >>> heatmap_size(["Hedging: hedges per 1,000 words"] * 3, ["Vox"] * 5)
    (7.6, 3.0)
    """
    char = 0.0085  # inches per character per point of font size (DejaVu Sans, roughly)
    row_w = char * row_font * max((len(str(t)) for t in row_labels), default=8)
    wrapped = [textwrap.wrap(str(c), col_wrap) or [str(c)] for c in col_labels]
    col_w = max(0.75, char * row_font * max((len(line) for w in wrapped for line in w), default=4) + 0.2,
                char * cell_font * 7 + 0.2)
    lines = max((len(w) for w in wrapped), default=1)
    width = 0.4 + row_w + col_w * max(len(col_labels), 1) + 1.3  # margin, labels, cells, colour bar
    height = 0.9 + 0.3 * max(len(row_labels), 1) + 0.15 * lines
    # At least 3 inches high, so the colour bar's label fits beside a short bar.
    return round(max(width, 5.0), 1), round(max(height, 3.0), 1)


def perspective_profile(result, *, by: str = "outlet", columns: Sequence[str] | None = None,
                        max_columns: int = 24, ax=None):
    """The perspective measure's document indicators by group (see :func:`profile_heatmap`).

    Without `columns`: every numeric ``perspective_*`` document column that
    varies between documents (at most `max_columns`); terminology columns
    appear only when a terminology lexicon was used. Without `ax` the
    figure's size follows the number of groups and indicators and the
    length of their labels (:func:`heatmap_size`).
    """
    docs = result.documents
    if columns is None:
        columns = [c for c in docs.columns if c.startswith("perspective_")
                   and pd.api.types.is_numeric_dtype(docs[c]) and docs[c].notna().any()
                   and docs[c].nunique(dropna=True) > 1][:max_columns]
    if not columns:
        raise FramingInputError("no perspective indicators in result.documents: score with the perspective measure")
    ax = profile_heatmap(docs, by=by, columns=columns, ax=ax)
    ax.set_title("Perspective profile (colour: z-score across groups; text: value)", fontsize=10)
    return ax


# --- keyness -----------------------------------------------------------------------------


def keyness_plot(data, *, n: int = 10, stat: str = "g2", label: str = "token", ax=None,
                 title: str | None = None):
    """Bars for the `n` most over-used and `n` most under-used words of a keyness table.

    Over-use (positive) in blue, under-use in orange (Okabe–Ito), with the
    log ratio written beside each bar.
    """
    _need(data, [label, stat], "keyness_plot")
    data = data.assign(**{stat: pd.to_numeric(data[stat], errors="coerce")})
    top = data[data[stat] > 0].nlargest(n, stat)
    bottom = data[data[stat] < 0].nsmallest(n, stat).iloc[::-1]
    shown = pd.concat([top, bottom])
    ax = _new_ax(ax, (6, 1.0 + 0.28 * max(len(shown), 4)))
    ys = np.arange(len(shown))
    vals = shown[stat].to_numpy(dtype=float)
    ax.barh(ys, vals, color=np.where(vals > 0, OKABE_ITO[0], OKABE_ITO[1]))
    if "log_ratio" in shown and len(shown):
        span = max(np.abs(vals).max() if len(vals) else 1.0, 1e-9)
        for yv, v, lr in zip(ys, vals, shown["log_ratio"]):
            ax.text(v + (0.02 * span if v >= 0 else -0.02 * span), yv, f"LR {lr:+.1f}", va="center",
                    ha="left" if v >= 0 else "right", fontsize=7, color="#444")
        ax.set_xlim(-span * 1.35 if (vals < 0).any() else 0, span * 1.35 if (vals > 0).any() else 0)
    ax.set_yticks(ys, shown[label].astype(str).tolist(), fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="#444", linewidth=0.8)
    ax.set_xlabel("Signed log-likelihood G² (+ over-used, − under-used)" if stat == "g2" else stat)
    target = data.attrs.get("target")
    if title is None and target:
        title = "Keywords: " + ", ".join(map(str, target)) + " vs the rest"
    if title:
        ax.set_title(_wrap(title, 60), fontsize=10)
    if shown.empty:
        ax.text(0.5, 0.5, "no words above the minimum frequency", transform=ax.transAxes, ha="center")
    return ax


__all__ = ["OKABE_ITO", "attribution_composition", "composition", "heatmap_size", "hedging_plot",
           "intervals_plot", "keyness_plot", "metric_label", "perspective_profile", "profile_heatmap",
           "tone_heatmap"]
