"""Local sites for the trackers tests: a leaky clinic, a clean one, and tracker stand-ins on loopback.

The stand-ins are served under the real vendors' host names (mapped to 127.0.0.1 with --connect-to)
and are small scripts written for these tests, behaving the way the vendors' tags do: a tag manager
that injects pixels at run time, a pixel that sets a first-party cookie and beacons the page address
and the SHA-256 of a typed email, a session recorder that sends what is typed, a fingerprinting script.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qs

from confaudit.demo.server import Reply, Request, Site
from tests.sites.pages import page

GIF = b"GIF47a\x01\x00\x01\x00\x00\x00\x00;"
JS = [("Content-Type", "application/javascript; charset=utf-8")]

GTM_JS = """(function () {
  // a tag manager container: what it loads is decided remotely, at run time
  var s = document.createElement("script");
  s.src = "https://connect.facebook.net/en_US/fbevents.js";
  document.head.appendChild(s);
  new Image().src = "https://px.ads.linkedin.com/collect?pid=424242&url=" + encodeURIComponent(location.href);
})();"""

PIXEL_JS = """(function () {
  var q = (window.fbq && window.fbq.queue) || [["init", "555000111222333"], ["track", "PageView"]];
  var id = null;
  function send(params) {
    var u = "https://www.facebook.com/tr?id=" + id + "&dl=" + encodeURIComponent(location.href);
    for (var k in params) u += "&" + k + "=" + encodeURIComponent(params[k]);
    new Image().src = u;
  }
  function fbq(cmd, a, b) {
    if (cmd === "init") { id = a; document.cookie = "_fbp=fb.1." + Date.now() + ".42; path=/; max-age=7776000"; }
    else if (cmd === "track") { send({ev: a}); }
  }
  window.fbq = fbq;
  for (var i = 0; i < q.length; i++) fbq.apply(null, q[i]);
  // automatic advanced matching: the SHA-256 of the normalised email, as soon as it is typed
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (!t || t.type !== "email" || !t.value) return;
    var data = new TextEncoder().encode(t.value.trim().toLowerCase());
    crypto.subtle.digest("SHA-256", data).then(function (buf) {
      var hex = Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join("");
      send({ev: "AdvancedMatching", "ud[em]": hex});
    });
  }, true);
})();"""

RECORDER_JS = """(function () {
  // a session recorder: every input is sent as it is typed
  document.addEventListener("input", function (e) {
    navigator.sendBeacon("https://in.hotjar.com/api/v2/rec",
      JSON.stringify({f: e.target.name, v: e.target.value, t: Date.now()}));
  }, true);
})();"""

FINGERPRINT_JS = """(function () {
  var c = document.createElement("canvas");
  var x = c.getContext("2d");
  x.textBaseline = "top"; x.font = "14px Arial"; x.fillText("confaudit fp", 2, 2);
  var a = c.toDataURL();
  var gl = document.createElement("canvas").getContext("webgl");
  var r = gl ? gl.getParameter(37446) : "";
  try { new OfflineAudioContext(1, 44100, 44100); } catch (e) {}
  new Image().src = "https://api.fpjs.io/v?h=" + a.length + "&r=" + encodeURIComponent(String(r).slice(0, 20));
})();"""


def gif(headers: list[tuple[str, str]] | None = None) -> Reply:
    return Reply(200, [("Content-Type", "image/gif"), *(headers or [])], GIF)


def vendors() -> dict[str, Site]:
    """Stand-ins for the vendors, keyed by host."""
    return {
        "www.googletagmanager.com": Site(
            "www.googletagmanager.com", routes={"/gtm.js": Reply(200, JS, GTM_JS.encode())}
        ),
        "connect.facebook.net": Site(
            "connect.facebook.net", routes={"/en_US/fbevents.js": Reply(200, JS, PIXEL_JS.encode())}
        ),
        "www.facebook.com": Site(
            "www.facebook.com",
            routes={
                "/tr": gif([("Set-Cookie", "fr=0xconfaudit; Path=/; Max-Age=7776000; SameSite=None; Secure")])
            },
        ),
        "px.ads.linkedin.com": Site("px.ads.linkedin.com", routes={"/collect": gif()}),
        "static.hotjar.com": Site(
            "static.hotjar.com", routes={"/c/hotjar-77.js": Reply(200, JS, RECORDER_JS.encode())}
        ),
        "in.hotjar.com": Site("in.hotjar.com", routes={"/api/v2/rec": Reply(204, [], b"")}),
        "fpcdn.io": Site("fpcdn.io", routes={"/v3/fp.js": Reply(200, JS, FINGERPRINT_JS.encode())}),
        "api.fpjs.io": Site("api.fpjs.io", routes={"/v": gif()}),
        "fonts.googleapis.com": Site(
            "fonts.googleapis.com", routes={"/css2": Reply(200, [("Content-Type", "text/css")], b"body{}")}
        ),
        "formspree.io": Site(
            "formspree.io", routes={"/f/clinic": Reply(200, [("Content-Type", "text/plain")], b"ok")}
        ),
    }


LEAKY_HOME = page(
    '<h1>Leafy Clinic</h1><a href="/book">Book an appointment</a> <a href="/privacy">Privacy</a>',
    title="Leafy Clinic: online counselling",
    head=(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">'
        '<script async src="https://www.googletagmanager.com/gtm.js?id=GTM-LEAFY1"></script>'
    ),
    headers=[("Set-Cookie", "visitor_id=8d1f; Path=/; Max-Age=31536000; Secure")],
)
LEAKY_BOOK = page(
    '<h1>Book an appointment</h1><form action="https://formspree.io/f/clinic" method="post">'
    '<label for="n">Your name</label><input id="n" name="name">'
    '<label for="e">Email</label><input id="e" name="email" type="email">'
    '<label for="p">Phone</label><input id="p" name="phone" type="tel">'
    '<label for="r">What would you like help with?</label><textarea id="r" name="reason"></textarea>'
    "<button>Book</button></form>",
    title="Book an appointment",
    head=(
        "<script>!function(f){f.fbq=function(){f.fbq.queue.push(arguments)};f.fbq.queue=[]}(window);"
        "fbq('init', '918273645546372'); fbq('track', 'PageView');</script>"
        '<script src="https://connect.facebook.net/en_US/fbevents.js"></script>'
        '<script src="https://static.hotjar.com/c/hotjar-77.js?sv=6"></script>'
        '<script src="https://fpcdn.io/v3/fp.js"></script>'
        '<script async src="https://www.googletagmanager.com/gtm.js?id=GTM-LEAFY1"></script>'
    ),
    headers=[("Referrer-Policy", "unsafe-url")],
)
PRIVACY = page("<h1>Privacy policy</h1><p>We care about your privacy.</p>", title="Privacy policy")


def leaky_site() -> Site:
    return Site("leafyclinic.example", routes={"/": LEAKY_HOME, "/book": LEAKY_BOOK, "/privacy": PRIVACY})


def clean_site() -> Site:
    return Site(
        "quietclinic.example",
        headers=[("Referrer-Policy", "no-referrer")],
        routes={
            "/": page(
                '<h1>Quiet Clinic</h1><a href="/book">Book an appointment</a> <a href="/privacy">Privacy</a>'
                '<img src="/logo.gif">',
                title="Quiet Clinic",
                head='<link rel="stylesheet" href="/style.css"><script src="/app.js"></script>',
                headers=[("Set-Cookie", "session=abc; Path=/; Secure; HttpOnly; SameSite=Lax")],
            ),
            "/book": page(
                '<h1>Book an appointment</h1><form action="/book" method="post"><input name="name">'
                '<input name="email" type="email"><input name="phone" type="tel"><textarea name="reason"></textarea>'
                "</form>",
                title="Book an appointment",
                head='<script src="/app.js"></script>',
            ),
            "/privacy": PRIVACY,
            "/style.css": Reply(200, [("Content-Type", "text/css")], b"body{font-family:sans-serif}"),
            "/app.js": Reply(200, JS, b"document.addEventListener('input', function () {});"),
            "/logo.gif": gif(),
        },
    )


# --- the canary lab: one stand-in per encoding -----------------------------------------------------------

ENCODER_JS = """(function () {
  function hex(buf) { return Array.from(new Uint8Array(buf)).map(function (b) { return b.toString(16).padStart(2, "0"); }).join(""); }
  document.addEventListener("change", function (e) {
    var t = e.target; if (!t || t.name !== "email") return;
    var v = t.value, norm = v.trim().toLowerCase(), data = new TextEncoder().encode(norm);
    fetch("https://collect.plaintrack.example/e", {method: "POST", mode: "no-cors", body: JSON.stringify({email: v})});
    new Image().src = "https://pix.urltrack.example/p?em=" + encodeURIComponent(v);
    new Image().src = "https://pix.b64track.example/p?d=" + encodeURIComponent(btoa("user=" + v));
    crypto.subtle.digest("SHA-256", data).then(function (b) { new Image().src = "https://pix.sha256track.example/p?h=" + hex(b); });
    crypto.subtle.digest("SHA-1", data).then(function (b) { new Image().src = "https://pix.sha1track.example/p?h=" + hex(b); });
    // MD5 is not in WebCrypto: the stand-in asks its own helper (first party to the lab) for it
    fetch("/md5?v=" + encodeURIComponent(norm)).then(function (r) { return r.text(); }).then(function (h) {
      new Image().src = "https://pix.md5track.example/p?h=" + h;
    });
  }, true);
})();"""

ENCODING_HOSTS = {
    "plain": "collect.plaintrack.example",
    "url-encoded": "pix.urltrack.example",
    "base64": "pix.b64track.example",
    "sha256": "pix.sha256track.example",
    "sha1": "pix.sha1track.example",
    "md5": "pix.md5track.example",
}


def _md5(request: Request) -> Reply:
    value = parse_qs(request.query).get("v", [""])[0]
    return Reply(200, [("Content-Type", "text/plain")], hashlib.md5(value.encode()).hexdigest().encode())


def canary_lab() -> list[Site]:
    lab = Site(
        "canarylab.example",
        routes={
            "/": page('<a href="/intake">Intake questionnaire</a>', title="Canary lab"),
            "/intake": page(
                '<h1>Intake questionnaire</h1><form action="/intake" method="post">'
                '<label for="e">Email</label><input id="e" name="email" type="email"></form>',
                title="Intake questionnaire",
                head='<script src="/enc.js"></script>',
            ),
            "/enc.js": Reply(200, JS, ENCODER_JS.encode()),
            "/md5": _md5,
        },
    )
    trackers = [
        Site(host, routes={"/e": Reply(204, [], b""), "/p": gif()}) for host in ENCODING_HOSTS.values()
    ]
    return [lab, *trackers]


# --- a site whose only third party is known from a user's own filter list -------------------------------

TRACKER_LIST = "||beacon.smalltracker.example^\n"


def listed_sites() -> list[Site]:
    site = Site("listed.example", routes={"/": page('<img src="https://beacon.smalltracker.example/p.gif">')})
    return [site, Site("beacon.smalltracker.example", routes={"/p.gif": Reply(200, [], b"")})]


def plain_site() -> Site:
    return Site("plainsite.example", routes={"/": page("<h1>Hi</h1>")})


def trackers_world() -> list[Site]:
    """Every site the trackers tests audit, served together (host names do not overlap)."""
    return [leaky_site(), clean_site(), *vendors().values(), *canary_lab(), *listed_sites(), plain_site()]
