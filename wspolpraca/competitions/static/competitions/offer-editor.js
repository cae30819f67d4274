/* Offer editor: keeps a copy of the section's fields in this browser until the server has them.
   Progressive enhancement only: without this file the "Save" button saves. No arithmetic here:
   totals come from the server (offers:figures). */
(function () {
  "use strict";

  var PREFIX = "wspolpraca:";

  function storageKey(form) {
    return PREFIX + form.getAttribute("data-storage-key");
  }

  function read(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function write(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      /* storage full or disabled: the server copy still counts */
    }
  }

  function forget(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (error) {
      /* ignore */
    }
  }

  function fieldsOf(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.type === "hidden" || element.type === "submit" || element.type === "button") {
        return;
      }
      if (element.type === "checkbox") {
        values[element.name] = element.checked;
      } else if (element.type === "radio") {
        if (element.checked) {
          values[element.name] = element.value;
        } else if (!(element.name in values)) {
          values[element.name] = "";
        }
      } else {
        values[element.name] = element.value;
      }
    });
    return values;
  }

  function sameValues(a, b) {
    var keys = Object.keys(a);
    return keys.every(function (key) {
      return !(key in b) || a[key] === b[key];
    });
  }

  function restore(form, values) {
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || !(element.name in values)) {
        return;
      }
      if (element.type === "checkbox") {
        element.checked = values[element.name] === true;
      } else if (element.type === "radio") {
        element.checked = values[element.name] === element.value;
      } else if (element.type !== "hidden") {
        element.value = values[element.name];
      }
    });
    form.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function remember(form) {
    write(storageKey(form), {
      revision: form.querySelector("#base_revision").value,
      savedAt: new Date().toISOString(),
      dirty: true,
      fields: fieldsOf(form),
    });
  }

  function offerRestore(form) {
    var key = storageKey(form);
    var copy = read(key);
    var banner = document.getElementById("offer-restore");
    if (!copy || !copy.dirty || !banner) {
      return;
    }
    if (sameValues(copy.fields || {}, fieldsOf(form))) {
      forget(key);
      return;
    }
    banner.hidden = false;
    banner.querySelector("[data-restore]").addEventListener("click", function () {
      restore(form, copy.fields || {});
      banner.hidden = true;
    });
    banner.querySelector("[data-discard]").addEventListener("click", function () {
      forget(key);
      banner.hidden = true;
    });
  }

  function setUp(form) {
    if (form.dataset.editorReady) {
      return;
    }
    form.dataset.editorReady = "1";
    form.addEventListener("input", function () {
      remember(form);
    });
    if (form.dataset.focus) {
      var target = document.getElementById(form.dataset.focus);
      if (target) {
        target.focus();
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("offer-form");
    if (!form) {
      return;
    }
    setUp(form);
    if (form.dataset.readonly) {
      return;
    }
    if (form.dataset.unsaved) {
      remember(form);
    } else {
      offerRestore(form);
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-discard-local]"), function (link) {
      link.addEventListener("click", function () {
        forget(storageKey(form));
      });
    });
  });

  // A new form after adding or removing a row: watch it too, and keep its copy.
  document.addEventListener("htmx:afterSwap", function (event) {
    var form = document.getElementById("offer-form");
    if (form && !form.dataset.editorReady) {
      setUp(form);
      remember(form);
    }
  });

  // --- What screen readers hear: only what changed ---------------------------------------

  function announce(text) {
    var announcer = document.getElementById("offer-announcer");
    if (!announcer || !text) {
      return;
    }
    // Emptied first, so that the same sentence said again is still read.
    announcer.textContent = "";
    window.setTimeout(function () {
      announcer.textContent = text;
    }, 50);
  }

  function textOf(element) {
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // The live check's totals (name: value) and its list of what is missing.
  function figuresState(box) {
    var totals = {};
    Array.prototype.forEach.call(box.querySelectorAll("dt"), function (term) {
      totals[textOf(term)] = textOf(term.nextElementSibling);
    });
    var problems = Array.prototype.map.call(box.querySelectorAll(".offer-problems li"), textOf);
    var titles = box.querySelectorAll(".offer-figures__title");
    var none = box.querySelector(".offer-figures__title + p");
    return {
      totals: totals,
      problems: problems,
      title: textOf(titles[titles.length - 1]),
      none: none && !box.querySelector(".offer-problems") ? textOf(none) : "",
    };
  }

  function figuresChanges(before, after) {
    var said = [];
    Object.keys(after.totals).forEach(function (name) {
      if (before.totals[name] !== after.totals[name]) {
        said.push(name + ": " + after.totals[name]);
      }
    });
    var added = after.problems.filter(function (problem) {
      return before.problems.indexOf(problem) === -1;
    });
    var removed = before.problems.filter(function (problem) {
      return after.problems.indexOf(problem) === -1;
    });
    if (!after.problems.length && before.problems.length) {
      said.push(after.none);
    } else if (added.length || removed.length) {
      said.push(after.title + ": " + after.problems.length + (added.length ? ". " + added.join(". ") : ""));
    }
    return said.join(". ");
  }

  var figuresBefore = null;
  var autosaveSaid = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "offer-figures") {
      figuresBefore = figuresState(event.detail.target);
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "offer-figures" && figuresBefore) {
      announce(figuresChanges(figuresBefore, figuresState(target)));
      figuresBefore = null;
    } else if (target && target.id === "autosave-status") {
      if (target.querySelector("[data-saved]")) {
        target.classList.remove("offer-status--warning");
      }
      autosaveChanged(target);
    }
  });

  // Autosave: "Saved at …" is said once, not at every pause in typing; a warning always.
  function autosaveChanged(status) {
    var warning = status.classList.contains("offer-status--warning") || !!status.querySelector(".offer-status--warning");
    var kind = warning ? "warning:" + textOf(status) : "saved";
    if (kind !== autosaveSaid) {
      autosaveSaid = kind;
      announce(textOf(status));
    }
  }

  // Autosaved: the server has the text, the local copy is no longer needed as a rescue.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = document.getElementById("offer-form");
    if (!form || event.detail.elt !== form) {
      return;
    }
    var status = document.getElementById("autosave-status");
    if (event.detail.successful && status && status.querySelector("[data-saved]")) {
      var copy = read(storageKey(form));
      if (copy) {
        copy.dirty = false;
        copy.revision = status.querySelector("[data-saved]").getAttribute("data-saved");
        write(storageKey(form), copy);
      }
    } else if (status && event.detail.xhr && event.detail.xhr.status === 401) {
      status.textContent = event.detail.xhr.responseText;
      status.classList.add("offer-status--warning");
    } else if (status && event.detail.xhr && event.detail.xhr.status === 403) {
      status.textContent = status.getAttribute("data-expired") || "";
      status.classList.add("offer-status--warning");
    } else if (status && !event.detail.successful) {
      status.textContent = status.getAttribute("data-failed") || "";
      status.classList.add("offer-status--warning");
    }
    if (status && !event.detail.successful) {
      autosaveChanged(status);
    }
  });
})();
