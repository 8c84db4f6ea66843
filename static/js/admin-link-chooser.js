/* The link chooser (iceinfo/editing/chooser.py): find a page, directorate, office, facility or news
 * release by its title and pick it.
 *
 * - In a link group's Link rows ([data-iceinfo-chooser]): picking an item fills the row's hidden
 *   content type and id inputs and shows the item's title, kind and address.
 * - In the rich-text editor's link dialog: a "Link to a page on this site" search under the URL field;
 *   picking an item writes its address (in the field's language) into the URL field.
 *
 * The endpoint answers JSON; everything from it is put into the page as text (textContent), never
 * as HTML. Searches wait for a pause in typing and an older search is cancelled by a newer one.
 */
(function () {
  "use strict";

  var DELAY = 300;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function describe(item, separator) {
    return [item.kind, item.url].concat(item.status ? [item.status] : []).join(separator || " · ");
  }

  /* A search box with its result list and status line, inside `box`; `config` holds the endpoint
   * and the strings (data-chooser-* attributes), `language` the language of the addresses. */
  function attachSearch(box, input, config, language, onChoose) {
    var list = element("ul", "iceinfo-chooser__results");
    var status = element("p", "iceinfo-chooser__status");
    status.setAttribute("role", "status");
    list.hidden = true;
    box.append(list, status);
    var timer = null;
    var controller = null;

    function show(data) {
      list.replaceChildren();
      data.results.forEach(function (item) {
        var choose = element("button", "iceinfo-chooser__result");
        choose.type = "button";
        choose.append(element("span", "iceinfo-chooser__title", item.title),
          element("span", "iceinfo-chooser__meta", describe(item)));
        choose.addEventListener("click", function () {
          onChoose(item);
          list.replaceChildren();
          list.hidden = true;
          input.value = "";
          status.textContent = "";
        });
        var row = element("li");
        row.append(choose);
        list.append(row);
      });
      list.hidden = !data.results.length;
      var text = data.results.length
        ? config.chooserCount.replace("%(count)s", String(data.results.length))
        : config.chooserNone;
      status.textContent = data.more ? text + " " + config.chooserMore : text;
    }

    function run() {
      window.clearTimeout(timer);
      if (controller) controller.abort();
      controller = new AbortController();
      var query = new URLSearchParams({ q: input.value.trim().slice(0, 100) });
      if (language) query.set("language", language);
      fetch(config.chooserUrl + "?" + query.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller.signal,
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(show)
        .catch(function (error) {
          if (error.name === "AbortError") return;
          list.replaceChildren();
          list.hidden = true;
          status.textContent = config.chooserError;
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {  // search now; never submit the form around the box
        event.preventDefault();
        run();
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        event.stopPropagation();
        list.hidden = true;
      }
    });
    input.addEventListener("focus", function () {
      if (!input.value && !list.children.length) run();  // the latest edited items, before typing
    });
  }

  /* --- Link rows of a link group ------------------------------------------------------------ */
  function sibling(input, name) {
    return document.getElementById(input.id.replace(/chooser$/, name));
  }

  function setValue(input, value) {
    if (!input || input.value === value) return;
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function showCurrent(box, config, item) {
    var current = box.querySelector("[data-chooser-current]");
    current.replaceChildren();
    if (item) {
      current.append(element("span", "iceinfo-chooser__title", item.title), " ",
        element("span", "iceinfo-chooser__meta", describe(item)));
    } else {
      current.append(element("span", "iceinfo-chooser__meta", config.chooserNothing));
    }
    var clear = box.querySelector(".iceinfo-chooser__clear");
    if (clear) clear.hidden = !item;
  }

  function enhanceRow(box) {
    if (box.dataset.enhanced || box.closest(".empty-form")) return;
    box.dataset.enhanced = "true";
    var config = box.dataset;
    var input = box.querySelector("input.iceinfo-chooser__search");
    var clear = element("button", "iceinfo-chooser__clear", config.chooserClear);
    clear.type = "button";
    var contentType = sibling(input, "content_type");
    clear.hidden = !(contentType && contentType.value);
    clear.addEventListener("click", function () {
      setValue(sibling(input, "content_type"), "");
      setValue(sibling(input, "object_id"), "");
      showCurrent(box, config, null);
      input.focus();
    });
    box.querySelector("[data-chooser-current]").after(clear);
    // Addresses as the admin's language shows them (a Link follows the visitor's language by itself).
    attachSearch(box, input, config, "", function (item) {
      setValue(sibling(input, "content_type"), String(item.content_type));
      setValue(sibling(input, "object_id"), String(item.object_id));
      showCurrent(box, config, item);
      clear.focus();
    });
  }

  /* --- The rich-text editor's link dialog --------------------------------------------------- */
  function enhanceDialog(dialog) {
    var href = dialog.querySelector('input[name="href"]');
    var editor = dialog.closest(".prose-editor");
    var textarea = editor && editor.querySelector("textarea[data-chooser-url]");
    if (!href || !textarea || dialog.querySelector(".iceinfo-chooser")) return;
    var config = textarea.dataset;
    var box = element("div", "prose-editor-dialog-field iceinfo-chooser iceinfo-chooser--dialog");
    var input = element("input", "iceinfo-chooser__search");
    input.type = "search";
    input.autocomplete = "off";
    input.id = href.id + "-chooser";
    input.placeholder = config.chooserPlaceholder;
    var label = element("label", "", config.chooserLinkLabel);
    label.htmlFor = input.id;
    box.append(label, input);
    (href.closest(".prose-editor-dialog-field") || href).after(box);
    // The address in the language of the text being edited (the field's lang attribute).
    var language = textarea.getAttribute("lang") || "en";
    attachSearch(box, input, config, language, function (item) {
      href.value = item.url;
      href.dispatchEvent(new Event("input", { bubbles: true }));
      href.focus();
    });
  }

  function scan(root) {
    if (!root.querySelectorAll) return;
    if (root.matches && root.matches("[data-iceinfo-chooser]")) enhanceRow(root);
    root.querySelectorAll("[data-iceinfo-chooser]").forEach(enhanceRow);
    if (root.matches && root.matches("dialog.prose-editor-dialog")) enhanceDialog(root);
    root.querySelectorAll("dialog.prose-editor-dialog").forEach(enhanceDialog);
  }

  function init() {
    scan(document);
    // Rows added with "Add another Link" and the editor's dialogs appear later.
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(function (node) {
          if (node.nodeType === Node.ELEMENT_NODE) scan(node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
