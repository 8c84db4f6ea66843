/* Drag-and-drop ordering for admin tables whose rows carry an `order` number input
 * (iceinfo/editing/ordering.py marks those inputs with data-iceinfo-order and their strings).
 *
 * Progressive enhancement only: moving a row (drag by its handle with SortableJS, or its
 * Move up / Move down buttons) renumbers the order inputs on the page, and the editor saves
 * with the admin's normal Save button, so the usual save path, history and permissions apply.
 * Without JavaScript the number inputs work as before.
 */
(function () {
  "use strict";

  var INPUT = "input[data-iceinfo-order]";
  var ROW = "iceinfo-order__row";

  function rowsOf(tbody) {
    return Array.prototype.filter.call(tbody.children, function (row) {
      return row.classList.contains(ROW) && !row.classList.contains("empty-form");
    });
  }

  function inputOf(row) {
    return row.querySelector(INPUT);
  }

  /* The page's order numbers, given out again in the rows' new order. Distinct numbers are
   * reused (only the moved rows change, and rows on other pages or hidden by a filter keep
   * their places); otherwise the rows are numbered 10, 20, 30... */
  function renumber(tbody) {
    var inputs = rowsOf(tbody).map(inputOf);
    var values = inputs.map(function (input) { return parseInt(input.value, 10); });
    var usable = values.every(function (value) { return value >= 0; });
    var distinct = usable && new Set(values).size === values.length;
    var numbers;
    if (distinct) {
      numbers = values.slice().sort(function (a, b) { return a - b; });
    } else {
      var known = values.filter(function (value) { return value >= 0; });
      var base = known.length ? Math.floor(Math.min.apply(null, known) / 10) * 10 : 0;
      numbers = inputs.map(function (_input, index) { return base + 10 * (index + 1); });
    }
    inputs.forEach(function (input, index) {
      var value = String(numbers[index]);
      if (input.value !== value) {
        input.value = value;
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  function announce(tbody, row) {
    var status = tbody.iceinfoStatus;
    var rows = rowsOf(tbody);
    var text = status.dataset.template
      .replace("%(position)s", String(rows.indexOf(row) + 1))
      .replace("%(count)s", String(rows.length));
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  /* The row's object, for the buttons' names: a change list row's first column, or an inline
   * row's "original" line without its "View on site" link. */
  function rowName(row) {
    var cell = row.querySelector("th");
    var text = cell ? cell.textContent : "";
    var original = cell ? null : row.querySelector("td.original p");
    if (original) {
      text = Array.prototype.filter.call(original.childNodes, function (node) {
        return node.nodeType === Node.TEXT_NODE;
      }).map(function (node) { return node.textContent; }).join(" ");
    }
    return text.replace(/\s+/g, " ").trim();
  }

  function button(direction, label, name) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "iceinfo-order__move";
    element.dataset.move = direction;
    element.title = label;
    var arrow = document.createElement("span");
    arrow.setAttribute("aria-hidden", "true");
    arrow.textContent = direction === "up" ? "\u2191" : "\u2193";
    var text = document.createElement("span");
    text.className = "visually-hidden";
    text.textContent = name ? label + ": " + name : label;
    element.append(arrow, text);
    return element;
  }

  function enhanceRow(row, input) {
    row.classList.add(ROW);
    var controls = document.createElement("span");
    controls.className = "iceinfo-order__controls";
    var handle = document.createElement("span");
    handle.className = "iceinfo-order__handle";
    handle.setAttribute("aria-hidden", "true");
    handle.title = input.dataset.labelHandle;
    handle.textContent = "\u2195";
    var name = rowName(row);
    input.parentNode.insertBefore(controls, input);
    controls.append(handle, input,
      button("up", input.dataset.labelUp, name), button("down", input.dataset.labelDown, name));
  }

  function move(tbody, row, direction) {
    var rows = rowsOf(tbody);
    var index = rows.indexOf(row);
    if (direction === "up" && index > 0) {
      tbody.insertBefore(row, rows[index - 1]);
    } else if (direction === "down" && index >= 0 && index < rows.length - 1) {
      tbody.insertBefore(rows[index + 1], row);
    } else {
      return;
    }
    renumber(tbody);
    announce(tbody, row);
  }

  function enhanceTable(tbody, first) {
    var table = tbody.closest("table");
    var help = document.createElement("p");
    help.className = "help iceinfo-order__help";
    help.textContent = first.dataset.labelHelp;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.dataset.template = first.dataset.labelMoved;
    table.parentNode.insertBefore(help, table);
    table.parentNode.insertBefore(status, table);
    tbody.iceinfoStatus = status;

    tbody.addEventListener("click", function (event) {
      var control = event.target.closest("button[data-move]");
      if (!control || !tbody.contains(control)) return;
      var row = control.closest("tr");
      move(tbody, row, control.dataset.move);
      var again = row.querySelector('button[data-move="' + control.dataset.move + '"]');
      if (again) again.focus();
    });

    if (window.Sortable) {
      window.Sortable.create(tbody, {
        handle: ".iceinfo-order__handle",
        draggable: "." + ROW,
        animation: 150,
        forceFallback: true,  // mouse and touch events: the same on every browser
        ghostClass: "iceinfo-order__ghost",
        chosenClass: "iceinfo-order__chosen",
        onEnd: function (event) {
          if (event.oldIndex === event.newIndex) return;
          renumber(tbody);
          announce(tbody, event.item);
        },
      });
    }
  }

  function init() {
    var tables = new Map();
    document.querySelectorAll(INPUT).forEach(function (input) {
      var row = input.closest("tr");
      var tbody = row && row.parentNode;
      if (!tbody || tbody.tagName !== "TBODY" || row.classList.contains(ROW)) return;
      enhanceRow(row, input);
      if (!tables.has(tbody)) tables.set(tbody, input);
    });
    tables.forEach(function (first, tbody) { enhanceTable(tbody, first); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
