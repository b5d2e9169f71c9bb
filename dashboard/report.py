"""The shareable report: one self-contained HTML file of an event's comparison.

It holds what the dashboard's pages show, for a reader without the dashboard: what the event
covers, the findings with their evidence rows, every chart (interactive, plotly's script
inlined once so the file opens offline), the outlet tables, the method notes beside each
measure, the filters and the manifest of what produced it. `framing report` and the
dashboard's "Download report" both call `report_bytes`, so the same tables, config and
filters give the same bytes; the time it was made is the only input that changes by itself,
and `SOURCE_DATE_EPOCH` pins it as it does for reproducible builds.

Article text and config strings are hostile: every one is escaped with `html.escape` here,
and plotly writes its figures' JSON with `<`, `>` and `/` as `\\u` escapes, so a label cannot
close the script that draws it. A Content-Security-Policy allows only this file's own scripts
(by their SHA-256) and no request to anywhere.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from dashboard.figures.actors import label_heatmap, tone_chart
from dashboard.figures.axes import axis_chart, dot_order, phrase_heatmap
from dashboard.figures.claims import claim_heatmap
from dashboard.figures.colours import outlet_colours
from dashboard.figures.duplicates import copies_chart
from dashboard.figures.fetch import reason_chart, status_chart, timing_chart
from dashboard.figures.terms import terms_scatter, top_terms_bars
from dashboard.figures.timeline import timeline_chart
from dashboard.figures.voices import voices_chart
from dashboard.render import method_text
from dashboard.shares import articles_with, outlet_articles
from ingest.config import Config, Event
from models import axes, axis_model, claims, duplicates, findings, labels, quotes, terms, tone
from models.bundle import manifest
from models.coverage import article_dates, counted_articles
from models.tables import outlet_phrase_matrix

MAX_ROWS = 100  # per table: the CSV export has every row; a report to e-mail stays readable
MAX_CLAIMS = 30  # claims drawn in the heatmap, the most widely reported first
_CHART_CONFIG = {"displaylogo": False, "responsive": True}
# Named, not plotly's default: importing Streamlit makes its own theme the default, and the
# report must be the same from the dashboard and from the terminal.
TEMPLATE = "plotly_white"


def unfiltered(include_copies: bool = False) -> dict[str, object]:
    """The filters of a report made with nothing chosen, in the dashboard's shape."""
    return {
        "include_copies": bool(include_copies),
        "outlets": "all",
        "date_from": "",
        "date_to": "",
        "undated_articles_kept": True,
    }


def generated_now() -> str:
    """Now, or `SOURCE_DATE_EPOCH` when set, so that a report can be made again byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.isoformat(timespec="seconds")


def _e(value: object) -> str:
    return html.escape(_text(value), quote=True)


def _text(value: object) -> str:
    """A cell as a reader should see it: missing values empty, floats short."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if value != value:
            return ""
        return f"{value:.4g}" if abs(value) < 1e5 else f"{value:,.0f}"
    if isinstance(value, list | tuple | set):
        return "; ".join(_text(v) for v in value)
    return str(value)


def _cell(column: str, value: object) -> str:
    text = _text(value)
    # addresses are links only when they are web addresses: a javascript: or file: URL in a
    # stored page must not become something to click
    if column in {"url", "duplicate_of"} and text.startswith(("https://", "http://")):
        return f'<a href="{_e(text)}" rel="noopener noreferrer nofollow">{_e(text)}</a>'
    return _e(text)


def table_html(table: pd.DataFrame, columns: Iterable[str] | None = None, caption: str = "") -> str:
    """The table's first MAX_ROWS rows as an escaped HTML table, saying how many are left out."""
    shown = table if columns is None else table[[c for c in columns if c in table.columns]]
    title = f"<caption>{_e(caption)}</caption>" if caption else ""
    if shown.empty:
        heading = f'<p class="empty-caption">{_e(caption)}</p>' if caption else ""
        return f'{heading}<p class="empty">No rows.</p>'
    head = "".join(f"<th>{_e(c)}</th>" for c in shown.columns)
    rows = "".join(
        "<tr>"
        + "".join(f"<td>{_cell(str(c), v)}</td>" for c, v in zip(shown.columns, r, strict=True))
        + "</tr>"
        for r in shown.head(MAX_ROWS).itertuples(index=False, name=None)
    )
    more = len(shown) - MAX_ROWS
    note = (
        f'<p class="more">{more:,} more row(s) are in the CSV files of the export.</p>'
        if more > 0
        else ""
    )
    return (
        f'<div class="table"><table>{title}<thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div>{note}"
    )


