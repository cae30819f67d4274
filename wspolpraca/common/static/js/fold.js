/* Long lists of sections ("My matters" /moje/, the panel's work list): each section folds under
   its heading; the choice is remembered in this browser. Markup: a container [data-fold] with
   data-fold-store (the memory's name), data-collapse-all and data-expand-all (the buttons' words);
   in it sections [data-fold-key] with a heading [data-fold-title] and a body [data-fold-body]
   that has an id. Progressive enhancement: without this file every section is simply open. */
(function () {
  "use strict";

  function remembered(store) {
    try {
      return JSON.parse(window.localStorage.getItem(store) || "[]");
    } catch (error) {
      return [];
    }
  }

  function remember(store, keys) {
    try {
      window.localStorage.setItem(store, JSON.stringify(keys));
    } catch (error) {
      /* private mode: the choice lasts this page only */
    }
  }

  function setOpen(section, open) {
    var button = section.querySelector("[data-fold-toggle]");
    var body = section.querySelector("[data-fold-body]");
    button.setAttribute("aria-expanded", open ? "true" : "false");
    body.hidden = !open;
    section.classList.toggle("fold--collapsed", !open);
  }

  function save(store, sections) {
    var collapsed = [];
    sections.forEach(function (section) {
      if (section.querySelector("[data-fold-body]").hidden) {
        collapsed.push(section.dataset.foldKey);
      }
    });
    remember(store, collapsed);
  }

  function makeToggle(section) {
    var heading = section.querySelector("[data-fold-title]");
    var body = section.querySelector("[data-fold-body]");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "fold__toggle";
    button.setAttribute("data-fold-toggle", "");
    button.setAttribute("aria-controls", body.id);
    while (heading.firstChild) {
      button.appendChild(heading.firstChild);
    }
    heading.appendChild(button);
    return button;
  }

  function enhance(container) {
    var store = container.dataset.foldStore;
    var sections = Array.prototype.slice.call(container.querySelectorAll("[data-fold-key]"));
    var collapsed = remembered(store);
    sections.forEach(function (section) {
      makeToggle(section).addEventListener("click", function () {
        setOpen(section, section.querySelector("[data-fold-body]").hidden);
        save(store, sections);
      });
      setOpen(section, collapsed.indexOf(section.dataset.foldKey) === -1);
    });
    if (sections.length < 2) {
      return;
    }
    var bar = document.createElement("p");
    bar.className = "fold__all";
    [["collapseAll", false], ["expandAll", true]].forEach(function (pair) {
      var all = document.createElement("button");
      all.type = "button";
      all.className = "button button--secondary button--small";
      all.textContent = container.dataset[pair[0]];
      all.addEventListener("click", function () {
        sections.forEach(function (section) {
          setOpen(section, pair[1]);
        });
        save(store, sections);
      });
      bar.appendChild(all);
    });
    container.insertBefore(bar, container.firstChild);
  }

  // A link (the contents, an e-mail) to a folded section opens it.
  function openTarget() {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.hasAttribute("data-fold-key")) {
      setOpen(target, true);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-fold]").forEach(enhance);
    window.addEventListener("hashchange", openTarget);
    openTarget();
  });
})();
