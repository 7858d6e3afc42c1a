// The store locator's map (Leaflet, served from our own static files). The stores come from
// the JSON script element #store-points; the tile server is a setting (data-tiles).
(function () {
  "use strict";
  var element = document.getElementById("store-map");
  var data = document.getElementById("store-points");
  if (!element || !data || typeof L === "undefined") return;
  var points = JSON.parse(data.textContent);
  if (!points.length) return;
  L.Icon.Default.imagePath = element.getAttribute("data-icons") || "/static/vendor/leaflet/images/";
  var map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer(element.getAttribute("data-tiles"), {
    maxZoom: 18,
    attribution: element.getAttribute("data-attribution"),
  }).addTo(map);
  var bounds = [];
  points.forEach(function (point) {
    var latlng = [parseFloat(point.lat), parseFloat(point.lng)];
    bounds.push(latlng);
    var popup = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = point.name;
    popup.appendChild(title);
    popup.appendChild(document.createElement("br"));
    popup.appendChild(document.createTextNode(point.address));
    var marker = L.marker(latlng, { title: point.name, alt: point.name }).addTo(map).bindPopup(popup);
    marker.on("click", function () {
      var card = document.querySelector('[data-store="' + point.id + '"]');
      if (card) card.classList.add("highlight");
    });
  });
  // Nearest first: open on the first stores of the list, not the whole country.
  map.fitBounds(L.latLngBounds(bounds.slice(0, Math.min(bounds.length, 5))), { padding: [30, 30], maxZoom: 13 });
  element.setAttribute("data-ready", "1");
})();
