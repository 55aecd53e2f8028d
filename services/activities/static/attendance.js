/* The attendance screen: "all present" for the whole list or one half-day sets the
   choices on the screen (the exceptions are then clicked); nothing is saved until the
   officer saves. Without JavaScript the main button saves everyone present. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("attendance-form");
    if (!form) { return; }
    form.querySelectorAll("[data-all-present][hidden]").forEach(function (b) {
      b.hidden = false;
    });
    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-all-present]");
      if (!button) { return; }
      event.preventDefault();
      var halfDay = button.getAttribute("data-all-present");
      var selector = halfDay ? '[data-half-day="' + halfDay + '"] input[value="present"]'
                             : 'input[type="radio"][value="present"]';
      form.querySelectorAll(selector).forEach(function (radio) { radio.checked = true; });
    });
  });
})();