def _method(title: str, *modules: object) -> str:
    """A measure's method note in the words the dashboard's pages use (see method_text)."""
    text = "\n\n".join(t for t in (method_text(m) for m in modules) if t)
    return (
        f'<details class="method"><summary>{_e(title)}</summary>'
        f'<div class="note">{_e(text)}</div></details>'
    )


@dataclass
class _Report:
    """The report as it is assembled: body parts in order, the contents and the charts drawn."""

    parts: list[str] = field(default_factory=list)
    contents: list[tuple[str, str]] = field(default_factory=list)
    charts: int = 0

    def section(self, anchor: str, title: str) -> None:
        self.contents.append((anchor, title))
        self.parts.append(f'<h2 id="{_e(anchor)}">{_e(title)}</h2>')

    def add(self, text: str) -> None:
        self.parts.append(text)

    def para(self, text: str, kind: str = "") -> None:
        self.parts.append(f'<p class="{kind}">{_e(text)}</p>' if kind else f"<p>{_e(text)}</p>")

    def chart(self, figure: go.Figure, title: str = "") -> None:
        self.charts += 1
        number = self.charts
        # the template set on the plain dict: through update_layout plotly would validate and
        # copy the whole template again for each chart, which took most of the report's time
        drawn_figure = figure.to_dict()
        drawn_figure.setdefault("layout", {})["template"] = _template()
        # a fixed id, not plotly's random one, so the same input gives the same bytes
        drawn = pio.to_html(
            drawn_figure,
            include_plotlyjs=False,
            full_html=False,
            div_id=f"chart-{number}",
            config=_CHART_CONFIG,
            default_height="450px",
            validate=False,
        )
        heading = f"<h4>{_e(title)}</h4>" if title else ""
        self.parts.append(f'<figure class="chart">{heading}{drawn}</figure>')


@functools.cache
def _template() -> dict[str, Any]:
    return pio.templates[TEMPLATE].to_plotly_json()


def _coverage(tables: dict[str, pd.DataFrame], include_copies: bool) -> str:
    articles = tables["articles"]
    counted = counted_articles(articles, include_copies)
    if counted.empty:
        return (
            '<p class="lead">No stored article of this event matches these filters: fetch or '
            "import its coverage, or widen the filters, and make the report again.</p>"
        )
    outlets = sorted(counted["outlet"].unique())
    days = article_dates(counted).dropna()
    languages = sorted({str(x) for x in counted["language"].fillna("?")})
    copies = len(articles) - len(counted)
    dates = f"from {days.min():%d %B %Y} to {days.max():%d %B %Y}" if not days.empty else "undated"
    undated = len(counted) - len(days)
    items = [
        f"{len(outlets)} outlet(s): " + ", ".join(outlets),
        f"{len(counted)} article(s)"
        + (
            f", besides {copies} wire {'copy' if copies == 1 else 'copies'} counted once"
            if copies
            else ""
        ),
        f"published {dates}" + (f"; {undated} without a date" if undated and len(days) else ""),
        "language(s): " + ", ".join(languages),
    ]
    return '<ul class="covers">' + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"


def _filters_html(filters: dict) -> str:
    names = {
        "include_copies": "wire copies counted as separate articles",
        "outlets": "outlets",
        "date_from": "published from",
        "date_to": "published until",
        "undated_articles_kept": "articles without a date kept",
    }
    rows = "".join(
        f"<tr><th>{_e(names.get(k, k))}</th><td>{_e(_filter_value(v))}</td></tr>"
        for k, v in filters.items()
    )
    return f'<table class="filters">{rows}</table>'


def _filter_value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value in ("", None):
        return "any"
    return _text(value)


_PAGE_SECTIONS = {
    "axes": "axes",
    "actors": "actors",
    "voices": "voices",
    "claims": "claims",
    "wire_copies": "copies",
}


def _findings(report: _Report, tables, event: Event, include_copies: bool) -> None:
    report.section("findings", "Findings")
    report.para(
        "The clearest differences in these articles, found by rule from the tables below; "
        "each comes with the rows that support it.",
        "lead",
    )
    found = findings.findings(tables, event, include_copies=include_copies)
    if not found:
        report.para(
            "No difference between outlets is plain enough to state: too few articles, or "
            "intervals that overlap. The sections below show every measure with its "
            "uncertainty."
        )
    report.add('<ol class="findings">')
    for finding in found:
        where = _PAGE_SECTIONS.get(finding.page)
        link = f' <a href="#{where}">(see the measure)</a>' if where else ""
        report.add(
            f"<li><p>{_e(finding.text)}{link}</p><details><summary>Evidence: "
            f"{len(finding.evidence):,} row(s)</summary>{table_html(finding.evidence)}"
            "</details></li>"
        )
    report.add("</ol>")
    report.add(_method("How findings are chosen, and what they cannot show", findings))


