/* confaudit stand-in for an advertising pixel loader: reports the page address and events, and (like
   Meta's automatic advanced matching) the SHA-256 of an email address as soon as it is typed. */
(function () {
  var q = (window.fbq && window.fbq.queue) || [];
  var pixel = null;
  function send(ev, data, extra) {
    var u = "https://www.facebook.com/tr?id=" + encodeURIComponent(pixel || "") + "&ev=" + encodeURIComponent(ev) +
      "&dl=" + encodeURIComponent(location.href) + "&rl=" + encodeURIComponent(document.referrer);
    if (data) { u += "&cd=" + encodeURIComponent(JSON.stringify(data)); }
    if (extra) { u += extra; }
    new Image().src = u;
  }
  function fbq(cmd, a, b) {
    if (cmd === "init") { pixel = a; document.cookie = "_fbp=fb.1." + Date.now() + ".1234; path=/; max-age=7776000"; }
    else if (cmd === "track") { send(a, b); }
  }
  window.fbq = fbq;
  for (var i = 0; i < q.length; i++) { fbq.apply(null, q[i]); }
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (!t || t.type !== "email" || !t.value || !window.crypto || !crypto.subtle) { return; }
    crypto.subtle.digest("SHA-256", new TextEncoder().encode(t.value.trim().toLowerCase())).then(function (buf) {
      var hex = Array.prototype.map.call(new Uint8Array(buf), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      send("SubscribedButtonClick", null, "&ud[em]=" + hex);
    });
  }, true);
})();
