"""The tracker knowledge: the vendor table, EasyPrivacy, --tracker-list, and the planner's optional probe."""

from __future__ import annotations

import pytest

from checks.trackers import CHECK
from confaudit.engine.registry import load
from confaudit.knowledge import Knowledge
from confaudit.knowledge.trackers import load_table
from confaudit.model.options import AuditOptions, UsageError


@pytest.fixture(scope="module")
def table():
    return Knowledge().trackers


def test_table_size_date_and_categories(table):
    assert len(table.entities) >= 150
    assert table.updated >= "2026-01-01"
    assert {e.category for e in table.entities} <= set(table.categories)
    assert all(len(e.country) == 2 for e in table.entities)
    replay = {e.name for e in table.entities if e.category == "session-replay"}
    for name in (
        "Hotjar",
        "FullStory",
        "Microsoft Clarity",
        "LogRocket",
        "Mouseflow",
        "Smartlook",
        "Yandex Metrica",
        "Lucky Orange",
        "Inspectlet",
    ):
        assert name in replay


@pytest.mark.parametrize(
    ("case", "hosts"),
    [
        (
            "ftc-betterhelp-2023",
            ["connect.facebook.net", "tr.snapchat.com", "static.criteo.net", "ct.pinterest.com"],
        ),
        (
            "ftc-goodrx-2023",
            [
                "www.facebook.com",
                "www.google-analytics.com",
                "dis.criteo.com",
                "api2.branch.io",
                "api.twilio.com",
            ],
        ),
        ("ftc-cerebral-2024", ["px.ads.linkedin.com", "sc-static.net", "analytics.tiktok.com"]),
        ("ftc-monument-2024", ["connect.facebook.net", "googleads.g.doubleclick.net"]),
        (
            "markup-telehealth-2022",
            [
                "connect.facebook.net",
                "www.googletagmanager.com",
                "analytics.tiktok.com",
                "bat.bing.com",
                "sc-static.net",
                "static.ads-twitter.com",
                "snap.licdn.com",
                "s.pinimg.com",
                "static.criteo.net",
            ],
        ),
    ],
)
def test_enforcement_vendors_are_named(table, case, hosts):
    assert case in table.cases
    for host in hosts:
        entity = table.lookup(host)
        assert entity is not None, host
        assert case in entity.cases, (host, entity.name)


def test_lookup_by_suffix_and_path(table):
    assert table.lookup("https://www.googletagmanager.com/gtm.js?id=GTM-X").category == "tag-manager"
    assert table.lookup("https://www.googletagmanager.com/gtag/js?id=G-X").name == "Google Analytics"
    assert table.lookup("https://docs.google.com/forms/d/e/x/viewform").category == "forms"
    assert table.lookup("https://www.google.com/search?q=x") is None
    assert table.lookup("notfacebook.com") is None
    assert table.cookie_entity("_hjSessionUser_123").name == "Hotjar"
    assert table.cookie_entity("_ga").name == "Google Analytics"
    assert table.cookie_entity("theme") is None


def test_easyprivacy_names_the_long_tail(table):
    match = table.lists.match(
        "https://stats.unknownvendor.example/collect?v=1&tid=1&t=pageview&dl=x",
        "https://clinic.example/",
        "image",
    )
    # no table entry knows this host: EasyPrivacy's generic rules do
    assert table.lookup("https://stats.unknownvendor.example/") is None
    assert match is not None and match.list_name.startswith("EasyPrivacy")
    assert (
        table.lists.match("https://cdn.clinic-assets.example/logo.png", "https://clinic.example/", "image")
        is None
    )


def test_tracker_list_file(tmp_path):
    lst = tmp_path / "mine.txt"
    lst.write_text("! my list\n||beacon.smalltracker.example^\n")
    table = load_table([str(lst)], easyprivacy=False)
    match = table.lists.match("https://beacon.smalltracker.example/p.gif", "https://clinic.example/", "image")
    assert (
        match is not None and match.list_name.startswith("mine.txt (sha256 ") and "smalltracker" in match.rule
    )
    assert AuditOptions(tracker_lists=[str(lst)]).validate() is not None
    with pytest.raises(UsageError, match="--tracker-list"):
        AuditOptions(tracker_lists=[str(tmp_path / "missing.txt")]).validate()


def test_planner_runs_the_browser_probe_for_trackers_only():
    registry = load()
    assert CHECK.needs == ("crawl",) and CHECK.wants == ("browser",)
    assert registry.plan([registry.checks["trackers"]]) == ["crawl", "browser"]
    assert "browser" not in registry.plan([registry.checks["headers"]])