def _overview(report: _Report, tables, colours, include_copies: bool) -> None:
    counted = counted_articles(tables["articles"], include_copies)
    report.section("outlets", "Outlets and coverage over time")
    if not counted.empty:
        report.chart(timeline_chart(counted, colours), "Articles per day")
    report.add(table_html(tables["outlets"], caption="Outlets"))


def _axes(report: _Report, tables, event: Event, colours, counted: pd.DataFrame) -> None:
    report.section("axes", "Framing axes")
    if not event.axes:
        report.para("This event has no framing axes.")
        return
    report.para(
        "Each axis asks a question with two answers (poles), each a list of phrases. An "
        "outlet's score is the mean over its articles of the balance of the two poles' "
        "phrases, from −1 to +1, with a 95% interval; the heatmap shows which phrases put it "
        "there. A phrase counts the same when it is quoted, mocked or denied.",
        "lead",
    )
    report.add(_method("How the scores are computed, and what they cannot show", axes))
    outlet_axes, hits = tables["outlet_axes"], tables["phrase_hits"]
    models = tables["axis_models"].set_index("axis") if not tables["axis_models"].empty else None
    for axis in event.axes:
        report.add(f"<h3>{_e(axis.question or axis.id)}</h3>")
        report.para(f"−1 leans to “{axis.a.label}”, +1 to “{axis.b.label}”.", "caption")
        if (outlet_axes.axis == axis.id).any():
            report.chart(axis_chart(outlet_axes, axis, "score", colours, hits), "Phrases only")
        trusted = models is not None and axis.id in models.index and models.loc[axis.id].trusted
        if trusted:
            report.chart(
                axis_chart(outlet_axes, axis, "combined", colours, hits),
                "Phrases and the axis model",
            )
        matrix = outlet_phrase_matrix(hits, axis.id)
        if not matrix.empty:
            usage = articles_with(hits[hits.axis == axis.id], ["pole", "phrase"], counted)
            report.chart(
                phrase_heatmap(matrix, axis, usage, dot_order(outlet_axes, axis)),
                "Which phrases each outlet uses (share of the outlet's articles)",
            )
        if models is not None and axis.id in models.index:
            quality = models.loc[axis.id]
            report.para(f"Axis model: {'trusted' if trusted else 'not used'}. {quality.note}")
    report.add(table_html(outlet_axes, caption="Outlet scores"))
    report.add(table_html(tables["axis_models"], caption="Axis models"))
    report.add(_method("The axis model", axis_model))


def _actors(report: _Report, tables, event: Event, colours, counted: pd.DataFrame) -> None:
    report.section("actors", "Actors")
    actor_labels, actor_tone = tables["actor_labels"], tables["actor_tone"]
    if not event.actors or (actor_labels.empty and actor_tone.empty):
        report.para("No stored article mentions any of the event's actors.")
        return
    report.para(
        "The labels each outlet attaches to each actor (titles, possessives such as “Maduro's "
        "regime”, descriptors between commas), as the share of the outlet's articles that use "
        "each, and the tone of the sentences that mention the actor, read by a model trained "
        "on labelled news sentences, in English articles only. Neither can tell the outlet's "
        "own words from words it quotes.",
        "lead",
    )
    for actor in event.actors:
        has_labels = (actor_labels.actor == actor.name).any() if not actor_labels.empty else False
        has_tone = (actor_tone.actor == actor.name).any() if not actor_tone.empty else False
        if not has_labels and not has_tone:
            continue
        report.add(f"<h3>{_e(actor.name)}</h3>")
        if has_labels:
            report.chart(
                label_heatmap(actor_labels, actor.name, outlet_articles(counted)),
                f"How each outlet names {actor.name}",
            )
        if has_tone:
            report.chart(tone_chart(actor_tone, actor.name, colours), f"Tone toward {actor.name}")
    report.add(table_html(actor_tone, caption="Tone toward each actor, per outlet"))
    report.add(_method("How labels and tone are measured", labels, tone))


