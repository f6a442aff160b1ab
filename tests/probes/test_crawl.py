"""The crawl probe against real loopback sites: discovery, classification, redirects.

Each audit selects only the headers check, whose one probe is the crawl: the TLS scan and the browser would
add seconds and nothing these tests look at."""

from __future__ import annotations

from confaudit.demo.pdf import text_pdf
from confaudit.demo.server import Reply, Site
from confaudit.model import PageKind
from tests.conftest import page

CRAWL = {"checks": ["headers"], "browser": "never"}  # the crawl alone


def clinic_site() -> Site:
    return Site(
        host="clinic.example",
        routes={
            "/": page(
                '<nav><a href="/about">About</a> <a href="/legal/notice-2024">Our privacy notice</a> '
                '<a href="/book">Book a session</a> <a href="/blog">Blog</a> <a href="/logo.png">logo</a> '
                '<a href="https://elsewhere.example/">partner</a> <a href="mailto:x@clinic.example">mail</a></nav>',
                title="Clinic home",
            ),
            "/about": page("<h1>About the team</h1><p>We are counsellors.</p>", title="About"),
            "/legal/notice-2024": page("<h1>Notice</h1><p>How we handle your data.</p>", title="Notice"),
            "/book": page(
                '<h1>Sessions</h1><form action="/book" method="post"><label for="n">Name</label><input id="n" name="name">'
                '<input name="email" type="email"><input name="phone" type="tel"><textarea name="reason"></textarea>'
                '<input type="hidden" name="csrf"><button>Go</button></form>',
                title="Sessions",
            ),
            "/blog": page("<h1>Blog</h1><p>Five ways to sleep better.</p>", title="Blog"),
        },
    )


def test_policy_found_by_link_text_and_pages_classified(serve):
    served = serve(clinic_site())
    run = served.audit("https://clinic.example/", **CRAWL)
    crawl = run.evidence.crawl
    kinds = {p.url: p.kind for p in crawl.pages}
    assert kinds["https://clinic.example/"] == PageKind.HOME
    assert kinds["https://clinic.example/legal/notice-2024"] == PageKind.POLICY
    assert kinds["https://clinic.example/book"] == PageKind.SENSITIVE
    assert kinds["https://clinic.example/about"] == PageKind.OTHER
    policy = crawl.pages_of(PageKind.POLICY)[0]
    assert any("privacy" in r for r in policy.kind_reasons)
    # the policy link was visited first, before the others
    assert crawl.pages[1].kind == PageKind.POLICY
    # no image, no other site, no mailto
    assert all(p.url.startswith("https://clinic.example/") for p in crawl.pages)
    assert not any(p.url.endswith(".png") for p in crawl.pages)
    book = next(p for p in crawl.pages if p.url.endswith("/book"))
    assert [f.name for f in book.forms[0].fields] == ["name", "email", "phone", "reason", "csrf"]
    assert book.forms[0].fields[0].label == "Name"
    assert book.forms[0].method == "POST"
    assert book.forms[0].action == "https://clinic.example/book"


def test_max_pages_bounds_the_crawl(serve):
    routes = {"/": page(" ".join(f'<a href="/p{i}">page {i}</a>' for i in range(40)))}
    routes.update({f"/p{i}": page(f"<p>page {i}</p>") for i in range(40)})
    served = serve(Site(host="many.example", routes=routes))
    run = served.audit("https://many.example/", max_pages=7, **CRAWL)
    assert len(run.evidence.crawl.pages) == 7


def test_policy_found_at_usual_path(serve):
    site = Site(
        host="nolink.example",
        routes={
            "/": page("<p>Welcome</p>", title="Home"),
            "/privacy-notice": page(
                "<h1>Privacy notice</h1><p>We process your data.</p>", title="Privacy notice"
            ),
        },
    )
    served = serve(site)
    crawl = served.audit("https://nolink.example/", **CRAWL).evidence.crawl
    policies = crawl.pages_of(PageKind.POLICY)
    assert [p.url for p in policies] == ["https://nolink.example/privacy-notice"]
    assert crawl.policy_urls_tried[:3] == [
        "https://nolink.example/privacy",
        "https://nolink.example/privacy-policy",
        "https://nolink.example/privacy-notice",
    ]
    assert "found at the usual path /privacy-notice" in policies[0].kind_reasons


def test_catch_all_site_does_not_fake_a_policy(serve):
    home = page("<p>Welcome to our single page app</p>", title="Home")
    site = Site(host="spa.example", routes={"/": home})
    site.routes.update(
        {
            p: home
            for p in ("/privacy", "/privacy-policy", "/privacy-notice", "/legal/privacy", "/confidentiality")
        }
    )
    crawl = serve(site).audit("https://spa.example/", **CRAWL).evidence.crawl
    assert crawl.pages_of(PageKind.POLICY) == []
    assert len(crawl.policy_urls_tried) == 5


def test_policy_as_pdf(serve):
    pdf = text_pdf(["Privacy policy", "We keep your notes for seven years."])
    site = Site(
        host="pdfpolicy.example",
        routes={
            "/": page(
                '<a href="/files/doc-17.pdf">Privacy policy (PDF)</a> <a href="/files/menu.pdf">Menu</a>'
            ),
            "/files/doc-17.pdf": Reply(200, [("Content-Type", "application/pdf")], pdf),
            "/files/menu.pdf": Reply(200, [("Content-Type", "application/pdf")], pdf),
        },
    )
    crawl = serve(site).audit("https://pdfpolicy.example/", **CRAWL).evidence.crawl
    policies = crawl.pages_of(PageKind.POLICY)
    assert [p.url for p in policies] == ["https://pdfpolicy.example/files/doc-17.pdf"]
    assert policies[0].is_pdf and policies[0].exchange.body.startswith(b"%PDF-")
    assert not any(p.url.endswith("menu.pdf") for p in crawl.pages)  # not a policy link: not fetched


