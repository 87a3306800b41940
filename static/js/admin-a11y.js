/*
 * Accessible names for the admin's search-as-you-type selects (select2, Django's autocomplete).
 *
 * select2 hides the real <select> and shows a role="combobox" whose name is only the chosen
 * value: empty for a new row, so a screen reader announces "combobox" alone (axe rule
 * aria-input-field-name). Each combobox is named by the label of its <select> (or, in the rows
 * of a table inline, by the select's aria-label set on the server), followed by its value.
 * Each combobox is named as select2 inserts it (MutationObserver): on load and in new inline rows.
 */
(function () {
  "use strict";

  var counter = 0;

  function name(select) {
    var container = select.nextElementSibling;
    var selection = container && container.classList.contains("select2") ? container.querySelector(".select2-selection") : null;
    if (!selection || selection.getAttribute("data-named")) {
      return;
    }
    var valueId = selection.getAttribute("aria-labelledby");
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label) {
      if (!label.id) {
        counter += 1;
        label.id = "select2-label-" + counter;
      }
      selection.setAttribute("aria-labelledby", valueId ? label.id + " " + valueId : label.id);
      // The value's own box (role="textbox") is named by the label too.
      var value = valueId ? document.getElementById(valueId) : null;
      if (value) {
        value.setAttribute("aria-labelledby", label.id);
      }
    } else if (select.getAttribute("aria-label")) {
      selection.removeAttribute("aria-labelledby");
      selection.setAttribute("aria-label", select.getAttribute("aria-label"));
      var rendered = valueId ? document.getElementById(valueId) : null;
      if (rendered) {
        rendered.setAttribute("aria-label", select.getAttribute("aria-label"));
      }
    }
    selection.setAttribute("data-named", "1");
  }

  function nameAll(root) {
    var selects = (root || document).querySelectorAll("select.admin-autocomplete");
    Array.prototype.forEach.call(selects, function (select) {
      if (select.name.indexOf("__prefix__") === -1) {
        name(select);
      }
    });
  }

  // select2 builds its combobox when jQuery is ready, or when a row is added: watch for it.
  function watch() {
    nameAll(document);
    if (!window.MutationObserver) {
      return;
    }
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        Array.prototype.forEach.call(mutation.addedNodes, function (node) {
          if (node.nodeType === 1 && node.classList.contains("select2") && node.previousElementSibling) {
            name(node.previousElementSibling);
          }
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
