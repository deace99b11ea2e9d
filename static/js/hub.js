/* Small progressive enhancements; every page works without this file. */
(function () {
  "use strict";
  // Filter panels are <details>: folded on a phone so the results come first. On a wide screen
  // the stylesheet shows them beside the results; marking them open tells assistive technology.
  // Ticking a filter reloads nothing (WCAG 3.2.2): the form's Apply button sends it.
  var wide = window.matchMedia("(min-width: 60rem)");
  function sync() {
    document.querySelectorAll("details[data-filters]").forEach(function (details) {
      details.open = wide.matches;
    });
  }
  sync();
  if (wide.addEventListener) { wide.addEventListener("change", sync); }
  // The main menu is open in the HTML (a wrapping list without JavaScript); on a phone it folds
  // behind its "Menu" summary, and opens again when the window becomes wide.
  var wideMenu = window.matchMedia("(min-width: 48rem)");
  var menus = document.querySelectorAll("details[data-fold-narrow]");
  function fold() { menus.forEach(function (menu) { menu.open = wideMenu.matches; }); }
  fold();
  if (wideMenu.addEventListener) { wideMenu.addEventListener("change", fold); }
})();
