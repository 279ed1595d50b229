"""framing.compare: bootstrap intervals, permutation tests, keyness, kwic.

Most tests build small synthetic frames, so they check the statistics and
not any measure's numbers; one test runs on the real scored corpus and checks
structure only.
"""

from __future__ import annotations

import math
from itertools import product

import numpy as np
import pandas as pd
import pytest
from scipy.stats import power_divergence

import framing
from framing import compare as C
from framing.errors import FramingInputError
from framing.measures import SPAN_COLUMNS
from framing.score import ScoreResult


def synthetic(docs: dict[str, tuple[str, list[tuple[int, int]]]], *, repeat_words: int = 0) -> ScoreResult:
    """A ScoreResult from {doc_id: (outlet, [(n_words, n_hedges) per sentence])}.

    Each hedge is a span in its sentence; a trailing repeated (not counted)
    sentence with `repeat_words` words and a hedge tests that repeats are skipped.
    """
    sent_rows, span_rows, doc_rows, corpus_rows = [], [], [], []
    for doc_id, (outlet, sents) in docs.items():
        pos = 0
        text_parts = []
        all_sents = list(sents) + ([(repeat_words, 1)] if repeat_words else [])
        hedges = words = n_counted = hedged = 0
        for i, (n_words, n_hedges) in enumerate(all_sents):
            counted = i < len(sents)
            body = " ".join(["may"] * n_hedges + ["word"] * max(n_words - n_hedges, 0)) + "."
            start, end = pos, pos + len(body)
            sent_rows.append((doc_id, i, 0, start, end, body, n_words, not counted, False, "", counted,
                              n_hedges > 0 and counted))
            if counted:
                for k in range(n_hedges):
                    s = start + 4 * k
                    span_rows.append((doc_id, i, s, s + 3, "may", "hedging", "hedge", "modal", "", "author",
                                      math.nan, "hedge/modal:may", ""))
                hedges += n_hedges
                words += n_words
                n_counted += 1
                hedged += n_hedges > 0
            text_parts.append(body)
            pos = end + 1
        doc_rows.append({"doc_id": doc_id, "outlet": outlet, "n_words": words, "n_sentences": n_counted,
                         "hedging_hedges_per_1k": hedges * 1000 / words if words else math.nan,
                         "hedging_hedged_sentence_share": hedged / n_counted if n_counted else math.nan,
                         "other_score": float(len(doc_id))})
        corpus_rows.append({"doc_id": doc_id, "text": " ".join(text_parts), "outlet": outlet})
    sentences = pd.DataFrame(sent_rows, columns=["doc_id", "sent_id", "paragraph", "start", "end", "text", "n_words",
                                                 "is_repeat", "is_heading", "debris", "counted",
                                                 "hedging_has_hedge"])
    spans = pd.DataFrame(span_rows, columns=list(SPAN_COLUMNS))
    return ScoreResult(documents=pd.DataFrame(doc_rows), sentences=sentences, spans=spans,
                       targets=pd.DataFrame(columns=["doc_id", "target"]),
                       versions={"framing": "test", "measures": ["hedging"], "lexicons": {}, "packages": {}},
                       corpus=pd.DataFrame(corpus_rows))


def mixed_doc(rng, n: int, rate: float) -> list[tuple[int, int]]:
    """n sentences of 10-30 words with hedges drawn at `rate` per word."""
    words = rng.integers(10, 31, size=n)
    return [(int(w), int(rng.binomial(w, rate))) for w in words]


@pytest.fixture(scope="module")
def three_docs():
    rng = np.random.default_rng(42)
    return synthetic({"a": ("X", mixed_doc(rng, 40, 0.02)),
                      "b": ("Y", mixed_doc(rng, 30, 0.01)),
                      "c": ("Y", mixed_doc(rng, 50, 0.03))}, repeat_words=20)


# --- group_intervals ------------------------------------------------------------------


