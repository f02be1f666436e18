// The web interface works without this script; it only adds conveniences.
// Served from the binary itself; the Content-Security-Policy allows no other.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  // "Select all" checkboxes: data-select-all names the checkboxes they toggle.
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var name = all.getAttribute("data-select-all");
    all.addEventListener("change", function () {
      document.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
        box.checked = all.checked;
      });
    });
  });
  // Buttons that ask before doing something that cannot be undone.
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
});
