// Draws the report's charts with Chart.js (vendored). Each <canvas data-chart-config="ID"> reads
// its configuration from the JSON script element #ID written by the server; ticks and tooltips
// are formatted in the page's language, money axes with the currency.
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var language = document.documentElement.lang || "fr";
  var locale = language.indexOf("fr") === 0 ? "fr-CA" : "en-CA";
  var numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  Chart.defaults.locale = locale;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  document.querySelectorAll("canvas[data-chart-config]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart-config"));
    if (!source) return;
    var config = JSON.parse(source.textContent);
    var money = new Intl.NumberFormat(locale, {
      style: "currency", currency: config.currency || "CAD", maximumFractionDigits: 0,
    });
    config.data.datasets.forEach(function (dataset) {
      dataset.data = dataset.data.map(function (value) { return value === null ? null : Number(value); });
    });
    (config.moneyAxes || []).forEach(function (axis) {
      config.options.scales[axis].ticks = { callback: function (value) { return money.format(value); } };
    });
    Object.keys(config.options.scales).forEach(function (axis) {
      var scale = config.options.scales[axis];
      if (!scale.ticks && axis !== "x" && !(config.options.indexAxis === "y" && axis === "y")) {
        scale.ticks = { callback: function (value) { return numbers.format(value); } };
      }
    });
    canvas.chart = new Chart(canvas, config);
    canvas.setAttribute("data-drawn", "1");
  });
})();
