/* Region and province fields follow the country select they name (data-territory-of):
   the select of that country's reference list, or free text for other countries.
   A static file, not inline: the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  function follow(country, boxes) {
    var code = (country.value || "").toUpperCase();
    boxes.forEach(function (box) {
      var inputs = Array.prototype.slice.call(box.querySelectorAll("[data-country]"));
      var listed = inputs.some(function (el) { return code && el.dataset.country === code; });
      inputs.forEach(function (el) {
        var on = listed ? el.dataset.country === code : el.dataset.country === "";
        el.disabled = !on; el.hidden = !on;
        el.id = on ? box.dataset.name : box.dataset.name + "-" + (el.dataset.country || "text");
      });
    });
  }
  function bind() {
    var byCountry = {};
    document.querySelectorAll("[data-territory-of]").forEach(function (box) {
      var name = box.dataset.territoryOf;
      (byCountry[name] = byCountry[name] || []).push(box);
    });
    Object.keys(byCountry).forEach(function (name) {
      var country = document.getElementById(name);
      if (!country || country.dataset.territoryBound) { return; }
      country.dataset.territoryBound = "1";
      country.addEventListener("change", function () { follow(country, byCountry[name]); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bind);
  } else {
    bind();
  }
})();
