"""BASIL (Fan et al., EMNLP 2019): the same events told by Fox News, the New York Times and
HuffPost, with experts' bias spans, quotes with speakers and the author's feeling toward each
main entity. Source: github.com/launchnlp/BASIL (research use only; never redistributed).

`load(folder)` reads `events.jsonl` into one `BasilEvent` per event: a Corpus built as the
product builds one from its store (one outlet per newspaper, the main entities as actors), and
the raw records with their annotations, so each measure can be compared with the experts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ingest.config import Actor, Event
from models.corpus import DOCUMENT_COLUMNS, Corpus

FILE = "events.jsonl"


@dataclass(frozen=True)
class BasilEvent:
    id: str
    corpus: Corpus
    # the raw records of the event's articles, by url: spans, sentences, annotations
    records: dict[str, dict]


def entity_name(entity: str) -> str:
    """'Glenn_Beck' or 'Glenn Beck' -> 'Glenn Beck'."""
    return entity.replace("_", " ").strip()


def _actor(entity: str) -> Actor:
    name = entity_name(entity)
    words = name.split()
    # a person is named by surname as often as in full; a body ("Congress") by its name
    aliases = (words[-1],) if len(words) > 1 else ()
    return Actor(name=name, aliases=aliases)


def load(folder: Path) -> list[BasilEvent]:
    """The events of the folder, sorted by id, each with its three articles."""
    by_event: dict[str, list[dict]] = {}
    with (folder / FILE).open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            by_event.setdefault(record["event_id"], []).append(record)
    events = []
    for event_id in sorted(by_event):
        records = sorted(by_event[event_id], key=lambda r: r["outlet"])
        entities = sorted({e for r in records for e in r.get("main_entities") or []})
        event = Event(
            id=f"basil-{event_id[:8]}",
            title=records[0].get("main_event") or records[0]["title"],
            path=folder / FILE,
            actors=tuple(_actor(e) for e in entities),
        )
        rows = [
            {
                "url": r["url"] or f"basil:{r['article_id']}",
                "outlet": r["outlet"],
                "title": r["title"],
                "author": "",
                "published": r.get("date") or "",
                "sitename": r["outlet"],
                "language": "en",
                "text": r["text"],
                "words": len(r["text"].split()),
            }
            for r in records
        ]
        documents = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
        by_url = {row["url"]: r for row, r in zip(rows, records, strict=True)}
        events.append(BasilEvent(event_id, Corpus(event, documents), by_url))
    return events


def author_feeling(record: dict, entity: str) -> str:
    """The annotators' neg / neu / pos for the author's feeling toward an entity, or ""."""
    annotations = record.get("article_annotations") or {}
    return annotations.get(f"author_feeling_{entity.replace(' ', '_')}", "") or ""
