/* Small behaviours of the shared layout, as a static file: the Content-Security-Policy
   allows no inline script or event handler attribute. */
(function () {
  "use strict";
  document.addEventListener("focusin", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("[data-select-on-focus]")) { el.select(); }
  });
})();
