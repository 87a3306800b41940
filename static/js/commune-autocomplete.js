/*
 * Commune suggestions for the "near a place" form (optional enhancement).
 *
 * The page works fully without this script: the server resolves what was typed
 * (name with or without accents, start of a name, postcode) and lists candidates
 * when several communes match. With it, a native <datalist> offers up to 10 communes
 * as the user types; the browser handles the keyboard and screen-reader behaviour.
 *
 * Markup: <input data-autocomplete-url="/territoires/communes.json"
 *                data-autocomplete-list="<id of an empty datalist>">
 * External file, no inline code: compatible with a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var DELAY_MS = 200;
  var MIN_LENGTH = 2;

  function setup(input) {
    var url = input.getAttribute("data-autocomplete-url");
    var list = document.getElementById(input.getAttribute("data-autocomplete-list"));
    if (!url || !list || !window.fetch) {
      return;
    }
    input.setAttribute("list", list.id);
    var timer = null;
    var lastQuery = "";
    var controller = null;

    function fill(results) {
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      results.forEach(function (commune) {
        var option = document.createElement("option");
        // "Saint-Denis (974)": the server understands the département code in brackets.
        option.value = commune.label;
        if (commune.postcodes && commune.postcodes.length) {
          option.label = commune.label + " · " + commune.postcodes.slice(0, 3).join(", ");
        }
        list.appendChild(option);
      });
    }

    function query() {
      var text = input.value.trim();
      if (text === lastQuery) {
        return;
      }
      lastQuery = text;
      if (text.length < MIN_LENGTH) {
        fill([]);
        return;
      }
      if (controller && controller.abort) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      var address = url + (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(text);
      window
        .fetch(address, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller ? controller.signal : undefined,
        })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (input.value.trim() === text) {
            fill(data.results || []);
          }
        })
        .catch(function () {
          /* Suggestions are a convenience: on any failure the form still works. */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(query, DELAY_MS);
    });
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-autocomplete-url]");
    for (var i = 0; i < inputs.length; i++) {
      setup(inputs[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
