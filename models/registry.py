"""Every analysis of an event, declared once: its tables, their columns, how a filter recounts
them, its evaluation and the dashboard page that explains it.

Building (models.tables), filtering (models.selection), exporting, the Data page's column
help, the findings' links and the evaluation gate all loop over ANALYSES; adding an analysis
is adding one declaration here (and, for a new page, one entry in dashboard/pages.py).

Each table says:

- rows: whose rows they are: "article" (each row belongs to one article and carries its
  `url`), "outlet" (one row per outlet, or outlet and something) or "event" (the event as a
  whole: claims, fitted models);
- under_filter: KEEP_URL (the rows of the chosen articles), KEEP_OUTLET (the rows of the
  outlets shown), WHOLE_EVENT (fitted on every article: shown as fitted), or a recount
  function of the analysis's own module, which computes the table again from the filtered
  tables (see `Filtered`);
- columns: the documented columns, in order; `per_axis` columns follow, repeated for each of
  the event's axes as `<axis>_<suffix>`; `per_outlet` adds one column per outlet counted.

Each analysis also says where it can run (`scope`). A per-article analysis declares a
`ByArticle`: `read` finds its rows in a batch of articles, each article read on its own, so
the batches' rows concatenated in order are those of the whole event; `combine` then makes
the tables from every batch's rows (a summary, or a fit that needs the whole event, as the
axis model does). Such an analysis can run batch by batch on workers (models.distributed);
one process runs the same two steps on one batch, the whole event. A whole-event analysis
(claims, distinctive terms) reads every article at once.

Tables come out in the order they are declared here.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import Literal

import pandas as pd

from models import axes, axis_tables, claims, coverage, duplicates, labels, quotes, terms, tone
from models.axis_model import (
    AXIS_MODELS,
    PHRASE_SUGGESTIONS,
    QUALITY_COLUMNS,
    SENTENCE_COLUMNS,
    SENTENCE_SCORES,
    SUGGESTION_COLUMNS,
)
from models.columns import outlet_columns
from models.corpus import FETCH_LOG, FETCH_LOG_COLUMNS, Corpus

Rows = Literal["article", "outlet", "event"]


class Keep(Enum):
    """What a filter keeps of a table that is not recounted."""

    URL = "the rows of the chosen articles"
    OUTLET = "the rows of the outlets shown"
    WHOLE_EVENT = "every row: computed over the whole event, not refitted"


KEEP_URL, KEEP_OUTLET, WHOLE_EVENT = Keep.URL, Keep.OUTLET, Keep.WHOLE_EVENT


@dataclass(frozen=True)
class Inputs:
    """What every analysis runs on: the event's corpus and the same less its wire copies."""

    corpus: Corpus  # every stored article of the event
    counted: Corpus  # the articles the figures count (wire copies once unless include_copies)
    duplicates: pd.DataFrame  # the wire copies found (models.duplicates)
    include_copies: bool

    @cached_property
    def copy_of(self) -> dict[str, str]:
        """copy url -> the url of the article it copies."""
        return dict(zip(self.duplicates.url, self.duplicates.duplicate_of, strict=True))


@dataclass(frozen=True)
class Filtered:
    """What a recount function sees: the unfiltered tables and the ones filtered so far (every
    kept table, and the recounted tables declared before this one)."""

    whole: Mapping[str, pd.DataFrame]
    tables: Mapping[str, pd.DataFrame]
    urls: frozenset[str]  # the chosen articles
    outlets: frozenset[str]  # the outlets shown
    include_copies: bool  # as the tables were built
    axes: tuple[str, ...]  # the event's axis ids

    @property
    def articles(self) -> pd.DataFrame:
        """The chosen articles."""
        return self.tables[coverage.ARTICLES]

    @property
    def counted_outlets(self) -> list[str]:
        """The outlets with a chosen article that is counted, sorted."""
        counted = coverage.counted_articles(self.articles, self.include_copies)
        return sorted(set(counted["outlet"]))


Recount = Callable[[Filtered], pd.DataFrame]


