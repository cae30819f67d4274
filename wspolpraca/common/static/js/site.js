/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";

  var FIELD_TAGS = ["INPUT", "SELECT", "TEXTAREA", "FIELDSET"];
  var MARGIN = 16; // px kept free above a label and below a field

  function focusErrorSummary(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) {
      summary.focus();
      return true;
    }
    return false;
  }

  // What stays fixed at the bottom of the window (the offer editor's save bar): its height.
  function stickyBottom() {
    var bar = document.querySelector("[data-sticky-bottom]");
    if (!bar || window.getComputedStyle(bar).position !== "sticky") {
      return 0;
    }
    return bar.getBoundingClientRect().height;
  }

  function controlFor(id) {
    var target = id ? document.getElementById(id) : null;
    if (!target || FIELD_TAGS.indexOf(target.tagName) === -1) {
      return null;
    }
    if (target.tagName === "FIELDSET") {
      target = target.querySelector("input, select, textarea") || target;
    }
    return target;
  }

  // The field's label (or its group's legend), its hint and its message: what must be seen with it.
  function blockOf(control) {
    return control.closest(".field, .offer-cell, fieldset") || control;
  }

  // Scroll so that the field's label and its message stay in view, then focus the field.
  function goToField(control) {
    var block = blockOf(control);
    var rect = block.getBoundingClientRect();
    var free = window.innerHeight - stickyBottom();
    var delta;
    if (rect.height + 2 * MARGIN <= free) {
      // The whole block fits: put it in the middle of the free part of the window.
      delta = rect.top - (free - rect.height) / 2;
    } else {
      // Too tall (a long text area): its label at the top.
      delta = rect.top - MARGIN;
    }
    window.scrollBy(0, delta);
    control.focus({ preventScroll: true });
  }

  // A link to a field (error summaries, the editor's lists of what is missing) keeps the
  // label and the message in view, instead of the browser's scroll of the field to the very top.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    var control = controlFor(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!control) {
      return;
    }
    event.preventDefault();
    if (window.history && window.history.pushState) {
      window.history.pushState(null, "", link.getAttribute("href"));
    }
    goToField(control);
  });

  // The focused control is never hidden under the sticky save bar (WCAG 2.4.11): the browser
  // only scrolls it into the window, so lift it above the bar when it ends up under it.
  document.addEventListener("focusin", function (event) {
    var bar = document.querySelector("[data-sticky-bottom]");
    var height = stickyBottom();
    if (!height || bar.contains(event.target)) {
      return;
    }
    var rect = event.target.getBoundingClientRect();
    var limit = window.innerHeight - height - MARGIN / 2;
    if (rect.bottom > limit) {
      window.scrollBy(0, Math.min(rect.bottom - limit, Math.max(rect.top - MARGIN, 0)));
    }
  });

  // A message present when the page loads (a save confirmation after a redirect) is not read
  // by screen readers: a live region announces changes only. It takes the focus instead.
  function focusMessages() {
    var messages = document.querySelector("main .messages");
    if (!messages) {
      return false;
    }
    messages.setAttribute("tabindex", "-1");
    messages.focus({ preventScroll: true });
    return true;
  }

  // On arrival: a link to a field from another page (a problem listed on the offer's overview)
  // goes to that field; otherwise an error summary takes the focus (the form needs correcting);
  // otherwise a message shown after saving.
  document.addEventListener("DOMContentLoaded", function () {
    var control = controlFor(decodeURIComponent(window.location.hash.slice(1)));
    if (!control && focusErrorSummary(document)) {
      return;
    }
    if (control) {
      goToField(control);
      // The browser may scroll to the fragment once more when the page has loaded.
      window.addEventListener("load", function () {
        window.requestAnimationFrame(function () {
          goToField(control);
        });
      });
      return;
    }
    // After the page is shown: focused earlier, Chromium may drop the focus again.
    window.addEventListener("load", function () {
      if (document.activeElement === document.body || !document.activeElement) {
        focusMessages();
      }
    });
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