def _voices(report: _Report, tables) -> None:
    report.section("voices", "Voices")
    voices = tables["voices"]
    if tables["quotes"].empty or voices.empty:
        report.para("No quotation with a speaker was found in these articles.")
        return
    report.para(
        "Whom each outlet lets speak, and at what length: the words in quotation marks and of "
        "reported speech, by speaker. It shows who is given a voice, not whether the outlet "
        "agrees with them.",
        "lead",
    )
    report.chart(voices_chart(voices, share=True), "Who each outlet quotes")
    report.add(table_html(voices, caption="Voices per outlet"))
    report.add(_method("How quotations and speakers are found", quotes))


def _claims(report: _Report, tables, counted: pd.DataFrame) -> None:
    report.section("claims", "Claims and omissions")
    table = tables["claims"]
    report.para(
        "Sentences of different articles that state the same thing are grouped into claims. "
        "A gap is an outlet that does not report the claim in similar words: an omission, or "
        "the same fact in other words or another language.",
        "lead",
    )
    if table.empty:
        report.para("No two articles of this event state the same thing in similar words.")
    else:
        top = min(MAX_CLAIMS, len(table))
        report.chart(
            claim_heatmap(
                table,
                tables["claim_matrix"],
                top,
                articles_with(tables["claim_sentences"], ["claim"], counted),
            ),
            "Which outlet reports which claim (share of the outlet's articles)",
        )
        report.add(
            table_html(
                table,
                ["claim", "text", "outlets", "omitted_by"],
                caption="Claims, most reported first",
            )
        )
    report.add(
        table_html(
            tables["exclusive_claims"],
            ["outlet", "sentence", "url"],
            caption="What each outlet alone reports",
        )
    )
    report.add(_method("How claims are found", claims))


def _language(report: _Report, tables) -> None:
    report.section("language", "Language: distinctive terms")
    table = tables["distinctive_terms"]
    report.para(
        "The words and phrases each outlet (or group) uses more, or less, than all the others "
        "covering the event; a high z means more often than chance explains. It shows "
        "wording, not stance, and differences of topic show too.",
        "lead",
    )
    if table.empty:
        report.para("No term stands out in these articles.")
        return
    for scope, name in dict.fromkeys(zip(table.scope, table.outlet, strict=True)):
        chosen = table[(table.scope == scope) & (table.outlet == name)]
        title = name if scope == "outlet" else f"{name} (group of outlets)"
        report.add(f"<h3>{_e(title)}</h3>")
        report.chart(terms_scatter(chosen), "Rate against z")
        report.chart(top_terms_bars(chosen), "Most and least distinctive terms")
    report.add(_method("How the terms are scored", terms))


def _copies(report: _Report, tables, colours) -> None:
    report.section("copies", "Wire copies")
    table = tables["duplicates"]
    report.para(
        "Articles that republish another nearly word for word, such as an agency story on a "
        "newspaper's site. Each story is counted once in every figure above unless the "
        "filters say otherwise.",
        "lead",
    )
    if table.empty:
        report.para("No article republishes another one.")
    else:
        report.chart(copies_chart(table, colours), "Whose articles are republished, and by whom")
        report.add(table_html(table, caption="Every copy"))
    report.add(_method("How copies are found", duplicates))


def _fetching(report: _Report, tables, colours) -> None:
    report.section("fetching", "Fetch report")
    log = tables["fetch_log"]
    if log.empty:
        report.para("Nothing was fetched for this event.")
        return
    report.para(
        "Every attempt to fetch or import a page of this event: what was stored, skipped "
        "(already stored, not an article, a duplicate address) or failed, and why.",
        "lead",
    )
    report.chart(status_chart(log), "Pages per outlet")
    # the dashboard draws an empty chart with a note; on paper one line says the same
    if (log.status == "failed").any():
        report.chart(reason_chart(log), "Why pages failed")
    else:
        report.para("No page failed.")
    if pd.to_numeric(log.elapsed_ms, errors="coerce").notna().any():
        report.chart(timing_chart(log, colours), "Time per page")
    else:
        report.para("No timings: the pages of this event were imported, not fetched.")