def test_intervals_shape_estimates_and_methods(three_docs):
    iv = C.group_intervals(three_docs, "hedging_hedges_per_1k", by="outlet", n_boot=500)
    assert list(iv.columns) == ["group", "metric", "estimate", "ci_low", "ci_high", "n_documents", "n_sentences",
                                "method", "note"]
    docs = three_docs.documents.set_index("doc_id")["hedging_hedges_per_1k"]
    x, y = iv.set_index("group").loc["X"], iv.set_index("group").loc["Y"]
    assert x.estimate == pytest.approx(docs["a"])
    assert y.estimate == pytest.approx((docs["b"] + docs["c"]) / 2)   # mean of document values
    assert (x.method, y.method) == ("sentences", "documents+sentences")
    assert (x.n_documents, y.n_documents) == (1, 2)
    assert (x.n_sentences, y.n_sentences) == (40, 80)                  # repeats not counted
    assert (iv.ci_low <= iv.estimate).all() and (iv.estimate <= iv.ci_high).all()
    assert (iv.note == "").all()


def test_intervals_are_deterministic_and_seeded(three_docs):
    a = C.group_intervals(three_docs, "hedging_hedges_per_1k", seed=3, n_boot=300)
    b = C.group_intervals(three_docs, "hedging_hedges_per_1k", seed=3, n_boot=300)
    c = C.group_intervals(three_docs, "hedging_hedges_per_1k", seed=4, n_boot=300)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a.ci_low, c.ci_low)


def test_identical_sentences_give_a_zero_width_interval():
    r = synthetic({"a": ("X", [(20, 1)] * 30)})
    row = C.group_intervals(r, "hedging_hedges_per_1k", n_boot=200).iloc[0]
    assert row.ci_low == pytest.approx(50.0) and row.ci_high == pytest.approx(50.0)
    # kept, but never silently: the note says it is not certainty
    assert row.method == "sentences" and "zero-width interval" in row.note and "not certainty" in row.note


@pytest.mark.parametrize("ci", [0.95, 0.9])
def test_no_events_gives_the_exact_poisson_interval_not_zero_width(ci):
    # 40 sentences of 15 words, no hedge at all: the bootstrap can only say [0, 0]
    r = synthetic({"a": ("X", [(15, 0)] * 40), "b": ("Y", [(15, 1)] * 20 + [(15, 0)] * 20)})
    iv = C.group_intervals(r, "hedging_hedges_per_1k", n_boot=300, ci=ci).set_index("group")
    x = iv.loc["X"]
    assert x.estimate == 0 and x.method == "exact-poisson" and x.ci_low == 0
    # Garwood's exact upper limit for 0 events: chi2(1 - alpha/2, 2) / 2 events in 600 words
    from scipy.stats import chi2
    assert x.ci_high == pytest.approx(chi2.ppf(1 - (1 - ci) / 2, 2) / 2 / 600 * 1000)
    assert "no events in 600 counted words" in x.note
    assert iv.loc["Y", "method"] == "sentences" and iv.loc["Y", "ci_high"] > iv.loc["Y", "ci_low"]
    # a span spec is a rate too
    spec = C.group_intervals(r, ("hedging", "hedge"), n_boot=300, ci=ci).set_index("group").loc["X"]
    assert spec.method == "exact-poisson" and spec.ci_high == pytest.approx(x.ci_high)


def test_no_events_in_a_group_of_documents_pools_their_words():
    r = synthetic({"a": ("X", [(10, 0)] * 30), "b": ("X", [(20, 0)] * 10), "c": ("Y", [(10, 1)] * 5)})
    x = C.group_intervals(r, "hedging_hedges_per_1k", n_boot=200).set_index("group").loc["X"]
    assert x.method == "exact-poisson" and x.n_documents == 2
    assert x.ci_high == pytest.approx(-math.log(0.025) / 500 * 1000)


def test_shares_of_none_or_all_get_clopper_pearson():
    none = synthetic({"a": ("X", [(10, 0)] * 12)})
    row = C.group_intervals(none, "hedging_hedged_sentence_share", n_boot=200).iloc[0]
    assert row.method == "exact-binomial" and row.ci_low == 0
    from scipy.stats import beta
    assert row.ci_high == pytest.approx(beta.ppf(0.975, 1, 12))      # Clopper-Pearson upper for 0 of 12
    every = synthetic({"a": ("X", [(10, 1)] * 12)})
    row = C.group_intervals(every, "hedging_hedged_sentence_share", n_boot=200).iloc[0]
    assert row.method == "exact-binomial" and row.ci_high == 1
    assert row.ci_low == pytest.approx(beta.ppf(0.025, 12, 1))
    assert "all of 12" in row.note
    # a ratio of another kind keeps its bootstrap value, with a note
    other = C.Ratio(C.SpanCount("hedging", "hedge", sum_values=True), C.Words(), scale=1000)
    assert other.count_kind == "other"
    row = C.group_intervals(none, other, n_boot=100).iloc[0]
    assert row.method == "sentences" and row.ci_high == 0 and "zero-width" in row.note


