/* Progressive enhancement: the server writes "5 days 3 hours left"; this keeps it ticking. */
(function () {
  "use strict";

  function unit(lang, name, value) {
    try {
      return new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: "long" }).format(value);
    } catch (error) {
      return value + " " + name;
    }
  }

  function render(element, lang) {
    var deadline = Date.parse(element.getAttribute("data-deadline"));
    if (isNaN(deadline)) {
      return;
    }
    var seconds = Math.floor((deadline - Date.now()) / 1000);
    if (seconds <= 0) {
      element.textContent = element.getAttribute("data-expired");
      return;
    }
    var days = Math.floor(seconds / 86400);
    var hours = Math.floor((seconds % 86400) / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var parts = [];
    if (days) {
      parts.push(unit(lang, "day", days));
    }
    if (hours) {
      parts.push(unit(lang, "hour", hours));
    }
    if (!days && (minutes || !hours)) {
      parts.push(unit(lang, "minute", Math.max(minutes, 1)));
    }
    element.textContent = element.getAttribute("data-template").replace("%(time)s", parts.join(" "));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var elements = document.querySelectorAll(".countdown[data-deadline]");
    if (!elements.length) {
      return;
    }
    var lang = document.documentElement.lang || "pl";
    function tick() {
      elements.forEach(function (element) {
        render(element, lang);
      });
    }
    window.setInterval(tick, 60000);
  });
})();