def _manifest_html(described: dict[str, Any]) -> str:
    product = described["product"]
    text = json.dumps(described, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
    return (
        f"<p>Made by {_e(product['name'])} {_e(product['version'])} with Python "
        f"{_e(described['python'])} on {_e(described['generated_at'])}. The manifest lists "
        "the library versions, each table's rows and SHA-256 (of the CSV bytes "
        "<code>framing export</code> writes), each axis model's fingerprint, the config "
        "files' SHA-256 and when each page was fetched.</p>"
        f"<details><summary>manifest.json</summary><pre>{_e(text)}</pre></details>"
    )


_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:1200px;padding:1rem 2rem 4rem;color:#1f2328;line-height:1.5}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2.5rem}
.lead,.caption,.more,.empty{color:#57606a}.caption{font-size:.9rem}
nav ol{columns:2}figure{margin:1rem 0}figure h4{margin:.2rem 0}
.table{overflow-x:auto;margin:.8rem 0}table{border-collapse:collapse;font-size:.85rem}
caption,.empty-caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #d0d7de;padding:.25rem .45rem;vertical-align:top;text-align:left}
td{max-width:38rem;overflow-wrap:anywhere}thead th{background:#f6f8fa}
.note,pre{white-space:pre-wrap;font-size:.85rem;background:#f6f8fa;padding:.6rem;
border-radius:4px}details{margin:.6rem 0}summary{cursor:pointer;color:#0969da}
.findings li{margin-bottom:.8rem}.findings p{margin:.2rem 0}
@media print{nav{display:none}figure{break-inside:avoid}}
"""


# closed <details> are not printed: a handout shows every evidence table and note
_OPEN_FOR_PRINT = (
    'addEventListener("beforeprint",()=>document.querySelectorAll("details")'
    ".forEach(d=>d.open=true));"
)


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _policy(scripts: list[str]) -> str:
    """A policy that runs only the scripts this file was made with and fetches nothing."""
    allowed = " ".join(_script_hash(s) for s in scripts)
    return (
        "default-src 'none'; "
        f"script-src {allowed}; "
        "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def _inline_scripts(parts: list[str]) -> list[str]:
    """The contents of every <script> block in the body, which the policy must allow."""
    found = []
    for part in parts:
        start = 0
        while (begin := part.find("<script", start)) != -1:
            open_end = part.index(">", begin) + 1
            close = part.index("</script>", open_end)
            found.append(part[open_end:close])
            start = close
    return found


def report_bytes(
    event: Event,
    config: Config,
    tables: dict[str, pd.DataFrame],
    *,
    filters: dict,
    generated_at: str | None = None,
    store_dir: str | Path | None = None,
) -> bytes:
    """The report of the event's tables as one UTF-8 HTML file.

    `filters` are the choices the tables were computed under (see `unfiltered`); `store_dir` is
    the store's folder, where saved axis models are found for the manifest.
    """
    include_copies = bool(filters.get("include_copies", False))
    generated_at = generated_at or generated_now()
    colours = outlet_colours(o.name for o in config.outlets)
    described = manifest(
        event, config, tables, filters=filters, generated_at=generated_at, store_dir=store_dir
    )
    report = _Report()
    _findings(report, tables, event, include_copies)
    _overview(report, tables, colours, include_copies)
    counted = counted_articles(tables["articles"], include_copies)
    _axes(report, tables, event, colours, counted)
    _actors(report, tables, event, colours, counted)
    _voices(report, tables)
    _claims(report, tables, counted)
    _language(report, tables)
    _copies(report, tables, colours)
    _fetching(report, tables, colours)
    report.section("made", "Filters and what produced this report")
    report.add(_filters_html(filters))
    report.add(_manifest_html(described))

    plotly_js = get_plotlyjs()
    scripts = [plotly_js, _OPEN_FOR_PRINT, *_inline_scripts(report.parts)]
    contents = "".join(f'<li><a href="#{_e(a)}">{_e(t)}</a></li>' for a, t in report.contents)
    description = f'<p class="lead">{_e(event.description)}</p>' if event.description else ""
    page = (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_policy(scripts)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="framing-charts" content="{report.charts}">'
        f"<title>{_e(event.title)}: framing comparison</title>"
        f"<style>{_STYLE}</style>"
        f'<script type="text/javascript">{plotly_js}</script>'
        f"<script>{_OPEN_FOR_PRINT}</script>"
        "</head><body>"
        f"<header><h1>{_e(event.title)}</h1>{description}"
        f"{_coverage(tables, include_copies)}"
        f'<p class="caption">Made on {_e(generated_at)} from the stored coverage of the event '
        f"<code>{_e(event.id)}</code>. Every chart is interactive: hover for the evidence, "
        "drag to zoom, double-click to reset.</p></header>"
        f"<nav><h2>Contents</h2><ol>{contents}</ol></nav>"
        f"<main>{''.join(report.parts)}</main>"
        "</body></html>\n"
    )
    return page.encode("utf-8")


def figure_count(report: bytes) -> int:
    """How many charts a report draws (it says so in a meta tag)."""
    marker = b'<meta name="framing-charts" content="'
    start = report.index(marker) + len(marker)
    return int(report[start : report.index(b'"', start)])
