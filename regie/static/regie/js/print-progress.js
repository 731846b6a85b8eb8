// The print queue: while the batch PDF is built (a normal form POST that
// answers with a download), show how far the server is. Without this script
// the download works the same, only without the progress line.
(function () {
  "use strict";
  var form = document.getElementById("print-form");
  if (!form || !window.fetch) { return; }
  var box = document.getElementById("print-progress");
  var bar = document.getElementById("print-progress-bar");
  var text = document.getElementById("print-progress-text");
  var url = form.getAttribute("data-status-url");
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.hasAttribute("formaction")) { return; }
    box.hidden = false;
    text.textContent = box.getAttribute("data-starting") || "…";
    var timer = window.setInterval(function () {
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (!data.total) { return; }
          bar.max = data.total;
          bar.value = data.done;
          text.textContent = data.done + " / " + data.total;
          if (data.done >= data.total) { window.clearInterval(timer); }
        })
        .catch(function () { window.clearInterval(timer); });
    }, 700);
  });
})();