@dataclass(frozen=True)
class Table:
    name: str
    rows: Rows
    columns: tuple[str, ...]
    under_filter: Keep | Recount
    about: str  # one line for the Data page: what a row is
    per_axis: tuple[str, ...] = ()
    per_outlet: bool = False
    page: str | None = None  # when not the analysis's own page

    def expected_columns(self, axes: list[str], outlets: list[str]) -> list[str]:
        """The columns this table has for an event of these axes and counted outlets."""
        columns = list(self.columns)
        columns += [f"{axis}_{suffix}" for axis in axes for suffix in self.per_axis]
        if self.per_outlet:  # an outlet named like a column of the table gets its own
            columns += list(outlet_columns(outlets, columns).values())
        return columns


Partial = dict[str, pd.DataFrame]  # rows found in a batch of articles, by name


@dataclass(frozen=True)
class ByArticle:
    """The per-article part of an analysis: `read` gives a batch of articles' rows (each row
    found from its own article alone); `combine` makes the tables from the rows of the whole
    event, concatenated in article order."""

    read: Callable[[Corpus], Partial]
    combine: Callable[[Inputs, Partial], dict[str, pd.DataFrame]]
    # read the counted articles (wire copies once), or every article, copies too
    counted: bool = True

    def corpus_of(self, inputs: Inputs) -> Corpus:
        return inputs.counted if self.counted else inputs.corpus

    def run(self, inputs: Inputs) -> dict[str, pd.DataFrame]:
        """Both steps in one process: the whole event is one batch."""
        return self.combine(inputs, self.read(self.corpus_of(inputs)))


@dataclass(frozen=True)
class Analysis:
    name: str
    about: str
    run: Callable[[Inputs], dict[str, pd.DataFrame]]
    tables: tuple[Table, ...]
    page: str  # the id of the dashboard page that explains it (dashboard/pages.py)
    evaluate: Callable[[], dict[str, float]] | None = None
    by_article: ByArticle | None = None  # set for a per-article analysis (see the docstring)

    @property
    def scope(self) -> Literal["article", "event"]:
        """ "article": read batch by batch, then combined; "event": every article at once."""
        return "article" if self.by_article is not None else "event"


def _on_counted(analyse: Callable[[Corpus], dict[str, pd.DataFrame]]):
    """An analysis of the counted articles only (wire copies once)."""

    def run(inputs: Inputs) -> dict[str, pd.DataFrame]:
        return analyse(inputs.counted)

    run.__name__ = f"{analyse.__module__}.{analyse.__name__}"
    return run


def _summary_of(source: str, summarise: Callable[[pd.DataFrame], pd.DataFrame]) -> Recount:
    """A recount that summarises the kept rows of another table."""

    def recount(view: Filtered) -> pd.DataFrame:
        return summarise(view.tables[source])

    recount.__name__ = f"summary of {source}"
    return recount


def _by_article(by_article: ByArticle) -> Callable[[Inputs], dict[str, pd.DataFrame]]:
    return by_article.run


_HITS = "axis_hits"


def _axis_hits(corpus: Corpus) -> Partial:
    return {_HITS: axes.hits_table(corpus.documents, corpus.event.axes)}


def _axes(inputs: Inputs, partial: Partial) -> dict[str, pd.DataFrame]:
    # the phrase hits are each article's own; scores, the model and the outlets need them all
    tables = axis_tables.analyse(inputs.corpus, inputs.counted, inputs.copy_of, partial[_HITS])
    articles = tables.pop(coverage.ARTICLES)
    outlets = coverage.outlet_summary(articles, inputs.corpus.groups, inputs.include_copies)
    return {coverage.ARTICLES: articles, coverage.OUTLETS: outlets, **tables}


def _labels(inputs: Inputs, partial: Partial) -> dict[str, pd.DataFrame]:
    return labels.label_tables(partial[labels.FOUND])


def _tone_read(corpus: Corpus) -> Partial:
    # the outlets' means and intervals wait for the whole event (_tone): not summarised here
    evidence, counts = tone.scored(corpus)
    unscored = pd.DataFrame(
        [(outlet, actor, n) for (outlet, actor), n in sorted(counts.items())],
        columns=["outlet", "actor", "not_scored"],
    ).astype({"not_scored": int})
    return {tone.TONE_EVIDENCE: evidence, "tone_unscored": unscored}


