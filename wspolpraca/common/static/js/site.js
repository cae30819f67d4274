/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";

  function focusErrorSummary(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  }

  // An error summary, when present, takes the focus so screen-reader and keyboard
  // users learn at once that the form needs correcting.
  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
  });

  // A creation form (it carries a one-time form token) is sent once: a second click while the
  // first request is under way is ignored. The server's token is the real guard; this only
  // spares the second request. The button is marked busy, not disabled, so that its own
  // name and value are still sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.querySelector || !form.querySelector('input[name="form_token"]')) {
      return;
    }
    if (form.dataset.sending === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    var button = event.submitter || form.querySelector("[type=submit]");
    if (button) {
      button.setAttribute("aria-disabled", "true");
    }
  });

  // Coming back to the page (the back button) makes its forms usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll('form[data-sending="1"]').forEach(function (form) {
      delete form.dataset.sending;
      form.querySelectorAll('[aria-disabled="true"]').forEach(function (button) {
        button.removeAttribute("aria-disabled");
      });
    });
  });

  // Disclosure menus (<details class="disclosure">: the language switch, the panel's groups):
  // one open at a time; Escape closes the open one and gives the focus back to its toggle;
  // a click elsewhere closes it.
  function openDisclosures() {
    return document.querySelectorAll("details.disclosure[open]");
  }

  document.addEventListener(
    "toggle",
    function (event) {
      var opened = event.target;
      if (!opened.matches || !opened.matches("details.disclosure") || !opened.open) {
        return;
      }
      openDisclosures().forEach(function (other) {
        if (other !== opened) {
          other.open = false;
        }
      });
    },
    true
  );

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    openDisclosures().forEach(function (details) {
      var hadFocus = details.contains(document.activeElement);
      details.open = false;
      if (hadFocus) {
        details.querySelector("summary").focus();
      }
    });
  });

  document.addEventListener("click", function (event) {
    openDisclosures().forEach(function (details) {
      if (!details.contains(event.target)) {
        details.open = false;
      }
    });
  });

  // The same after htmx swaps a form back with errors.
  document.addEventListener("htmx:afterSwap", function (event) {
    focusErrorSummary(event.target);
  });
})();
