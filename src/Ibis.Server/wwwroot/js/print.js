// The print page, made quicker with a script (it works without one):
// - a live estimate of the price as the form changes, from GET /v1/rates/quote (read-only, spends nothing);
//   the price that counts is still the one the server shows after "See the price";
// - "Print" prints the page's preview instead of opening it in a new tab.
(function () {
  "use strict";
  var form = document.getElementById("print-form");
  var live = document.getElementById("live-price");

  document.querySelectorAll("[data-print]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      window.print();
    });
  });

  if (!form || !live) return;
  var field = function (name) { return form.querySelector("[name='" + name + "']"); };
  var timer = null;

  function estimate() {
    var category = (field("Category") || {}).value || "";
    var parts = category.split("/");
    var weight = (field("WeightOz") || {}).value;
    var date = (field("MailingDate") || {}).value;
    var variant = (field("Variant") || {}).value;
    if (!parts[1] || !weight || !date || variant === "redate") { live.hidden = true; return; }
    var query = new URLSearchParams({ mail_class: parts[0], rate_category: parts[1], weight_oz: weight, mailing_date: date });
    var device = (field("DeviceId") || {}).value;
    if (device) query.set("device_id", device);
    var zip = (field("DestinationZip") || {}).value;
    if (zip) query.set("destination_zip", zip.slice(0, 5));
    var origin = (field("OriginZip") || {}).value;
    if (origin) query.set("origin_zip", origin.slice(0, 5));
    fetch("/v1/rates/quote?" + query.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (quote) {
        if (!quote || !quote.amount_due) { live.hidden = true; return; }
        live.textContent = "Estimated price: $" + quote.amount_due.amount + " (press See the price to confirm it)";
        live.hidden = false;
      })
      .catch(function () { live.hidden = true; });
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(estimate, 300);
  });
  estimate();
})();
