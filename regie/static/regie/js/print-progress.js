// A batch PDF of the print queue is made by a worker. While it is, poll the
// status endpoint, show how far it is, and reload the page once it is ready
// or failed. Without this script the page reloads itself every few seconds.
(function () {
  "use strict";
  var box = document.getElementById("print-batch");
  var url = box && box.getAttribute("data-status-url");
  if (!url || !window.fetch) { return; }
  var bar = document.getElementById("print-progress-bar");
  var text = document.getElementById("print-progress-text");
  var timer = window.setInterval(function () {
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.status === "done" || data.status === "failed") {
          window.clearInterval(timer);
          window.location.reload();
          return;
        }
        if (!data.total) { return; }
        bar.max = data.total;
        bar.value = data.done;
        text.textContent = data.done + " / " + data.total;
      })
      .catch(function () { window.clearInterval(timer); });
  }, 1000);
})();
