/* Score sheet: says at once when typed points leave 0–max, and shows the total the server
   computes from what is typed (commission_panel:sheet_total). Progressive enhancement only:
   without this file the server checks the points on save and the page shows the saved total. */
(function () {
  "use strict";

  function rangeMessage(input) {
    var id = input.id + "_range";
    var message = document.getElementById(id);
    if (!message) {
      message = document.createElement("p");
      message.id = id;
      message.className = "field__error";
      message.setAttribute("aria-live", "polite");
      message.hidden = true;
      input.parentNode.insertBefore(message, input);
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      described.push(id);
      input.setAttribute("aria-describedby", described.join(" "));
    }
    return message;
  }

  function checkRange(input) {
    var validity = input.validity;
    var wrong = validity.badInput || validity.rangeOverflow || validity.rangeUnderflow || validity.stepMismatch;
    var message = rangeMessage(input);
    if (wrong) {
      message.textContent = input.getAttribute("data-range-message");
      message.hidden = false;
      input.setAttribute("aria-invalid", "true");
    } else if (!message.hidden) {
      message.textContent = "";
      message.hidden = true;
      input.removeAttribute("aria-invalid");
    }
  }

  function refreshTotal(form, region) {
    var request = new XMLHttpRequest();
    request.open("POST", form.getAttribute("data-total-url"));
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.responseType = "json";
    request.onload = function () {
      var data = request.response;
      // Changed only when the total (or a note) changes: a polite region is not read out again for nothing.
      if (request.status === 200 && data && data.text && data.text !== region.textContent.trim()) {
        region.textContent = data.text;
      }
    };
    request.send(new FormData(form));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("score-sheet");
    var region = document.getElementById("sheet-total");
    if (!form || !form.getAttribute("data-total-url")) {
      return;
    }
    var timer = null;
    form.addEventListener("input", function (event) {
      var input = event.target;
      if (!input.hasAttribute || !input.hasAttribute("data-range-message")) {
        return;
      }
      checkRange(input);
      if (region) {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          refreshTotal(form, region);
        }, 400);
      }
    });
  });
})();
