// The signature pad of the self sign-in page: draws with a finger or a mouse on the canvas
// and, on submit, puts a small PNG of it in the hidden "signature" field. Without script
// the participant ticks the confirmation instead.
(function () {
  "use strict";
  var canvas = document.querySelector("canvas.p-signature");
  if (!canvas) { return; }
  var form = canvas.closest("form");
  var field = form.querySelector("input[name=signature]");
  var clear = form.querySelector("[data-clear-signature]");
  var context = canvas.getContext("2d");
  var drawing = false, drawn = false;

  function fit() {  // one canvas pixel per CSS pixel: the PNG stays small
    canvas.width = canvas.clientWidth;
    canvas.height = canvas.clientHeight;
    context.lineWidth = 2.5;
    context.lineCap = "round";
    context.strokeStyle = "#111";
    drawn = false;
  }
  function at(event) {
    var box = canvas.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  }
  canvas.addEventListener("pointerdown", function (event) {
    drawing = true;
    canvas.setPointerCapture(event.pointerId);
    var p = at(event);
    context.beginPath();
    context.moveTo(p[0], p[1]);
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) { return; }
    var p = at(event);
    context.lineTo(p[0], p[1]);
    context.stroke();
    drawn = true;
  });
  ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
    canvas.addEventListener(name, function () { drawing = false; });
  });
  if (clear) {
    clear.hidden = false;
    clear.addEventListener("click", function () {
      context.clearRect(0, 0, canvas.width, canvas.height);
      drawn = false;
    });
  }
  form.addEventListener("submit", function () {
    field.value = drawn ? canvas.toDataURL("image/png") : "";
  });
  fit();
})();
