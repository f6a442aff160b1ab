/* confaudit stand-in for a tag manager container: injects further tags at run time, which static
   analysis of the page cannot see (here Google Analytics and a LinkedIn Insight pixel). */
(function () {
  var s = document.createElement("script");
  s.src = "https://www.googletagmanager.com/gtag/js?id=G-MSPR1NG42";
  document.head.appendChild(s);
  new Image().src = "https://px.ads.linkedin.com/collect?pid=5550123&fmt=gif&url=" + encodeURIComponent(location.href);
})();
