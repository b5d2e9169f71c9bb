"""Filters on the demo event's tables: the chosen articles' rows and their recounted summaries."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ingest.config import load_config
from ingest.files import load_demo
from ingest.store import Store
from models.axes import article_scores, hits_table, outlet_scores
from models.corpus import load_corpus
from models.quotes import voices_table
from models.selection import Selection, chosen_urls, select
from models.tables import build_tables
from tests.conftest import DEMO_EVENT, REPO

CONFIG = load_config(REPO / "config")
EVENT = CONFIG.event(DEMO_EVENT)
AXES = [a.id for a in EVENT.axes]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("selection") / "store.db") as store:
        load_demo(CONFIG, store)
        corpus = load_corpus(store, EVENT, CONFIG)
    return corpus, {copies: build_tables(corpus, include_copies=copies) for copies in (0, 1)}


@pytest.mark.parametrize("copies", [False, True])
def test_choosing_everything_explicitly_gives_the_same_tables(demo, copies):
    _, built = demo
    tables = built[copies]
    days = pd.to_datetime(tables["articles"].published)
    everything = Selection(
        outlets=tuple(o.name for o in CONFIG.outlets),
        date_from=days.min().date(),
        date_to=days.max().date(),
    )
    chosen = select(tables, everything, axes=AXES, include_copies=copies)
    assert chosen.keys() == tables.keys()
    for name, table in tables.items():
        pd.testing.assert_frame_equal(
            chosen[name].reset_index(drop=True),
            table.reset_index(drop=True),
            check_dtype=False,
            obj=name,
        )


def test_summaries_are_recounted_over_the_chosen_articles(demo):
    corpus, built = demo
    tables = built[True]
    picked = ("Nova Moskva Agency", "The Metropolitan Post", "El Observador Libre")
    selection = Selection(outlets=picked, date_from=date(2019, 5, 2))
    chosen = select(tables, selection, axes=AXES, include_copies=True)

    urls = chosen_urls(tables["articles"], selection)
    assert urls and set(chosen["articles"].url) == urls
    assert set(chosen["articles"].outlet) <= set(picked)
    assert (chosen["articles"].published >= "2019-05-02").all()
    for name in ("evidence", "quotes", "tone_evidence", "label_evidence", "claim_sentences"):
        assert set(chosen[name].url) <= urls, name

    # per-article analyses: the recount equals the analysis run on those articles alone
    documents = corpus.documents[corpus.documents.url.isin(urls)]
    scores = article_scores(documents, hits_table(documents, EVENT.axes), EVENT.axes)
    expected = outlet_scores(scores).round(4)
    columns = ["outlet", "axis", "score", "ci_low", "ci_high", "articles", "unscored"]
    pd.testing.assert_frame_equal(
        chosen["outlet_axes"][columns].reset_index(drop=True), expected[columns], check_dtype=False
    )
    whole_quotes = tables["quotes"]
    pd.testing.assert_frame_equal(
        chosen["voices"], voices_table(whole_quotes[whole_quotes.url.isin(urls)])
    )
    tone = chosen["actor_tone"].set_index(["outlet", "actor"])["sentences"]
    counted = chosen["tone_evidence"].groupby(["outlet", "actor"]).size()
    assert tone[tone > 0].sort_index().tolist() == counted.sort_index().tolist()
    labels = chosen["actor_labels"]
    assert labels["count"].sum() == len(chosen["label_evidence"])


def test_claims_keep_their_ids_and_list_only_chosen_outlets_as_omitting(demo):
    _, built = demo
    tables = built[False]
    picked = ("Radio Bolivariana Caracas", "The Metropolitan Post", "Nova Moskva Agency")
    chosen = select(tables, Selection(outlets=picked), axes=AXES, include_copies=False)
    claims = chosen["claims"]
    assert not claims.empty
    assert set(claims.claim) <= set(tables["claims"].claim)
    for row in claims.itertuples():
        reporters = set(row.outlets.split("; "))
        omitting = set(filter(None, row.omitted_by.split("; ")))
        assert reporters <= set(picked) and omitting <= set(picked)
        assert reporters.isdisjoint(omitting) and row.n_outlets == len(reporters)
    matrix = chosen["claim_matrix"].set_index("claim")
    assert list(matrix.columns) == sorted(picked)
    # a claim's count per outlet is its evidence sentences of that outlet
    sentences = chosen["claim_sentences"].groupby(["claim", "outlet"]).size()
    for (claim, outlet), n in sentences.items():
        assert matrix.loc[claim, outlet] == n


def test_undated_articles_are_kept_unless_asked_otherwise():
    articles = pd.DataFrame(
        {
            "url": ["u1", "u2", "u3", "u4"],
            "outlet": ["A", "A", "B", "B"],
            "published": ["2019-05-01", "", "2019-05-09T10:00:00+00:00", "not a date"],
        }
    )
    window = Selection(date_from=date(2019, 5, 2), date_to=date(2019, 5, 31))
    assert chosen_urls(articles, window) == {"u2", "u3", "u4"}
    strict = Selection(date_from=date(2019, 5, 2), undated=False)
    assert chosen_urls(articles, strict) == {"u3"}
    assert chosen_urls(articles, Selection(outlets=("A",))) == {"u1", "u2"}
    assert chosen_urls(articles, Selection(outlets=())) == set()


def test_no_selection_is_the_tables_themselves(demo):
    _, built = demo
    assert select(built[False], Selection(), axes=AXES, include_copies=False) is built[False]