def _tone(inputs: Inputs, partial: Partial) -> dict[str, pd.DataFrame]:
    # each batch's clauses keep their tone; the outlets' means and intervals need them all
    unscored: dict[tuple[str, str], int] = {}
    for outlet, actor, n in partial["tone_unscored"].itertuples(index=False):
        unscored[(outlet, actor)] = unscored.get((outlet, actor), 0) + int(n)
    evidence = partial[tone.TONE_EVIDENCE].reset_index(drop=True)
    return {tone.ACTOR_TONE: tone.summarise(evidence, unscored), tone.TONE_EVIDENCE: evidence}


def _quotes_read(corpus: Corpus) -> Partial:
    return {quotes.QUOTES: quotes.analyse(corpus)[quotes.QUOTES]}


def _quotes(inputs: Inputs, partial: Partial) -> dict[str, pd.DataFrame]:
    found = partial[quotes.QUOTES].reset_index(drop=True)
    found["words"] = found["words"].astype(int)
    return {quotes.QUOTES: found, quotes.VOICES: quotes.voices_table(found)}


AXES = ByArticle(_axis_hits, _axes, counted=False)  # every article is scored, copies too
LABELS = ByArticle(labels.find_corpus_labels, _labels)
TONE = ByArticle(_tone_read, _tone)
QUOTES = ByArticle(_quotes_read, _quotes)


def _duplicates(inputs: Inputs) -> dict[str, pd.DataFrame]:
    return {duplicates.DUPLICATES: inputs.duplicates}


def _fetch_log(inputs: Inputs) -> dict[str, pd.DataFrame]:
    return {FETCH_LOG: inputs.corpus.fetch_log[FETCH_LOG_COLUMNS].reset_index(drop=True)}


