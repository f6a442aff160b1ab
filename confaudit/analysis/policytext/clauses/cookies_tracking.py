"""Clause 15 of 24, `cookies_tracking`: Cookies and tracking.

Only this clause's triggers, rules and tables. The traps they encode are listed under the clause in
clauses.md; matcher.py runs them; clauses/__init__.py fixes the order of the clauses.
"""

from __future__ import annotations

from ..matcher import ClauseSpec, P, Q, Rule, rx

TRACKERS = (
    r"google analytics|google tag manager|gtag|facebook pixel|meta pixel|hotjar|matomo|piwik|plausible|mixpanel|"
    r"segment\.(com|io)|microsoft clarity|linkedin insight|tiktok pixel|snap pixel|fullstory|crazy ?egg|amplitude|"
    r"heap analytics|adobe analytics|quantcast|doubleclick|google ads|wix analytics|jetpack stats|fathom analytics|"
    r"cloudflare web analytics|google signals|hubspot tracking"
)
SPEC = ClauseSpec(
    triggers=(
        "cookie",
        "analytics",
        "pixel",
        "beacon",
        "tracking",
        "tracker",
        "tag",
        "google",
        "gtag",
        "facebook",
        "meta",
        "hotjar",
        "matomo",
        "piwik",
        "plausible",
        "mixpanel",
        "segment",
        "microsoft",
        "linkedin",
        "tiktok",
        "snap",
        "fullstory",
        "crazy",
        "crazyegg",
        "amplitude",
        "heap",
        "adobe",
        "quantcast",
        "doubleclick",
        "wix",
        "jetpack",
        "fathom",
        "cloudflare",
        "hubspot",
        "activity",
        "browsing",
        "log",
        "fingerprint",
        "local",
    ),
    rules=(
        Rule(P, rx(rf"\b({TRACKERS})\b")),
        Rule(
            P,
            rx(r"\b(cookies|web beacons?|pixel tags?|pixels|tracking technolog\w*|analytics)\b"),
            needs=rx(
                r"\b(to|for)\b.{0,40}?\b(analy|measur|understand|improv|remember|enabl|administer|determine|track|deliver|"
                r"personali|advertis|market|attribut|operat|function|statistic|record-keeping|\blog|secur|optimi|"
                r"diagnos|keep\w* (the |our |my |this )?(site|website|app) (working|running)|count\w* (visits|visitors)|"
                r"work properly)|strictly necessary|essential|functional|performance|preference|session cookies|"
                r"persistent cookies|consent|\baccept|\breject|decline|banner|settings|disable|opt[- ]out|"
                r"third[- ]party cookies|cookie policy"
            ),
            unless=rx(
                r"^[\"']?(a |an )?[\"']?(cookie|web beacon|pixel tag)s?[\"']? (is|are)\b|\b(is|are) (small|tiny|pieces)"
            ),
        ),
        Rule(
            Q,
            rx(
                r"\bcookies?\b|web beacons?|pixel tags?|tracking technolog|collect\w* (data|information) about your "
                r"(activity|browsing|use)|\blog (data|files)\b|local storage"
            ),
        ),
    ),
)
