"""Discovery from feeds and sitemaps, against local servers under made-up host names."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

import ingest.discover
from dashboard.cli import main
from ingest.config import load_config
from ingest.discover import Candidate, UnsafeXML, add_to_event, discover, parse_xml
from ingest.errors import InputError
from ingest.stories import group_stories
from tests.conftest import write_config
from tests.pageserver import Answer, start_server

VT = "valtoday.test"  # feeds found on its homepage; sitemaps through robots.txt and an index
NG = "northgate.test"  # configured feeds: an Atom feed, a hostile one and a missing one

HOME = """<html><head><title>Valdoria Today</title>
<link rel="alternate" type="application/rss+xml" title="News" href="/rss.xml">
<link rel="stylesheet" href="/style.css"></head><body><h1>Valdoria Today</h1></body></html>"""

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Valdoria Today</title>
<item><title>Marenza dockers walk out over pay</title>
  <link>http://{VT}/2021/03/06/marenza-dockers-walk-out</link>
  <description>&lt;p&gt;Dockworkers at Marenza port walked out over pay.&lt;/p&gt;</description>
  <pubDate>Sat, 06 Mar 2021 09:00:00 +0000</pubDate></item>
<item><title>Weather for the weekend</title><link>http://{VT}/2021/03/07/weather</link>
  <description>Sunny spells and showers.</description>
  <pubDate>Sun, 07 Mar 2021 09:00:00 +0000</pubDate></item>
<item><title>Marenza port workers hold one-day strike</title>
  <link>http://{VT}/2020/11/10/one-day-strike</link>
  <pubDate>Tue, 10 Nov 2020 09:00:00 +0000</pubDate></item>
<item><title>Marenza: a partner's view</title><link>http://elsewhere.test/marenza</link>
  <pubDate>Sun, 07 Mar 2021 09:00:00 +0000</pubDate></item>
<item><title>Wildfire forces evacuations</title>
  <link>http://{VT}/2021/03/12/wildfire-evacuations</link>
  <description>Thousands left villages near Castelbrun as the wildfire spread.</description>
  <pubDate>Fri, 12 Mar 2021 09:00:00 +0000</pubDate></item>
</channel></rss>"""

ROBOTS = f"User-agent: *\nDisallow: /admin\nSitemap: http://{VT}/sitemap-index.xml\n"

INDEX = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://{VT}/sitemap-2021-03.xml</loc><lastmod>2021-03-10</lastmod></sitemap>
<sitemap><loc>http://{VT}/sitemap-missing.xml</loc><lastmod>2021-02-01</lastmod></sitemap>
</sitemapindex>"""

SITEMAP = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://{VT}/2021/03/08/talks-to-end-dock-stoppage</loc>
  <news:news><news:title>Government calls for talks to end Marenza port strike</news:title>
  <news:publication_date>2021-03-08T10:00:00Z</news:publication_date></news:news></url>
<url><loc>http://{VT}/2021/03/06/marenza-dockers-walk-out</loc><lastmod>2021-03-07</lastmod></url>
<url><loc>http://{VT}/2021/02/01/marenza-harbour-history</loc><lastmod>2021-02-01</lastmod></url>
<url><loc>http://{VT}/2021/03/09/marenza-ferry-timetable</loc></url>
</urlset>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Northgate Herald</title>
<entry><title>Port strike enters second day as ships queue off Marenza</title>
  <link rel="alternate" href="http://{NG}/news/port-strike-second-day"/>
  <summary>Exporters say the dockworkers' strike at Marenza port costs millions.</summary>
  <published>2021-03-07T08:00:00Z</published><updated>2021-03-07T12:00:00Z</updated></entry>
<entry><title>Castelbrun wildfire: evacuation orders extended</title>
  <link href="http://{NG}/news/castelbrun-wildfire"/>
  <summary>Villages near Castelbrun were evacuated as the wildfire spread.</summary>
  <updated>2021-03-13T08:00:00Z</updated></entry>
<entry><title>Orsana win the cup</title><link href="http://{NG}/sport/cup"/>
  <published>2021-03-14T20:00:00Z</published></entry>
</feed>"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss><channel><item><title>&lol2; Marenza</title><link>http://northgate.test/x</link></item>
</channel></rss>"""