ANALYSES: tuple[Analysis, ...] = (
    Analysis(
        name="axes",
        about="each article's phrase evidence and model score on the event's framing axes, "
        "and every outlet's score with its interval",
        run=_by_article(AXES),
        by_article=AXES,
        page="axes",
        tables=(
            Table(
                coverage.ARTICLES,
                "article",
                axis_tables.ARTICLE_COLUMNS,
                KEEP_URL,
                "one article: where it comes from, its length, the article it copies (if it "
                "is a wire copy) and, per axis, its phrase score (empty: no phrase), hits of "
                "each pole, mean confident model score and combined score",
                per_axis=axis_tables.ARTICLE_AXIS_COLUMNS,
            ),
            Table(
                coverage.OUTLETS,
                "outlet",
                tuple(coverage.COLUMNS),
                coverage.recount_outlets,
                "one outlet: articles counted, its wire copies of other outlets' stories, "
                "first and last publication day, median words, languages",
                page="overview",
            ),
            Table(
                axis_tables.PHRASE_HITS,
                "article",
                axis_tables.PHRASE_HIT_COLUMNS,
                KEEP_URL,
                "how often one phrase of one pole occurs in one article",
            ),
            Table(
                axis_tables.EVIDENCE,
                "article",
                axis_tables.EVIDENCE_COLUMNS,
                KEEP_URL,
                "one phrase hit, as written, with its sentence",
            ),
            Table(
                axis_tables.OUTLET_AXES,
                "outlet",
                axis_tables.OUTLET_AXIS_COLUMNS,
                axis_tables.recount_outlet_axes,
                "one outlet on one axis: mean phrase score of its scored articles with a 95% "
                "bootstrap interval, articles scored and unscored, and the combined score",
            ),
            Table(
                SENTENCE_SCORES,
                "article",
                tuple(SENTENCE_COLUMNS),
                KEEP_URL,
                "a sentence that carries evidence: the pole whose phrases it has (label) or "
                "the axis model's cross-fitted score (2·p(b)−1)",
            ),
            Table(
                AXIS_MODELS,
                "event",
                tuple(QUALITY_COLUMNS),
                WHOLE_EVENT,
                "one axis's model: examples per pole, articles, folds, ROC AUC and F1 grouped "
                "by article, whether it is trusted and why",
            ),
            Table(
                PHRASE_SUGGESTIONS,
                "event",
                tuple(SUGGESTION_COLUMNS),
                WHOLE_EVENT,
                "a new phrase the axis model suggests for a pole, with a sentence using it",
            ),
        ),
    ),
    Analysis(
        name="terms",
        about="the words and phrases that set each outlet (or group) apart from the rest",
        run=_on_counted(terms.analyse),
        page="language",
        tables=(
            Table(
                terms.DISTINCTIVE_TERMS,
                "outlet",
                tuple(terms.COLUMNS),
                terms.recount,
                "a term distinctive of one outlet (or group) against all the others: count, "
                "rate, log-odds z-score and an example sentence",
            ),
        ),
    ),
    Analysis(
        name="actor labels",
        about="the titles and descriptors each outlet attaches to each actor",
        run=_by_article(LABELS),
        by_article=LABELS,
        page="actors",
        evaluate=labels.evaluate,
        tables=(
            Table(
                labels.ACTOR_LABELS,
                "outlet",
                tuple(labels.COLUMNS),
                _summary_of(labels.LABEL_EVIDENCE, labels.summarise),
                "one label an outlet gives an actor: how often, in how many articles, an example",
            ),
            Table(
                labels.LABEL_EVIDENCE,
                "article",
                tuple(labels.EVIDENCE_COLUMNS),
                KEEP_URL,
                "one label found, with its article and sentence",
            ),
        ),
    ),
    Analysis(
        name="tone",
        about="the tone of the clauses around each actor's mentions (English only)",
        run=_by_article(TONE),
        by_article=TONE,
        page="actors",
        evaluate=tone.evaluate,
        tables=(
            Table(
                tone.ACTOR_TONE,
                "outlet",
                tuple(tone.COLUMNS),
                tone.recount,
                "one outlet's mean tone about one actor with its interval, sentences scored "
                "and sentences in a language tone does not score",
            ),
            Table(
                tone.TONE_EVIDENCE,
                "article",
                tuple(tone.EVIDENCE_COLUMNS),
                KEEP_URL,
                "one clause about an actor with its tone and sentence",
            ),
        ),
    ),
    Analysis(
        name="quotes",
        about="whom each outlet quotes, and at what length",
        run=_by_article(QUOTES),
        by_article=QUOTES,
        page="voices",
        evaluate=quotes.evaluate,
        tables=(
            Table(
                quotes.QUOTES,
                "article",
                tuple(quotes.QUOTE_COLUMNS),
                KEEP_URL,
                "one quotation with its speaker, the actor it is, its kind and words",
            ),
            Table(
                quotes.VOICES,
                "outlet",
                tuple(quotes.VOICE_COLUMNS),
                _summary_of(quotes.QUOTES, quotes.voices_table),
                "one speaker in one outlet: quotations, words and share of the outlet's "
                "quoted words",
            ),
        ),
    ),
    Analysis(
        name="claims",
        about="sentences of different articles that state the same thing; who leaves them out",
        run=_on_counted(claims.analyse),
        page="claims",
        evaluate=claims.evaluate,
        tables=(
            Table(
                claims.CLAIMS,
                "event",
                tuple(claims.CLAIM_COLUMNS),
                claims.recount_claims,
                "one claim: its most central sentence, the outlets that report it and those "
                "that do not",
            ),
            Table(
                claims.CLAIM_MATRIX,
                "event",
                ("claim",),
                claims.recount_matrix,
                "one claim: how many sentences of each outlet state it",
                per_outlet=True,
            ),
            Table(
                claims.CLAIM_SENTENCES,
                "article",
                tuple(claims.MEMBER_COLUMNS),
                KEEP_URL,
                "one sentence of a claim, as written",
            ),
            Table(
                claims.EXCLUSIVE_CLAIMS,
                "article",
                tuple(claims.EXCLUSIVE_COLUMNS),
                KEEP_URL,
                "a fact-like sentence no other outlet of the event reports",
            ),
        ),
    ),
    Analysis(
        name="duplicates",
        about="articles republished word for word from another outlet, counted once",
        run=_duplicates,
        page="wire_copies",
        evaluate=duplicates.evaluate,
        tables=(
            Table(
                duplicates.DUPLICATES,
                "article",
                tuple(duplicates.COLUMNS),
                duplicates.recount,
                "one wire copy, the article it copies and how much of it is shared",
            ),
        ),
    ),
    Analysis(
        name="fetch log",
        about="every attempt to fetch a page of the event",
        run=_fetch_log,
        page="fetch_report",
        tables=(
            Table(
                FETCH_LOG,
                "article",
                tuple(FETCH_LOG_COLUMNS),
                KEEP_OUTLET,
                "one attempt: its status, the reason and detail, HTTP status and time",
            ),
        ),
    ),
)


