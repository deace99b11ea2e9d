/*
 * Page editor hint: when a field is filled in one language only, say so next to the empty
 * one. A hint, never a block: the server repeats the list as a warning after saving. Fields
 * whose translation may be out of date (listed by the server's panel) get a hint too.
 * Loaded by the insert_editor_js hook (hub.partners.hooks); no inline script.
 */
(function () {
  "use strict";
  var LANGS = { en: "English", fr: "French" };
  var lang = (document.documentElement.lang || "en").slice(0, 2);
  var TEXT = lang === "fr"
    ? { en: "Rempli en français seulement\u00a0: pensez à la version anglaise.",
        fr: "Rempli en anglais seulement\u00a0: pensez à la version française." }
    : { en: "Filled in French only: remember the English version.",
        fr: "Filled in English only: remember the French version." };

  function isEmpty(input) {
    var value = (input.value || "").trim();
    if (!value) { return true; }
    if (input.type === "hidden" && value.charAt(0) === "{") {
      try {
        var blocks = JSON.parse(value).blocks || [];
        return !blocks.some(function (b) { return (b.text || "").trim(); });
      } catch (e) { return false; }
    }
    return false;
  }

  function wrapperOf(input) {
    return input.closest("[data-field-wrapper]") || input.closest(".w-field") || input.parentNode;
  }

  function hintFor(input, code) {
    var wrapper = wrapperOf(input);
    var hint = wrapper.querySelector(".hub-translation-hint");
    if (!hint) {
      hint = document.createElement("p");
      hint.className = "hub-translation-hint";
      hint.setAttribute("role", "status");
      hint.hidden = true;
      wrapper.appendChild(hint);
    }
    hint.textContent = TEXT[code];
    return hint;
  }

  function update(pair) {
    var enEmpty = isEmpty(pair.en);
    var frEmpty = isEmpty(pair.fr);
    hintFor(pair.en, "en").hidden = !(enEmpty && !frEmpty);
    hintFor(pair.fr, "fr").hidden = !(frEmpty && !enEmpty);
  }

  var STALE = lang === "fr"
    ? "Peut-être plus à jour\u00a0: le texte de l’autre langue a changé depuis le dernier enregistrement de celui-ci."
    : "May be out of date: the other language's text changed after this one was last saved.";

  // Fields flagged by the server (the "may be out of date" panel at the top of the form).
  function markStale() {
    var panel = document.querySelector("[data-hub-stale-fields]");
    if (!panel) { return; }
    panel.getAttribute("data-hub-stale-fields").split(" ").forEach(function (name) {
      var input = name && document.querySelector("[name='" + name + "']");
      if (!input) { return; }
      var wrapper = wrapperOf(input);
      if (wrapper.querySelector(".hub-stale-hint")) { return; }
      var hint = document.createElement("p");
      hint.className = "hub-translation-hint hub-stale-hint";
      hint.textContent = STALE;
      wrapper.appendChild(hint);
    });
  }

  function init() {
    markStale();
    var form = document.querySelector("form[data-edit-form], form#page-edit-form, .content form");
    if (!form) { return; }
    var inputs = form.querySelectorAll("input[type=text], textarea, input[type=hidden]");
    var byBase = {};
    Array.prototype.forEach.call(inputs, function (input) {
      var match = /^(.+)_(en|fr)$/.exec(input.name || "");
      if (!match || match[1] === "slug" || LANGS[match[2]] === undefined) { return; }
      byBase[match[1]] = byBase[match[1]] || {};
      byBase[match[1]][match[2]] = input;
    });
    Object.keys(byBase).forEach(function (base) {
      var pair = byBase[base];
      if (!pair.en || !pair.fr) { return; }
      [pair.en, pair.fr].forEach(function (input) {
        input.addEventListener("input", function () { update(pair); });
        input.addEventListener("change", function () { update(pair); });
      });
      update(pair);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