XML = {"Content-Type": "application/xml"}
OUTLETS = f"""
# outlets for the discovery test
[[outlet]]
name = "Valdoria Today"
domains = ["{VT}"]

[[outlet]]
name = "Northgate Herald"
domains = ["{NG}"]
feeds = ["http://{NG}/atom.xml", "http://{NG}/bomb.xml", "http://{NG}/gone.xml"]
"""
EVENT = f"""
# the event: keep this comment
id = "test-event"
title = "Marenza port strike and Castelbrun fire"
date_from = 2021-03-05
date_to = 2021-03-20
keywords = ["Marenza", "port strike", "Castelbrún"]  # accents in keywords are ignored

urls = [
  # already known
  "http://{NG}/news/port-strike-second-day",
]
"""


@pytest.fixture
def sites(monkeypatch: pytest.MonkeyPatch):
    """Both outlets' sites on 127.0.0.1, reached by their made-up names on plain http."""
    servers = {
        VT: start_server(
            {
                "/": Answer(HOME.encode()),
                "/rss.xml": Answer(RSS.encode(), headers={"Content-Type": "application/rss+xml"}),
                "/robots.txt": Answer(ROBOTS.encode(), headers={"Content-Type": "text/plain"}),
                "/sitemap-index.xml": Answer(INDEX.encode(), headers=XML),
                "/sitemap-2021-03.xml": Answer(SITEMAP.encode(), headers=XML),
            }
        ),
        NG: start_server(
            {
                "/atom.xml": Answer(
                    ATOM.encode(), headers={"Content-Type": "application/atom+xml"}
                ),
                "/bomb.xml": Answer(BOMB.encode(), headers=XML),
            }
        ),
    }
    ports = {host: server.server_address[1] for host, server in servers.items()}
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        # only the made-up names are answered, and only with loopback: nothing leaves the host
        if host in ports:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", ports[host]))]
        if host.endswith(".test"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    monkeypatch.setattr(ingest.discover, "SITE_SCHEME", "http")
    yield servers
    for server in servers.values():
        server.shutdown()
        server.server_close()


@pytest.fixture
def config_root(tmp_path: Path) -> Path:
    settings = "[fetch]\nallow_private_networks = true\ntimeout = 3\nmax_redirects = 0\n"
    return write_config(tmp_path / "config", OUTLETS, EVENT, settings)


def _run_discovery(config_root: Path):
    config = load_config(config_root)
    problems: list[tuple[str, str]] = []
    found = discover(
        config.event("test-event"),
        config,
        config.fetch,
        on_problem=lambda url, reason: problems.append((url, reason)),
    )
    return {c.url: c for c in found}, dict(problems)


def test_feeds_and_sitemaps_are_filtered_by_keyword_date_and_domain(sites, config_root):
    found, problems = _run_discovery(config_root)

    assert set(found) == {
        f"http://{VT}/2021/03/06/marenza-dockers-walk-out",
        f"http://{VT}/2021/03/12/wildfire-evacuations",
        f"http://{VT}/2021/03/08/talks-to-end-dock-stoppage",
        f"http://{VT}/2021/03/09/marenza-ferry-timetable",
        f"http://{NG}/news/port-strike-second-day",
        f"http://{NG}/news/castelbrun-wildfire",
    }
    walkout = found[f"http://{VT}/2021/03/06/marenza-dockers-walk-out"]
    assert walkout.outlet == "Valdoria Today"
    assert walkout.source == "rss, sitemap"  # seen twice, listed once
    assert walkout.published == "2021-03-06"
    assert walkout.description.startswith("Dockworkers at Marenza")  # HTML tags stripped
    assert walkout.reason == (
        "keyword 'Marenza' in title; keyword 'Marenza' in description; "
        "keyword 'Marenza' in url; dated 2021-03-06 (in window)"
    )
    fire = found[f"http://{VT}/2021/03/12/wildfire-evacuations"]
    assert fire.reason == "keyword 'Castelbrún' in description; dated 2021-03-12 (in window)"
    talks = found[f"http://{VT}/2021/03/08/talks-to-end-dock-stoppage"]
    assert talks.title == "Government calls for talks to end Marenza port strike"
    assert talks.reason.startswith("keyword 'Marenza' in title; keyword 'port strike' in title")
    assert found[f"http://{VT}/2021/03/09/marenza-ferry-timetable"].reason.endswith("undated")
    atom_fire = found[f"http://{NG}/news/castelbrun-wildfire"]
    assert atom_fire.source == "atom"
    assert atom_fire.reason.endswith("modified 2021-03-13 (not before window)")
    assert found[f"http://{NG}/news/port-strike-second-day"].configured
    assert not walkout.configured

    # the hostile feed, the missing feed and sitemaps are reported; the others still went through
    assert "DOCTYPE" in problems[f"http://{NG}/bomb.xml"]
    assert problems[f"http://{NG}/gone.xml"].startswith("http 404")
    assert problems[f"http://{VT}/sitemap-missing.xml"].startswith("http 404")
    assert f"http://{VT}/robots.txt" not in problems  # quietly absent is normal


def test_candidates_group_into_stories(sites, config_root):
    found, _ = _run_discovery(config_root)
    stories = group_stories(list(found.values()))
    story_of = {c.url: s.id for s in stories for c in s.candidates}
    strike = {
        story_of[f"http://{VT}/2021/03/06/marenza-dockers-walk-out"],
        story_of[f"http://{VT}/2021/03/08/talks-to-end-dock-stoppage"],
        story_of[f"http://{NG}/news/port-strike-second-day"],
    }
    fire = {
        story_of[f"http://{VT}/2021/03/12/wildfire-evacuations"],
        story_of[f"http://{NG}/news/castelbrun-wildfire"],
    }
    assert len(strike) == 1 and len(fire) == 1 and strike != fire


def test_entity_declarations_are_refused():
    with pytest.raises(UnsafeXML):
        parse_xml(BOMB)
    with pytest.raises(UnsafeXML):
        parse_xml('<?xml version="1.0"?><!doctype x SYSTEM "file:///etc/passwd"><x/>')
    assert parse_xml("<x>fine</x>").text == "fine"


def test_cli_add_keeps_comments_and_skips_listed_urls(sites, config_root, tmp_path, capsys):
    db = str(tmp_path / "store.db")
    args = ["discover", "test-event", "--config", str(config_root), "--db", db]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "story 1:" in out and "[already listed]" in out
    assert "keyword 'Castelbrún' in description" in out

    assert main([*args, "--add"]) == 0
    text = (config_root / "events" / "test-event.toml").read_text(encoding="utf-8")
    assert "# the event: keep this comment" in text
    assert "# accents in keywords are ignored" in text and "# already known" in text
    assert text.count(f"http://{NG}/news/port-strike-second-day") == 1
    assert f'"http://{VT}/2021/03/09/marenza-ferry-timetable",' in text
    event = load_config(config_root).event("test-event")  # still valid config
    assert len(event.coverage) == 6
    assert "added 5 URLs" in capsys.readouterr().out

    assert main([*args, "--add"]) == 0  # nothing new the second time
    assert "added 0 URLs" in capsys.readouterr().out


def test_cli_add_one_story_only(sites, config_root, tmp_path, capsys):
    db = str(tmp_path / "store.db")
    args = ["discover", "test-event", "--config", str(config_root), "--db", db]
    assert main([*args, "--story", "1", "--add"]) == 0
    listing = capsys.readouterr().out
    assert listing.count("story ") == 1
    assert "Castelbrun" not in listing  # story 1 is the strike, the largest story
    event = load_config(config_root).event("test-event")
    assert {c.url for c in event.coverage} == {
        f"http://{NG}/news/port-strike-second-day",
        f"http://{VT}/2021/03/06/marenza-dockers-walk-out",
        f"http://{VT}/2021/03/08/talks-to-end-dock-stoppage",
    }


def test_cli_unknown_story_is_one_line(sites, config_root, tmp_path, capsys):
    args = ["discover", "test-event", "--config", str(config_root), "--db", str(tmp_path / "d")]
    assert main([*args, "--story", "99"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("framing: no story 99 for 'test-event'")


def test_add_to_event_reports_an_unwritable_file(config_root, monkeypatch):
    config = load_config(config_root)
    event = config.event("test-event")
    outlet_url = Candidate(f"http://{VT}/2021/03/06/x", "Valdoria Today")
    other_url = Candidate("http://wire.test/story", "Northgate Herald")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patch:
        patch.setattr(Path, "write_text", refuse)
        with pytest.raises(InputError, match="cannot write the event file"):
            add_to_event(event, [outlet_url], config.outlets)

    # a URL on another domain keeps its outlet in an inline table
    assert add_to_event(event, [outlet_url, other_url], config.outlets) == [
        outlet_url.url,
        other_url.url,
    ]
    text = event.path.read_text(encoding="utf-8")
    assert '{ url = "http://wire.test/story", outlet = "Northgate Herald" }' in text
    assert len(load_config(config_root).event("test-event").coverage) == 3
