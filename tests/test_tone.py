"""Tone toward actors on hand-made corpora with known answers, and the evaluation figures."""

from __future__ import annotations

import math

import pandas as pd

from ingest.config import Actor
from models import tone
from models.actors import find_mentions
from models.corpus import Corpus
from models.evaluation import failures, load_minimums
from tests.conftest import make_corpus

VARGA = Actor("Elena Varga", ("Varga",))
BRANDT = Actor("Dieter Brandt", ("Brandt",))
SOKOL = Actor("Pavel Sokol", ("Sokol",))
ACTORS = (VARGA, BRANDT, SOKOL)


def corpus(*articles: tuple[str, str, str]) -> Corpus:
    """A corpus of (outlet, language, text) articles about a test event."""
    return make_corpus(articles, actors=ACTORS)


def row(table: pd.DataFrame, outlet: str, actor: str) -> pd.Series:
    part = table[(table.outlet == outlet) & (table.actor == actor)]
    assert len(part) == 1, part
    return part.iloc[0]


def test_negative_clause_inside_a_positive_sentence():
    sentence = (
        "The festival was a joyful success and the crowds cheered warmly, "
        "but Brandt was booed and humiliated."
    )
    assert tone.plain_analyser().polarity_scores(sentence)["compound"] > 0.5
    tables = tone.analyse(corpus(("Post", "en", sentence)))
    evidence = tables["tone_evidence"]
    assert list(evidence.columns) == tone.EVIDENCE_COLUMNS
    assert evidence.clause.tolist() == ["but Brandt was booed and humiliated."]
    # the clause's lexicon score, one of the model's features, reads it as negative; the model
    # weighs it against the rest of the sentence (see the model card's limits)
    assert tone.lexicon_score(sentence, [(70, 76)]) < -tone.NEUTRAL_BAND
    assert evidence.sentence.iloc[0] == sentence
    probabilities = evidence[["p_negative", "p_neutral", "p_positive"]].iloc[0]
    assert abs(probabilities.sum() - 1) < 1e-3
    assert evidence.tone.iloc[0] == round(probabilities.p_positive - probabilities.p_negative, 4)


def test_tone_depends_on_the_target():
    sentence = "Varga praised the workers, while Brandt was accused of fraud and lies."
    evidence = tone.analyse(corpus(("Post", "en", sentence)))["tone_evidence"]
    by_actor = dict(zip(evidence.actor, evidence.tone, strict=True))
    assert by_actor[VARGA.name] > by_actor[BRANDT.name]


def test_quotation_is_its_own_clause():
    sentence = "“Varga has lied to the country and must resign,” Sokol told a rally."
    mentions = find_mentions(sentence, ACTORS)
    varga = [m for m in mentions if m.actor == VARGA.name]
    sokol = [m for m in mentions if m.actor == SOKOL.name]
    assert tone.target_clause(sentence, varga) == "Varga has lied to the country and must resign"
    assert tone.target_clause(sentence, sokol) == "Sokol told a rally."


def test_weak_sentiment_falls_in_the_lexicon_band():
    weak = "Varga said the plan was okay."
    assert 0 < tone.clause_score(weak) < tone.NEUTRAL_BAND
    assert tone.banded(tone.clause_score(weak)) == 0.0
    assert tone.lexicon_score(weak, [(0, 5)]) == 0.0


def test_a_plain_report_reads_as_neutral():
    evidence = tone.analyse(corpus(("Post", "en", "Varga arrived in Geneva on Monday.")))
    row = evidence["tone_evidence"].iloc[0]
    assert abs(row.tone) < tone.NEUTRAL_BAND


def test_news_words_do_not_read_as_praise():
    sentence = "Sokol said the military would support the police."
    assert tone.plain_analyser().polarity_scores(sentence)["compound"] > 0.3
    assert tone.clause_score(sentence) == 0.0
    # the baseline keeps VADER's own lexicon: only the news analyser's copy is changed
    assert "support" in tone.plain_analyser().lexicon
    assert tone.news_analyser() is tone.news_analyser()


def test_other_languages_are_counted_not_scored():
    tables = tone.analyse(
        corpus(
            ("Libre", "es", "La dictadura de Varga es cruel y corrupta. Varga no respondió."),
            ("Libre", "", "Varga was condemned for her cruel and corrupt rule."),
            ("Post", "en", "Varga was praised for her brave and honest leadership."),
        )
    )
    libre = row(tables["actor_tone"], "Libre", VARGA.name)
    assert (libre.sentences, libre.not_scored) == (0, 3)
    assert math.isnan(libre.tone) and math.isnan(libre.ci_low)
    post = row(tables["actor_tone"], "Post", VARGA.name)
    assert (post.sentences, post.not_scored) == (1, 0)
    assert post.tone > tone.NEUTRAL_BAND and math.isnan(post.ci_low)  # one sentence
    assert set(tables["tone_evidence"].outlet) == {"Post"}


def test_outlet_tone_has_a_bootstrap_interval_and_is_reproducible():
    texts = [
        "Varga was praised for her brave and honest leadership.",
        "Varga arrived in Geneva on Sunday.",
        "Varga was condemned for her cruel and corrupt rule.",
        "Varga met the delegates on Monday.",
        "Varga was hailed as a wise and generous leader.",
    ]
    documents = corpus(*[("Post", "en", t) for t in texts])
    first = tone.analyse(documents)["actor_tone"]
    again = tone.analyse(documents)["actor_tone"]
    pd.testing.assert_frame_equal(first, again)
    varga = row(first, "Post", VARGA.name)
    assert list(first.columns) == tone.COLUMNS
    assert varga.sentences == 5 and varga.not_scored == 0
    assert varga.ci_low < varga.tone < varga.ci_high
    assert varga.ci_low >= -1 and varga.ci_high <= 1


def test_one_row_per_sentence_and_actor():
    sentence = "Varga met Varga's old rival Brandt on Monday."
    evidence = tone.analyse(corpus(("Post", "en", sentence)))["tone_evidence"]
    assert sorted(evidence.actor) == [BRANDT.name, VARGA.name]


def test_empty_corpus_gives_the_documented_columns():
    tables = tone.analyse(corpus())
    assert list(tables["actor_tone"].columns) == tone.COLUMNS
    assert list(tables["tone_evidence"].columns) == tone.EVIDENCE_COLUMNS
    assert tables["actor_tone"].empty and tables["tone_evidence"].empty


def test_evaluation_beats_the_baselines_with_the_reported_figures():
    scores = tone.evaluate()
    assert scores["tone_items"] >= 80
    assert scores["tone_agreement"] > scores["tone_always_neutral"]
    assert scores["tone_agreement"] > scores["tone_plain_vader"]
    assert scores["tone_agreement_heldout"] > scores["tone_always_neutral_heldout"]
    gated = ("tone_agreement", "tone_agreement_heldout", "tone_macro_f1")
    minimums = load_minimums()
    assert failures(scores, {n: minimums[n] for n in gated}) == []
    assert scores["tone_lexicon_agreement"] >= 0.84  # the former method, kept as a baseline
    assert scores["tone_band_tuned"] == tone.NEUTRAL_BAND
    assert 0.5 < scores["tone_always_neutral"] < 0.7  # mostly neutral, as news is
