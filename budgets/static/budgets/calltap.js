// Tracked click-to-call: a beacon tells the platform which store was called, then the call goes on.
(function () {
  var tap = document.querySelector("[data-call-tap]");
  if (!tap || !navigator.sendBeacon) { return; }
  document.querySelectorAll("[data-call]").forEach(function (link) {
    link.addEventListener("click", function () {
      var data = new FormData();
      data.append("location", link.dataset.call);
      data.append("click", tap.dataset.clickRef || "");
      navigator.sendBeacon(tap.dataset.callTap, data);
    });
  });
})();
