/* The holder's card page: register the service worker that keeps the card readable
 * offline, say so on the page, and let the holder remove the saved copy. */
(function () {
  "use strict";
  var root = document.getElementById("offline-card");
  if (!root || !("serviceWorker" in navigator)) {
    return;
  }
  function show(id) {
    var element = document.getElementById(id);
    if (element) {
      element.hidden = false;
    }
  }
  if (!navigator.onLine) {
    show("offline-note");
  }
  navigator.serviceWorker
    .register(root.dataset.worker, { scope: root.dataset.scope })
    .then(function () {
      return navigator.serviceWorker.ready;
    })
    .then(function () {
      show("offline-ready");
    })
    .catch(function () {
      /* Without a worker the page still works online. */
    });
  var forget = document.getElementById("offline-forget");
  if (!forget || !window.caches) {
    return;
  }
  forget.hidden = false;
  forget.addEventListener("click", function () {
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("regie-offline-card-") === 0;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return navigator.serviceWorker.getRegistration(root.dataset.scope);
      })
      .then(function (registration) {
        return registration ? registration.unregister() : false;
      })
      .then(function () {
        document.getElementById("offline-ready").hidden = true;
        forget.hidden = true;
        show("offline-forgotten");
      });
  });
})();
