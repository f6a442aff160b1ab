/* confaudit stand-in for a tag manager container: injects further tags at run time. */
(function () {
  var s = document.createElement("script");
  s.src = "https://www.googletagmanager.com/gtag/js?id=G-MSPR1NG42";
  document.head.appendChild(s);
})();
