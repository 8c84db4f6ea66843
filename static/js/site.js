// Site behaviour on top of USWDS. Loaded at the end of <body>, under a strict CSP (no inline code).
(function () {
  "use strict";
  // Close the language menu with Escape and return focus to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var button = document.querySelector(".usa-language__link[aria-expanded='true']");
    if (button) {
      button.click();
      button.focus();
    }
  });
})();
