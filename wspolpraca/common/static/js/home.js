/* "My matters" (/moje/): each section folds under its heading; the choice is remembered in this
   browser. Progressive enhancement: without this file every section is simply open. */
(function () {
  "use strict";

  var STORE = "wspolpraca.home.collapsed";

  function remembered() {
    try {
      return JSON.parse(window.localStorage.getItem(STORE) || "[]");
    } catch (error) {
      return [];
    }
  }

  function remember(keys) {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(keys));
    } catch (error) {
      /* private mode: the choice lasts this page only */
    }
  }

  function setOpen(section, open) {
    var button = section.querySelector("[data-home-toggle]");
    var body = section.querySelector(".home-section__body");
    button.setAttribute("aria-expanded", open ? "true" : "false");
    body.hidden = !open;
    section.classList.toggle("home-section--collapsed", !open);
  }

  function save(sections) {
    var collapsed = [];
    sections.forEach(function (section) {
      if (section.querySelector(".home-section__body").hidden) {
        collapsed.push(section.dataset.homeKey);
      }
    });
    remember(collapsed);
  }

  function makeToggle(section) {
    var heading = section.querySelector(".home-section__title");
    var body = section.querySelector(".home-section__body");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "home-section__toggle";
    button.setAttribute("data-home-toggle", "");
    button.setAttribute("aria-controls", body.id);
    while (heading.firstChild) {
      button.appendChild(heading.firstChild);
    }
    heading.appendChild(button);
    return button;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.querySelector("[data-home-sections]");
    if (!container) {
      return;
    }
    var sections = Array.prototype.slice.call(container.querySelectorAll(".home-section"));
    var collapsed = remembered();
    sections.forEach(function (section) {
      makeToggle(section).addEventListener("click", function () {
        setOpen(section, section.querySelector(".home-section__body").hidden);
        save(sections);
      });
      setOpen(section, collapsed.indexOf(section.dataset.homeKey) === -1);
    });
    if (sections.length < 2) {
      return;
    }
    var bar = document.createElement("p");
    bar.className = "home-sections__all";
    [["collapseAll", false], ["expandAll", true]].forEach(function (pair) {
      var all = document.createElement("button");
      all.type = "button";
      all.className = "button button--secondary button--small";
      all.textContent = container.dataset[pair[0]];
      all.addEventListener("click", function () {
        sections.forEach(function (section) {
          setOpen(section, pair[1]);
        });
        save(sections);
      });
      bar.appendChild(all);
    });
    container.insertBefore(bar, container.firstChild);
    // A link from the contents (or an e-mail) to a folded section opens it.
    function openTarget() {
      var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
      if (target && target.classList.contains("home-section")) {
        setOpen(target, true);
      }
    }
    window.addEventListener("hashchange", openTarget);
    openTarget();
  });
})();
