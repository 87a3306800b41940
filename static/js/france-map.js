/* Draws the map page's SVG choropleth into the page (progressive enhancement), on demand.
 *
 * The HTML carries the map as <img data-inline-map src="/territoires/carte.svg?…">: light, cached
 * apart, readable without JavaScript (the table under it has every link). This script fetches the
 * same SVG and puts it in the image's place, so that each département and project is a link
 * again (mouse and keyboard). It waits for the visitor to reach the map (pointer over it, a touch,
 * or keyboard focus entering the map block: its first stop is the « skip the map » link), so the
 * page's first load never parses a few thousand SVG nodes. Same origin only, no inline code: fits
 * the site's CSP.
 */
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser) return;
  var EVENTS = ["pointerover", "touchstart", "focusin"];

  function inline(image) {
    return fetch(image.getAttribute("src"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (text) {
        var svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
        if (!svg || svg.nodeName !== "svg" || !image.isConnected) return;
        image.replaceWith(document.importNode(svg, true));
      })
      .catch(function () {
        /* the image stays */
      });
  }

  document.querySelectorAll("img[data-inline-map]").forEach(function (image) {
    var block = image.closest(".france-map") || image.parentNode;
    var started = false;
    function start() {
      if (started) return;
      started = true;
      EVENTS.forEach(function (name) {
        block.removeEventListener(name, start);
      });
      inline(image);
    }
    EVENTS.forEach(function (name) {
      block.addEventListener(name, start, { passive: true });
    });
  });
})();