def test_exact_interval_function():
    assert C.exact_interval("rate", 0, 1000, scale=1000) == pytest.approx((0.0, -math.log(0.025)))
    assert C.exact_interval("rate", 0, 1000, ci=0.9, scale=1000)[1] == pytest.approx(-math.log(0.05))
    assert C.exact_interval("rate", 2, 1000) is None
    assert C.exact_interval("rate", 0, 0) is None
    assert C.exact_interval("other", 0, 100) is None
    with pytest.raises(FramingInputError, match="kind must be"):
        C.Ratio(C.Words(), kind="poisson")


def test_interval_width_matches_the_sampling_spread():
    # One document of 400 ten-word sentences, hedges Bernoulli per sentence: the
    # bootstrap standard error of the rate should be near the analytic one.
    rng = np.random.default_rng(0)
    sents = [(10, int(h)) for h in rng.random(400) < 0.3]
    r = synthetic({"a": ("X", sents)})
    row = C.group_intervals(r, "hedging_hedges_per_1k", n_boot=4000, ci=0.6827).iloc[0]
    p = np.mean([h for _, h in sents])
    se = math.sqrt(p * (1 - p) / len(sents)) * 100  # per 1,000 words at 10 words a sentence
    assert (row.ci_high - row.ci_low) / 2 == pytest.approx(se, rel=0.1)


def test_more_sentences_narrow_the_interval():
    rng = np.random.default_rng(1)
    short = synthetic({"a": ("X", mixed_doc(rng, 20, 0.02))})
    long = synthetic({"a": ("X", mixed_doc(rng, 500, 0.02))})
    rows = [C.group_intervals(x, "hedging_hedges_per_1k").iloc[0] for x in (short, long)]
    w = [r.ci_high - r.ci_low for r in rows]
    assert w[1] < w[0] / 2


def test_span_spec_and_share_flag(three_docs):
    by_name = C.group_intervals(three_docs, "hedging_hedges_per_1k", n_boot=200)
    by_spec = C.group_intervals(three_docs, ("hedging", "hedge"), n_boot=200)
    assert np.allclose(by_name.estimate, by_spec.estimate)
    assert np.allclose(by_name.ci_low, by_spec.ci_low)       # same seed, same resamples
    assert by_spec.metric.iloc[0].startswith("rate of hedging hedge")
    share = C.group_intervals(three_docs, "hedging_hedged_sentence_share", n_boot=200)
    assert (share.method != "documents").all()
    assert ((share.ci_low >= 0) & (share.ci_high <= 1)).all()
    flag = C.group_intervals(three_docs, C.Ratio(C.Column("hedging_has_hedge"), C.Column(None)), n_boot=200)
    assert np.allclose(flag.estimate, share.estimate)


def test_voice_filter_in_spec(three_docs):
    none = C.group_intervals(three_docs, ("hedging", "hedge", None, "attributed"), n_boot=100)
    assert (none.estimate == 0).all()


def test_fallback_to_documents_is_labelled(three_docs):
    iv = C.group_intervals(three_docs, "other_score", n_boot=200).set_index("group")
    assert iv.loc["X", "method"] == "none" and math.isnan(iv.loc["X", "ci_low"])
    assert iv.loc["Y", "method"] == "documents"
    assert iv.loc["Y", "ci_low"] >= 1.0 and iv.loc["Y", "ci_high"] <= 1.0
    assert "no sentence-level form" in iv.loc["Y", "note"]


def test_registered_form_must_reproduce_documents(three_docs):
    docs = three_docs.documents.copy()
    docs.loc[0, "hedging_hedges_per_1k"] += 1.0   # no longer what the spans say
    tampered = ScoreResult(docs, three_docs.sentences, three_docs.spans, three_docs.targets,
                           three_docs.versions, three_docs.corpus)
    iv = C.group_intervals(tampered, "hedging_hedges_per_1k", n_boot=100)
    assert set(iv.method) <= {"documents", "none"}
    assert iv.note.str.contains("did not reproduce").all()


