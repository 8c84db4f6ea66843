/* Change lists on a phone (static/css/admin-structure.css): each cell carries its column's heading
 * (data-label), so a row can be shown as a block of "heading: value" lines, Status and Order
 * included, instead of a table that scrolls sideways. */
(function () {
  "use strict";

  function init() {
    var table = document.getElementById("result_list");
    if (!table || !table.tHead) return;
    var headings = Array.prototype.map.call(table.tHead.rows[0].cells, function (cell) {
      return cell.classList.contains("action-checkbox-column") ? "" : cell.textContent.replace(/\s+/g, " ").trim();
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          if (headings[index]) cell.dataset.label = headings[index];
        });
      });
    });
    table.classList.add("iceinfo-stacked");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
