"""Config loading: the shipped config is valid, and every mistake gives one line naming it."""

from __future__ import annotations

import pytest

from ingest.config import SETTINGS, load_config
from ingest.errors import ConfigError
from tests.conftest import AXIS_TOML, REPO, write_config

OUTLETS = """
[[outlet]]
name = "Outlet A"
domains = ["a.example"]
group = "Group 1"

[[outlet]]
name = "Outlet B"
domains = ["b.example"]
"""

EVENT = (
    """
id = "test-event"
title = "A test event"
keywords = ["Venezuela"]
urls = [
  "https://www.a.example/one",
  { url = "https://elsewhere.example/two", outlet = "Outlet B" },
]

[[actor]]
name = "Nicolás Maduro"
aliases = ["Maduro"]
"""
    + AXIS_TOML
)


def test_shipped_config_and_seeds_agree():
    from ingest.files import seed_pages

    config = load_config(REPO / "config")
    event = config.event("venezuela-2019")
    assert len({c.outlet for c in event.coverage}) >= 6
    assert {a.id for a in event.axes} >= {"legitimacy"}
    pages = seed_pages(event.id)
    assert {url for _, url in pages} == {c.url for c in event.coverage}
    assert all(path.is_file() for path, _ in pages)


def test_valid_config_resolves_outlets_by_domain_and_by_name(tmp_path):
    config = load_config(write_config(tmp_path, OUTLETS, EVENT))
    event = config.event("test-event")
    assert [(c.url, c.outlet) for c in event.coverage] == [
        ("https://www.a.example/one", "Outlet A"),
        ("https://elsewhere.example/two", "Outlet B"),
    ]
    assert event.actors[0].aliases == ("Maduro",)
    assert event.axes[0].b.phrases[-1] == "Maduro regime"
    assert config.fetch.per_host == SETTINGS["per_host"][0]


def test_framing_config_environment_variable_chooses_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CONFIG", str(write_config(tmp_path, OUTLETS, EVENT)))
    assert list(load_config().events) == ["test-event"]


@pytest.mark.parametrize(
    "outlets,event,settings,expected",
    [
        (
            OUTLETS,
            EVENT.replace('title = "A test event"', 'title = "x"\ncolour = "red"'),
            "",
            "top level: unknown key 'colour'",
        ),
        (OUTLETS, EVENT.replace('title = "A test event"\n', ""), "", "missing key 'title'"),
        (
            OUTLETS,
            EVENT.replace('"https://www.a.example/one"', '"https://nobody.example/x"'),
            "",
            "urls[0]: no outlet in outlets.toml has the domain of 'https://nobody.example/x'",
        ),
        (
            OUTLETS,
            EVENT.replace('"https://www.a.example/one"', '"ftp://a.example/x"'),
            "",
            "not an http(s) URL",
        ),
        (
            OUTLETS,
            EVENT.replace('outlet = "Outlet B"', 'outlet = "Outlet Z"'),
            "",
            "outlet 'Outlet Z' is not in outlets.toml",
        ),
        (
            OUTLETS,
            EVENT.replace(
                'phrases = [\n  "interim president", "acting president", "Maduro regime"]',
                "phrases = []",
            ),
            "",
            "axis 'legitimacy' pole b: has no phrases",
        ),
        (OUTLETS, EVENT + AXIS_TOML, "", "axis id is already used"),
        (
            OUTLETS,
            EVENT.replace(
                "urls = [", 'urls = [\n  "https://a.example/one",\n  "https://a.example/one",'
            ),
            "",
            "listed twice",
        ),
        (
            OUTLETS + '\n[[outlet]]\nname = "Outlet C"\ndomains = ["a.example"]\n',
            EVENT,
            "",
            "domain 'a.example' already belongs to outlet 'Outlet A'",
        ),
        (
            OUTLETS.replace('domains = ["b.example"]', "domains = []"),
            EVENT,
            "",
            "outlet 'Outlet B': 'domains' is empty",
        ),
        (OUTLETS, EVENT.replace("[[actor]]", "[[actor"), "", "not valid TOML"),
        (OUTLETS, EVENT, "[fetch]\nper_host = true\n", "'per_host' must be int"),
        (OUTLETS, EVENT, "[fetch]\ntimeout = 0\n", "'timeout' = 0 is too small"),
        (OUTLETS, EVENT, "[fetch]\nspeed = 3\n", "[fetch]: unknown key 'speed'"),
        (
            OUTLETS,
            EVENT.replace("keywords", 'date_from = "May"\nkeywords'),
            "",
            "'date_from' must be a date",
        ),
        (
            OUTLETS,
            EVENT.replace("keywords", "date_from = 2019-06-01\ndate_to = 2019-05-01\nkeywords"),
            "",
            "'date_from' is after 'date_to'",
        ),
    ],
)
def test_mistakes_give_one_line_naming_file_entry_and_fix(
    tmp_path, outlets, event, settings, expected
):
    write_config(tmp_path, outlets, event, settings)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    assert str(tmp_path) in message