def test_list_of_metrics_and_other_grouping(three_docs):
    iv = C.group_intervals(three_docs, ["hedging_hedges_per_1k", "hedging_hedged_sentence_share"], by="doc_id",
                           n_boot=100)
    assert len(iv) == 6 and set(iv.method) == {"sentences"}


def test_bad_input_says_what_to_do(three_docs):
    with pytest.raises(FramingInputError, match="numeric columns"):
        C.group_intervals(three_docs, "no_such_metric")
    with pytest.raises(FramingInputError, match="group by"):
        C.group_intervals(three_docs, "hedging_hedges_per_1k", by="nope")
    with pytest.raises(FramingInputError, match="ci must be"):
        C.group_intervals(three_docs, "hedging_hedges_per_1k", ci=95)
    with pytest.raises(FramingInputError, match="ScoreResult"):
        C.group_intervals(pd.DataFrame(), "x")


def test_empty_document_gives_nan_not_a_crash():
    r = synthetic({"a": ("X", []), "b": ("Y", [(10, 1)] * 5)})
    iv = C.group_intervals(r, "hedging_hedges_per_1k", n_boot=100).set_index("group")
    assert math.isnan(iv.loc["X", "estimate"]) and math.isnan(iv.loc["X", "ci_low"])
    assert iv.loc["Y", "estimate"] == pytest.approx(100.0)


# --- permutation test -----------------------------------------------------------------


def test_cliffs_delta_matches_brute_force():
    rng = np.random.default_rng(5)
    x, y = rng.integers(0, 5, 30), rng.integers(0, 6, 40)
    brute = sum(np.sign(a - b) for a, b in product(x, y)) / (len(x) * len(y))
    assert C.cliffs_delta(x, y) == pytest.approx(brute)
    assert C.cliffs_delta([1, 2], [3, 4]) == -1.0
    assert math.isnan(C.cliffs_delta([], [1]))


def test_permutation_detects_a_real_difference_and_not_a_null():
    rng = np.random.default_rng(7)
    same = synthetic({"a": ("X", mixed_doc(rng, 80, 0.02)), "b": ("Y", mixed_doc(rng, 80, 0.02))})
    diff = synthetic({"a": ("X", mixed_doc(rng, 80, 0.06)), "b": ("Y", mixed_doc(rng, 80, 0.005))})
    t_same = C.permutation_test(same, "hedging_hedges_per_1k", ["X", "Y"], n_perm=2000).iloc[0]
    t_diff = C.permutation_test(diff, "hedging_hedges_per_1k", ["X", "Y"], n_perm=2000).iloc[0]
    assert t_same.level == "sentences" and "not evidence about the groups" in t_same.note
    assert t_same.p_value > 0.05
    assert t_diff.p_value < 0.01 and t_diff.cliffs_delta > 0.3 and t_diff.difference > 0
    docs = diff.documents.set_index("doc_id")["hedging_hedges_per_1k"]
    assert t_diff.estimate_a == pytest.approx(docs["a"]) and t_diff.estimate_b == pytest.approx(docs["b"])
    assert t_diff.difference == pytest.approx(docs["a"] - docs["b"])


def test_permutation_p_value_under_the_null_is_uniformish():
    # Over many null data sets the test should reject at 5% about 5% of the time.
    rng = np.random.default_rng(11)
    rejections = 0
    for _ in range(60):
        r = synthetic({"a": ("X", mixed_doc(rng, 25, 0.03)), "b": ("Y", mixed_doc(rng, 25, 0.03))})
        rejections += C.permutation_test(r, "hedging_hedges_per_1k", ["X", "Y"], n_perm=300,
                                         seed=int(rng.integers(1e6))).p_value.iloc[0] < 0.05
    assert rejections <= 9


