/* Draws the map page's SVG choropleth into the page (progressive enhancement).
 *
 * The HTML carries the map as <img data-inline-map src="/territoires/carte.svg?…">: light, cached
 * apart, readable without JavaScript (the table under it has every link). This script fetches the
 * same SVG and puts it in the image's place, so that each département and project is a link
 * again (mouse and keyboard). Same origin only, no inline code: fits the site's CSP.
 */
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser) return;
  document.querySelectorAll("img[data-inline-map]").forEach(function (image) {
    fetch(image.getAttribute("src"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (text) {
        var svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
        if (!svg || svg.nodeName !== "svg") return;
        image.replaceWith(document.importNode(svg, true));
      })
      .catch(function () {
        /* the image stays */
      });
  });
})();
