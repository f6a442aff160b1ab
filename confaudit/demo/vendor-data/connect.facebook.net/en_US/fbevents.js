/* confaudit stand-in for an advertising pixel loader: reports the page address and events. */
(function () {
  var q = (window.fbq && window.fbq.queue) || [];
  var pixel = null;
  function send(ev, data) {
    var u = "https://www.facebook.com/tr?id=" + encodeURIComponent(pixel || "") + "&ev=" + encodeURIComponent(ev) +
      "&dl=" + encodeURIComponent(location.href) + "&rl=" + encodeURIComponent(document.referrer);
    if (data) { u += "&cd=" + encodeURIComponent(JSON.stringify(data)); }
    new Image().src = u;
  }
  function fbq(cmd, a, b) {
    if (cmd === "init") { pixel = a; document.cookie = "_fbp=fb.1." + Date.now() + ".1234; path=/; max-age=7776000"; }
    else if (cmd === "track") { send(a, b); }
  }
  window.fbq = fbq;
  for (var i = 0; i < q.length; i++) { fbq.apply(null, q[i]); }
})();