def test_document_level_exact_enumeration():
    rng = np.random.default_rng(3)
    docs = {f"x{i}": ("X", mixed_doc(rng, 20, 0.05)) for i in range(3)}
    docs.update({f"y{i}": ("Y", mixed_doc(rng, 20, 0.005)) for i in range(3)})
    r = synthetic(docs)
    t = C.permutation_test(r, "hedging_hedges_per_1k", ["X", "Y"], level="documents", alternative="greater").iloc[0]
    assert t.exact and t.permutations == 20          # C(6, 3) splits
    assert t.p_value == pytest.approx(1 / 20)         # the observed split is the most extreme
    assert t.cliffs_delta == 1.0 and "smallest attainable" in t.note
    one = C.permutation_test(synthetic({"a": ("X", [(10, 1)]), "b": ("Y", [(10, 0)])}), "hedging_hedges_per_1k",
                             ["X", "Y"], level="documents").iloc[0]
    assert math.isnan(one.p_value) and "no test is possible" in one.note


def _split_pvalues(values, n_a, alternative):
    """Exact p-values of every split of `values` into n_a and the rest, by brute force."""
    from itertools import combinations
    values = np.asarray(values, dtype=float)
    n = len(values)
    stats = []
    for idx in combinations(range(n), n_a):
        m = np.zeros(n, dtype=bool)
        m[list(idx)] = True
        stats.append(values[m].mean() - values[~m].mean())
    stats = np.array(stats)
    out = []
    for obs in stats:
        if alternative == "two-sided":
            out.append(np.mean(np.abs(stats) >= abs(obs) - 1e-12))
        elif alternative == "greater":
            out.append(np.mean(stats >= obs - 1e-12))
        else:
            out.append(np.mean(stats <= obs + 1e-12))
    return np.array(out)


@pytest.mark.parametrize("n_a, n_b", [(3, 3), (3, 2), (2, 4), (4, 4), (1, 3)])
@pytest.mark.parametrize("alternative", ["two-sided", "greater", "less"])
def test_smallest_p_value_is_the_brute_force_minimum(n_a, n_b, alternative):
    # Distinct values with one far outlier, so that the most extreme split is unique.
    rng = np.random.default_rng(n_a * 10 + n_b)
    values = np.r_[100.0, rng.normal(size=n_a + n_b - 1)]
    floor = C.smallest_p_value(n_a, n_b, alternative=alternative)
    assert _split_pvalues(values, n_a, alternative).min() == pytest.approx(floor)
    if alternative == "two-sided" and n_a == n_b:
        assert floor == pytest.approx(2 / math.comb(n_a + n_b, n_a))   # the mirror split is as extreme
    # with random permutations the floor is 1 / (n_perm + 1)
    assert C.smallest_p_value(n_a, n_b, alternative=alternative, n_perm=1) == 0.5


def test_permutation_note_states_the_attainable_floor():
    rng = np.random.default_rng(3)
    docs = {f"x{i}": ("X", mixed_doc(rng, 20, 0.05)) for i in range(3)}
    docs.update({f"y{i}": ("Y", mixed_doc(rng, 20, 0.005)) for i in range(3)})
    r = synthetic(docs)
    two = C.permutation_test(r, "hedging_hedges_per_1k", ["X", "Y"], level="documents").iloc[0]
    assert two.exact and two.p_value == pytest.approx(0.1)          # 2 / C(6, 3): the observed and its mirror
    assert "smallest attainable p-value is 0.1 (two-sided, 3 vs 3 documents)" in two.note
    one = C.permutation_test(r, "hedging_hedges_per_1k", ["X", "Y"], level="documents",
                             alternative="greater").iloc[0]
    assert one.p_value == pytest.approx(0.05) and "smallest attainable p-value is 0.05 (greater" in one.note
    uneven = {k: v for k, v in docs.items() if k != "y2"}
    t = C.permutation_test(synthetic(uneven), "hedging_hedges_per_1k", ["X", "Y"], level="documents").iloc[0]
    assert "smallest attainable p-value is 0.1 (two-sided, 3 vs 2 documents)" in t.note
    assert t.p_value >= 0.1 - 1e-12


def test_two_single_documents_by_doc_id_with_a_span_rate():
    rng = np.random.default_rng(5)
    r = synthetic({"a": ("X", mixed_doc(rng, 60, 0.06)), "b": ("X", mixed_doc(rng, 60, 0.005))})
    t = C.permutation_test(r, C.span_rate("hedging", "hedge"), ["a", "b"], by="doc_id", n_perm=999).iloc[0]
    assert (t.group_a, t.group_b, t.level, t.n_a, t.n_b) == ("a", "b", "sentences", 60, 60)
    docs = r.documents.set_index("doc_id")["hedging_hedges_per_1k"]
    assert t.estimate_a == pytest.approx(docs["a"]) and t.difference == pytest.approx(docs["a"] - docs["b"])
    assert t.p_value < 0.01 and t.metric == "hedging hedge spans / words x 1000"
    named = C.permutation_test(r, "hedging_hedges_per_1k", ["a", "b"], by="doc_id", n_perm=999).iloc[0]
    assert named.p_value == t.p_value and named.difference == pytest.approx(t.difference)