def test_duplicate_event_ids_across_files(tmp_path):
    write_config(tmp_path, OUTLETS, EVENT)
    (tmp_path / "events" / "copy.toml").write_text(EVENT, encoding="utf-8")
    with pytest.raises(ConfigError, match="event id 'test-event' is already used"):
        load_config(tmp_path)


def test_missing_folder_and_unknown_event(tmp_path):
    with pytest.raises(ConfigError, match="no such config folder"):
        load_config(tmp_path / "nowhere")
    config = load_config(write_config(tmp_path, OUTLETS, EVENT))
    with pytest.raises(ConfigError, match=r"no event 'other'.*known: test-event"):
        config.event("other")


def test_private_networks_allowed_by_environment(tmp_path, monkeypatch):
    write_config(tmp_path, OUTLETS, EVENT)
    assert not load_config(tmp_path).fetch.allow_private_networks
    monkeypatch.setenv("FRAMING_ALLOW_PRIVATE_NETWORKS", "1")
    assert load_config(tmp_path).fetch.allow_private_networks


def test_every_setting_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in SETTINGS:
        assert f"`{name}`" in readme, name


def test_pole_phrases_by_language(tmp_path):
    event = EVENT.replace(
        'b = { label = "Guaidó\'s claim", phrases = [\n  "interim president", "acting president", '
        '"Maduro regime"] }',
        'b = { label = "Guaidó\'s claim", phrases = { en = ["interim president"], '
        'es = ["presidente encargado"], any = ["Guaidó"] } }',
    )
    axis = load_config(write_config(tmp_path, OUTLETS, event)).event("test-event").axes[0]
    assert axis.b.for_language("es") == ("presidente encargado", "Guaidó")
    assert axis.b.for_language("en") == ("interim president", "Guaidó")
    assert axis.b.for_language("") == ("interim president", "presidente encargado", "Guaidó")
    bad = event.replace('es = ["presidente', 'spanish = ["presidente')
    with pytest.raises(ConfigError, match="'spanish' is not a two-letter language code"):
        load_config(write_config(tmp_path, OUTLETS, bad))


def _actor_event(tmp_path, actor_line: str):
    from ingest.config import load_config

    (tmp_path / "outlets.toml").write_text(
        '[[outlet]]\nname = "A"\ndomains = ["a.example"]\n', encoding="utf-8"
    )
    events = tmp_path / "events"
    events.mkdir(exist_ok=True)
    (events / "e.toml").write_text(
        f'id = "e"\ntitle = "E"\n\n[[actor]]\nname = "Nicolás Maduro"\n{actor_line}\n',
        encoding="utf-8",
    )
    return load_config(tmp_path)


def test_an_actor_can_say_which_labels_mean_the_same_in_two_languages(tmp_path):
    config = _actor_event(tmp_path, 'same = [["régimen", "regime"]]')
    assert config.event("e").actors[0].same == (("régimen", "regime"),)


def test_a_wrong_same_key_is_one_line_naming_the_fix(tmp_path):
    import pytest

    from ingest.errors import ConfigError

    for line in ('same = ["régimen", "regime"]', 'same = [["régimen"]]', "same = [[1, 2]]"):
        with pytest.raises(ConfigError, match=r"same = \[\[\"régimen\", \"regime\"\]\]"):
            _actor_event(tmp_path, line)
    with pytest.raises(ConfigError, match="'regime' is in 'same' twice"):
        _actor_event(tmp_path, 'same = [["régimen", "regime"], ["regime", "régime"]]')