def test_http_redirect_and_www_redirect_recorded(serve):
    apex = Site(host="redir.example", routes={"/": Reply(301, [("Location", "https://www.redir.example/")])})
    www = Site(
        host="www.redir.example",
        routes={"/": page('<a href="/contact">Contact us</a>'), "/contact": page("<h1>Contact</h1>")},
    )
    served = serve(apex, www)
    crawl = served.audit("https://redir.example/", **CRAWL).evidence.crawl
    assert [(h.status, h.location) for h in crawl.http.redirects] == [
        (301, "https://redir.example/"),
        (301, "https://www.redir.example/"),
    ]
    assert crawl.http.final_url == "https://www.redir.example/"
    assert crawl.https.redirects[0].location == "https://www.redir.example/"
    # plain HTTP's redirect joined the https:// fetch already under way: each URL was asked for once
    assert sorted((r.scheme, r.path) for r in apex.log) == [("http", "/"), ("https", "/")]
    assert [(r.scheme, r.path) for r in www.log].count(("https", "/")) == 1
    assert crawl.http.status == crawl.https.status == 200
    assert crawl.http.body_sha256 == crawl.https.body_sha256
    assert crawl.pages[0].url == "https://www.redir.example/"
    # the crawl follows the site to its www host
    assert "https://www.redir.example/contact" in [p.url for p in crawl.pages]


def test_plain_http_site_without_https(serve):
    site = Site(
        host="plain.example", http="serve", https=False, routes={"/": page("<p>hello</p>", title="Plain")}
    )
    run = serve(site).audit("http://plain.example/", **CRAWL)
    crawl = run.evidence.crawl
    assert crawl.http.status == 200 and not crawl.http.redirects
    assert crawl.https.status is None and crawl.https.error
    assert crawl.pages[0].url == "http://plain.example/"
    assert run.result.error is None


def test_bad_certificate_still_crawled_and_recorded(serve, tmp_path):
    site = Site(host="badcert.example", routes={"/": page("<p>hi</p>", title="Bad cert")})
    served = serve(site)
    from confaudit.demo.ca import make_ca

    other_ca = make_ca(tmp_path / "other", ["unrelated.example"])
    run = served.audit("https://badcert.example/", ca_file=str(other_ca.ca_file), **CRAWL)
    home = run.evidence.crawl.pages[0]
    assert home.title == "Bad cert"
    assert home.exchange.tls_error and "certificate" in home.exchange.tls_error


def test_cookies_from_set_cookie(serve):
    site = Site(
        host="cookies.example",
        routes={
            "/": Reply(
                200,
                [
                    ("Content-Type", "text/html"),
                    ("Set-Cookie", "sid=1; Path=/; Secure; HttpOnly; SameSite=Strict"),
                    ("Set-Cookie", "pref=dark; Max-Age=3600; Domain=.cookies.example"),
                ],
                b"<title>c</title>",
            )
        },
    )
    home = serve(site).audit("https://cookies.example/", **CRAWL).evidence.crawl.pages[0]
    sid, pref = home.cookies
    assert (sid.name, sid.secure, sid.http_only, sid.same_site) == ("sid", True, True, "strict")
    assert (pref.name, pref.max_age, pref.domain, pref.secure) == ("pref", 3600, "cookies.example", False)
    assert pref.persistent and not sid.persistent


def test_policy_page_parsed_once_its_tree_read_by_the_notice(serve):
    """The crawl keeps a policy page's tree for the notice extraction, which reads the same text from it."""
    from confaudit.analysis import pagetrees
    from confaudit.analysis.notice import extract_pages, policy_texts

    site = clinic_site()
    site.routes["/legal/notice-2024"] = page(
        "<header>Updated 3 May 2024</header><main><h1>Privacy notice</h1><p>We keep your notes for seven "
        "years. We never sell your data.</p></main><footer>Site by Agency</footer>",
        title="Notice",
    )
    run = serve(site).audit("https://clinic.example/", checks=["headers"])  # no check reads the notice
    evidence = run.evidence
    url = "https://clinic.example/legal/notice-2024"
    trees = evidence.memo("policy-page-trees", lambda: None)
    assert list(trees.by_url) == [url]  # the policy page only: other pages are not kept
    assert trees.size == len(evidence.crawl.pages_of(PageKind.POLICY)[0].exchange.body)

    shared = policy_texts(evidence)[0].document
    assert pagetrees.take(evidence, url) is None and trees.size == 0  # handed over once
    fresh = extract_pages(evidence.crawl.pages_of(PageKind.POLICY))[0].document  # parsed again
    assert shared is not None and fresh is not None
    assert [s.text for s in shared.sentences] == [s.text for s in fresh.sentences]
    assert shared.sentences[0].text == "We keep your notes for seven years."
    assert shared.last_updated == fresh.last_updated and shared.last_updated is not None


def test_rejected_usual_path_page_leaves_no_tree(serve):
    home = page("<p>Welcome to our single page app</p>", title="Home")
    site = Site(host="spa.example", routes={"/": home, "/privacy": home, "/privacy-notice": home})
    evidence = serve(site).audit("https://spa.example/", checks=["headers"]).evidence
    assert evidence.crawl.pages_of(PageKind.POLICY) == []
    trees = evidence.memo("policy-page-trees", lambda: None)
    assert trees is None or (trees.by_url == {} and trees.size == 0)