# Story grouping belongs to discovery, which makes no table of the event; it is gated too.
def _evaluate_stories() -> dict[str, float]:
    from ingest import stories  # scikit-learn and scipy: imported only when evaluating

    return stories.evaluate()


OTHER_EVALUATIONS: dict[str, Callable[[], dict[str, float]]] = {"stories": _evaluate_stories}


def declared_tables() -> Iterator[tuple[Analysis, Table]]:
    """Every declared table with its analysis, in declaration order."""
    for analysis in ANALYSES:
        for table in analysis.tables:
            yield analysis, table


TABLES: dict[str, Table] = {table.name: table for _, table in declared_tables()}


def page_of(table_name: str) -> str:
    """The id of the dashboard page that explains a table."""
    for analysis, table in declared_tables():
        if table.name == table_name:
            return table.page or analysis.page
    raise KeyError(table_name)


def tables_on(page: str) -> list[str]:
    """The tables a page explains, in declaration order."""
    return [
        table.name for analysis, table in declared_tables() if (table.page or analysis.page) == page
    ]


def evaluations() -> dict[str, Callable[[], dict[str, float]]]:
    """Each evaluation by the name of what it measures."""
    declared = {a.name: a.evaluate for a in ANALYSES if a.evaluate is not None}
    return {**declared, **OTHER_EVALUATIONS}


# How often each analysis has run in this process: tables read from the store run none, which
# the tests and the dashboard benchmark check.
RUNS: Counter[str] = Counter()


def run(
    analysis: Analysis, inputs: Inputs, partial: Partial | None = None
) -> dict[str, pd.DataFrame]:
    """One analysis's tables; its run must give exactly the tables it declares.

    `partial`: for a per-article analysis, the rows its `read` found in every batch of the
    event, concatenated; only the combining step is left to run.
    """
    RUNS[analysis.name] += 1
    if partial is not None and analysis.by_article is not None:
        produced = analysis.by_article.combine(inputs, partial)
    else:
        produced = analysis.run(inputs)
    declared = [table.name for table in analysis.tables]
    if sorted(produced) != sorted(declared):
        raise ValueError(f"analysis {analysis.name!r} made {sorted(produced)}, declared {declared}")
    return produced


def describe(table: Table) -> str:
    """A table's help line: what a row is, its columns and what a filter does to it."""
    rows = {"article": "per article", "outlet": "per outlet", "event": "per event"}[table.rows]
    columns = list(table.columns)
    columns += [f"<axis>_{suffix}" for suffix in table.per_axis]
    columns += ["one column per outlet"] if table.per_outlet else []
    rule = (
        table.under_filter.value
        if isinstance(table.under_filter, Keep)
        else "recounted from the chosen articles"
    )
    lines = [
        f"{table.name} ({rows}): {table.about}.",
        f"columns: {', '.join(columns)}.",
        f"under a filter: {rule}.",
    ]
    # wrapped for st.text, which keeps line breaks as they are
    return "\n".join(
        textwrap.fill(line, 95, initial_indent="    " * (i > 0), subsequent_indent="    ")
        for i, line in enumerate(lines)
    )