def test_permutation_is_seeded_and_validates(three_docs):
    a = C.permutation_test(three_docs, "hedging_hedges_per_1k", ["X", "Y"], n_perm=500, seed=1)
    b = C.permutation_test(three_docs, "hedging_hedges_per_1k", ["X", "Y"], n_perm=500, seed=1)
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(FramingInputError, match="two different groups"):
        C.permutation_test(three_docs, "hedging_hedges_per_1k", ["X", "X"])
    with pytest.raises(FramingInputError, match="no documents with outlet == 'Z'"):
        C.permutation_test(three_docs, "hedging_hedges_per_1k", ["X", "Z"])
    t = C.permutation_test(three_docs, "other_score", ["X", "Y"]).iloc[0]
    assert t.level == "documents"


# --- keyness ---------------------------------------------------------------------------


def test_log_likelihood_matches_scipy_and_sign():
    for a, b, c, d in [(20, 5, 1000, 1000), (3, 40, 500, 2000), (0, 12, 800, 900), (7, 0, 300, 5000)]:
        e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
        obs, exp = np.array([a, b], float), np.array([e1, e2])
        keep = obs > 0
        g2 = 2 * np.sum(obs[keep] * np.log(obs[keep] / exp[keep]))
        if keep.all():
            g2_scipy = power_divergence(obs, exp, lambda_="log-likelihood").statistic
            assert g2 == pytest.approx(g2_scipy)
        sign = 1 if a / c >= b / d else -1
        assert float(C.log_likelihood(a, b, c, d)) == pytest.approx(sign * g2)


def test_log_ratio():
    assert float(C.log_ratio(20, 5, 1000, 1000)) == pytest.approx(2.0)
    assert float(C.log_ratio(5, 20, 1000, 4000)) == pytest.approx(0.0)
    assert float(C.log_ratio(0, 4, 100, 100)) == pytest.approx(math.log2(0.5 / 4))


def keyness_corpus() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["a", "b", "c"],
        "outlet": ["X", "Y", "Y"],
        "text": ["Alpha alpha alpha beta. The alpha said alpha.\n\nGamma alpha the.",
                 "Beta beta gamma the. Beta delta the.",
                 "Beta gamma the delta. Delta beta the."],
    })


def test_keyness_ranks_overused_words_first():
    k = C.keyness(keyness_corpus(), "X", min_freq=2)
    assert k.token.iloc[0] == "alpha" and k.g2.iloc[0] > 0 and k.n_target.iloc[0] == 6
    assert k.token.iloc[-1] == "delta" and k.g2.iloc[-1] < 0           # 0 in X, 3 in Y
    assert k.set_index("token").loc["beta", "g2"] < 0
    assert (np.diff(k.g2.to_numpy()) <= 0).all()
    assert {"log_ratio", "p_value", "per_10k_target"} <= set(k.columns)
    assert "said" not in set(k.token)                                     # below min_freq
    assert "the" not in set(C.keyness(keyness_corpus(), "X", min_freq=1, stopwords=True).token)
    assert "alpha" not in set(C.keyness(keyness_corpus(), "X", stopwords=["Alpha"]).token)
    assert k.attrs["target_tokens"] == 11


def test_keyness_uses_counted_sentences_only():
    r = synthetic({"a": ("X", [(10, 2)] * 5), "b": ("Y", [(10, 0)] * 5)}, repeat_words=50)
    k = C.keyness(r, "X", min_freq=1)
    may = k.set_index("token").loc["may"]
    assert may.n_target == 10 and may.n_reference == 0  # the repeated sentence's 'may' is not counted


def test_keyness_errors():
    with pytest.raises(FramingInputError, match="no documents with outlet == 'Q'"):
        C.keyness(keyness_corpus(), "Q")
    with pytest.raises(FramingInputError, match="no column 'nope'"):
        C.keyness(keyness_corpus(), "X", by="nope")


