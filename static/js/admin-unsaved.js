/* Nothing typed in an admin change form is lost (issue #21):
 *
 * - leaving a form with unsaved changes asks first (the browser's own "Leave site?" prompt);
 * - while the editor types, a copy of the form's values is kept in this browser's localStorage,
 *   keyed by the form's address. If the save does not happen (the session expired and Save went to
 *   the sign-in page, the tab was closed, the network failed), opening the form again offers the
 *   copy back ("Restore"). The copy is dropped after a save the admin confirms with a message.
 *
 * Strings come from the #iceinfo-unsaved element (templates/admin/change_form.html), in the admin's
 * language. Files and passwords are never copied; the CSRF token never restored.
 */
(function () {
  "use strict";

  var PREFIX = "iceinfo-unsaved:";
  var SUBMITTED = "iceinfo-submitted:";
  var SKIP_TYPES = { file: 1, password: 1, submit: 1, button: 1, reset: 1, image: 1 };
  var SKIP_NAMES = /^(csrfmiddlewaretoken|_.*)$|-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/;

  function storage(kind) {
    try {
      var store = window[kind];
      store.setItem("iceinfo-test", "1");
      store.removeItem("iceinfo-test");
      return store;
    } catch (error) {
      return null; // private mode, quota, disabled: the warning on leaving still works
    }
  }

  var local = storage("localStorage");
  var session = storage("sessionStorage");

  // The rich-text editors (modules) start before DOMContentLoaded: listen from the start.
  var editors = new Map();
  document.addEventListener("prose-editor:ready", function (event) {
    editors.set(event.detail.textarea, event.detail.editor);
  });

  /* A save the admin confirmed (its success or draft message) ends the copies submitted from here. */
  function clearConfirmedSaves() {
    if (!session || !local) return;
    var confirmed = document.querySelector(".messagelist .success, .messagelist .warning, .messagelist .info");
    var failed = document.querySelector(".errornote, .errorlist, form#login-form");
    for (var index = session.length - 1; index >= 0; index -= 1) {
      var name = session.key(index);
      if (name && name.indexOf(SUBMITTED) === 0 && confirmed && !failed) {
        local.removeItem(PREFIX + name.slice(SUBMITTED.length));
        session.removeItem(name);
      }
    }
  }

  function snapshot(form) {
    var values = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.disabled || SKIP_TYPES[element.type] || SKIP_NAMES.test(element.name)) return;
      if (element.type === "checkbox" || element.type === "radio") {
        values.push([element.name, element.value, element.checked]);
      } else if (element.type === "select-multiple") {
        values.push([element.name, Array.prototype.filter.call(element.options, function (option) {
          return option.selected;
        }).map(function (option) { return option.value; })]);
      } else {
        values.push([element.name, element.value]);
      }
    });
    return values;
  }

  function restore(form, values, editors) {
    values.forEach(function (entry) {
      var name = entry[0];
      var matches = Array.prototype.filter.call(form.elements, function (element) { return element.name === name; });
      matches.forEach(function (element) {
        if (element.type === "checkbox" || element.type === "radio") {
          if (element.value === entry[1]) element.checked = entry[2];
        } else if (element.type === "select-multiple") {
          Array.prototype.forEach.call(element.options, function (option) {
            option.selected = entry[1].indexOf(option.value) !== -1;
          });
        } else if (editors.has(element)) {
          editors.get(element).commands.setContent(entry[1], true);
          element.value = entry[1];
        } else {
          element.value = entry[1];
        }
        element.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  function offer(form, key, saved, initial, editors) {
    var strings = document.getElementById("iceinfo-unsaved");
    if (!strings) return;
    var box = document.createElement("div");
    box.className = "iceinfo-unsaved";
    box.setAttribute("role", "alert");
    var text = document.createElement("p");
    var when = new Date(saved.time);
    text.textContent = strings.dataset.offer.replace("%(time)s", when.toLocaleString(document.documentElement.lang || undefined));
    var restoreButton = document.createElement("button");
    restoreButton.type = "button";
    restoreButton.className = "button iceinfo-unsaved__restore";
    restoreButton.textContent = strings.dataset.restore;
    var discardButton = document.createElement("button");
    discardButton.type = "button";
    discardButton.className = "button iceinfo-unsaved__discard";
    discardButton.textContent = strings.dataset.discard;
    restoreButton.addEventListener("click", function () {
      restore(form, saved.values, editors);
      box.remove();
    });
    discardButton.addEventListener("click", function () {
      local.removeItem(key);
      initial.value = JSON.stringify(snapshot(form));
      box.remove();
    });
    box.append(text, restoreButton, " ", discardButton);
    form.parentNode.insertBefore(box, form);
  }

  function start() {
    clearConfirmedSaves();
    var form = document.querySelector("#content-main form[id$='_form'][method='post']");
    if (!form) return;
    var key = PREFIX + window.location.pathname;
    var initial = { value: null };
    var submitting = false;
    var timer = null;

    function changed() {
      return initial.value !== null && JSON.stringify(snapshot(form)) !== initial.value;
    }

    function keep() {
      timer = null;
      if (!local || initial.value === null) return;
      if (changed()) {
        local.setItem(key, JSON.stringify({ time: Date.now(), values: snapshot(form) }));
      }
    }

    function schedule() {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(keep, 500);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    form.addEventListener("submit", function () {
      submitting = true;
      keep(); // the copy stays until the admin confirms the save
      if (session) session.setItem(SUBMITTED + window.location.pathname, "1");
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || !changed()) return;
      keep();
      event.preventDefault();
      event.returnValue = "";
    });

    // The rich-text editors are modules: take the form's starting values once they have run.
    window.addEventListener("load", function () {
      window.setTimeout(function () {
        initial.value = JSON.stringify(snapshot(form));
        var raw = local && local.getItem(key);
        var saved = null;
        try {
          saved = raw && JSON.parse(raw);
        } catch (error) {
          saved = null;
        }
        if (!saved || !saved.values) return;
        if (document.querySelector(".errornote") || JSON.stringify(saved.values) === initial.value) {
          return; // the form already shows what was typed
        }
        offer(form, key, saved, initial, editors);
      }, 0);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
