/* Language tabs of the admin's translated fields (django-modeltranslation), issue #21:
 * - each tab shows the language's name (in the admin's language), not its code (TL, HT, ZH-HANT);
 * - the chosen language is remembered for this form (sessionStorage), so after "Save and continue
 *   editing" the form opens on the same language instead of jumping back to the first tab.
 * The language code stays on each tab as data-language; modeltranslation gives each tab's link a
 * title with the language's name (Intl.DisplayNames), which becomes its text.
 */
(function () {
  "use strict";

  var KEY = "iceinfo-language-tab:" + window.location.pathname;

  function store() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null;
    }
  }

  function name(code) {
    var tag = code.replace("_", "-");
    try {
      return new Intl.DisplayNames([document.documentElement.lang || "en", "en"], { type: "language" }).of(tag);
    } catch (error) {
      return tag.toUpperCase();
    }
  }

  function start() {
    var links = document.querySelectorAll(".ui-tabs-nav li a[href^='#tab_']");
    if (!links.length) return;
    Array.prototype.forEach.call(links, function (link) {
      var code = link.textContent.trim().toLowerCase();
      link.dataset.language = code;
      link.setAttribute("lang", document.documentElement.lang || "en");
      link.textContent = link.title || name(code);
    });
    var select = document.getElementById("modeltranslation-main-switch");
    if (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        option.textContent = name(option.textContent.trim().toLowerCase());
      });
    }
    if (select) tabularSwitches(select);
    var storage = store();
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest(".ui-tabs-nav li a[data-language]");
      if (link && storage) storage.setItem(KEY, link.dataset.language);
    });
    var chosen = storage && storage.getItem(KEY);
    if (!chosen || document.querySelector(".errornote")) return; // errors: modeltranslation shows their tab
    Array.prototype.forEach.call(document.querySelectorAll(".ui-tabs-nav"), function (nav) {
      var link = nav.querySelector("a[data-language='" + chosen + "']");
      if (link) link.click();
    });
  }

  /* A table of inline rows (a link group's links) would show a row of 12 tabs in every translated
   * cell, which made the table 2,300 px wide. There the cells' tabs are hidden (CSS, except a cell
   * whose tabs mark an error) and one labelled menu above the table picks the language of every
   * text column, as modeltranslation's main switch does for the whole form. */
  function tabularSwitches(main) {
    document.querySelectorAll("div.inline-group div.tabular").forEach(function (group) {
      var table = group.querySelector("table");
      if (!table || !table.querySelector("td .ui-tabs-nav") || group.querySelector(".iceinfo-tabular-language")) return;
      group.classList.add("iceinfo-tabular-tabs");
      var wrapper = document.createElement("p");
      wrapper.className = "iceinfo-tabular-language";
      var label = document.createElement("label");
      var own = main.cloneNode(true);
      own.removeAttribute("id");
      own.id = (group.id || "inline") + "-language";
      label.htmlFor = own.id;
      var strings = document.getElementById("iceinfo-tabular-strings");
      label.textContent = strings ? strings.dataset.language : "";
      own.value = main.value;
      own.addEventListener("change", function () {
        main.value = own.value;
        main.dispatchEvent(new Event("change", { bubbles: true }));
      });
      own.addEventListener("focus", function () { own.value = main.value; });
      document.addEventListener("click", function () { window.setTimeout(function () { own.value = main.value; }, 0); });
      wrapper.append(label, " ", own);
      table.parentNode.insertBefore(wrapper, table);
    });
  }

  // modeltranslation builds the tabs when the DOM is ready (jQuery); run after it.
  window.addEventListener("load", function () { window.setTimeout(start, 0); });
})();