def test_token_counts_words_as_a_reader_counts_them():
    t = C.token_counts(pd.DataFrame({"doc_id": ["a"], "text": ["Pakistan’s cross-border strike on Pakistan."]}))
    assert dict(zip(t.token, t.n)) == {"cross-border": 1, "pakistan": 2, "strike": 1, "on": 1}


# --- kwic --------------------------------------------------------------------------------


def test_kwic_offsets_wildcards_and_multiword():
    corpus = pd.DataFrame({"doc_id": ["a", "b"],
                           "text": ["The so-called experts suggested that Iran's\nstrike was legal.",
                                    "Nothing suggests otherwise, say so-called analysts."]})
    k = C.kwic(corpus, ["so-called", "suggest*"], window=3)
    assert list(k.columns) == ["doc_id", "start", "end", "left", "keyword", "right", "pattern"]
    assert len(k) == 4
    for row in k.itertuples():
        text = corpus.set_index("doc_id").loc[row.doc_id, "text"]
        assert text[row.start:row.end] == row.keyword
    first = k.iloc[0]
    assert (first.left, first.keyword, first.right) == ("The", "so-called", "experts suggested that")
    multi = C.kwic(corpus, "that iran", window=2)
    assert multi.keyword.tolist() == ["that Iran"] and multi.right.iloc[0] == "'s strike"  # newline flattened


def test_kwic_takes_a_result_a_string_or_a_lexicon(three_docs):
    assert len(C.kwic(three_docs, "may")) > 0
    assert C.kwic("It may rain.", "may", window=1).left.tolist() == ["It"]
    lex = framing.load_lexicon("hedging")
    k = C.kwic("This is allegedly so-called news, perhaps.", lex, categories=["distancing"])
    assert set(k.keyword) >= {"allegedly", "so-called"} and "perhaps" not in set(k.keyword)
    with pytest.raises(FramingInputError, match="no word"):
        C.kwic("x", "  ")


def test_kwic_html_escapes_and_marks():
    k = C.kwic("<script>alert(1)</script> so-called <b>", "so-called", window=20)
    out = C.kwic_html(k)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<mark" in out and ">so-called</mark>" in out
    assert out._repr_html_() == str(out)


# --- the real corpus (structure only) -------------------------------------------------


@pytest.fixture(scope="module")
def real():
    return framing.score("strikes-2024")


def test_real_result_structure(real):
    metrics = [m for m in C.METRICS if m in real.documents]
    assert "hedging_hedges_per_1k" in metrics
    iv = C.group_intervals(real, metrics, by="outlet", n_boot=200)
    assert len(iv) == 5 * len(metrics)
    assert set(iv.method) <= {"sentences", "documents+sentences", "documents", "none", "exact-poisson",
                              "exact-binomial"}
    # Every registered sentence-level form must still rebuild its document metric;
    # if a measure changed a definition, update compare.METRICS.
    stale = sorted(set(iv.loc[iv.method.isin(["documents", "none"]), "metric"]))
    assert not stale, f"registered metrics no longer reproduce the documents frame: {stale}"
    # Ratios registered as shares must be shares (0 to 1), or their exact intervals would be wrong.
    for m in metrics:
        if C.METRICS[m].count_kind == "share":
            values = real.documents[m].dropna()
            assert ((values >= 0) & (values <= 1)).all(), m
    exact = iv[iv.method.str.startswith("exact")]
    assert len(exact) and (exact.ci_high > exact.ci_low).all()
    by_type = C.group_intervals(real, "hedging_hedges_per_1k", by="outlet_type", n_boot=200)
    assert "documents+sentences" in set(by_type.method)      # three think tanks
    t = C.permutation_test(real, "hedging_hedges_per_1k", ["Vox", "AiBot"], n_perm=500).iloc[0]
    assert 0 < t.p_value <= 1 and -1 <= t.cliffs_delta <= 1
    k = C.keyness(real, "AiBot", stopwords=True)
    assert len(k) > 10 and k.g2.iloc[0] > 0
    assert len(C.kwic(real, "Balochistan")) > 0
    assert real.compare("hedging_hedges_per_1k").equals(C.group_intervals(real, "hedging_hedges_per_1k"))
