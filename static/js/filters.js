/* Filters that apply on change (progressive enhancement of includes/filter_form.html).
 *
 * Without this script the form is a plain GET form with its « Appliquer » button. With it, a
 * change of a checkbox, radio button or list (not typing in a text or number field: those apply
 * with Enter or the button) fetches the same page for the new query and swaps the listing in
 * place: no reload, no jump to the top, the focused control keeps the focus, the address bar
 * follows (history), and a polite live region says how many projects match. Chips and
 * pagination links keep working as plain links. On wide screens the filter panel (a <details>)
 * is opened for browsers that cannot show it through CSS alone.
 */
(function () {
  "use strict";
  var WIDE = window.matchMedia("(min-width: 60em)");

  function openOnWideScreens() {
    if (!WIDE.matches) return;
    document.querySelectorAll(".filters-panel").forEach(function (panel) {
      panel.open = true;
    });
  }
  openOnWideScreens();
  WIDE.addEventListener("change", openOnWideScreens);

  var listing = document.querySelector("[data-filters-listing]");
  if (!listing || !window.fetch || !window.DOMParser) return;
  var status = document.querySelector("[data-filters-status]");
  var pending = null;

  function describe(element) {
    // How to find "the same" control in the new listing.
    if (!element || !listing.contains(element)) return null;
    if (element.name && (element.type === "checkbox" || element.type === "radio")) {
      return 'input[name="' + element.name + '"][value="' + CSS.escape(element.value) + '"]';
    }
    if (element.id) return "#" + CSS.escape(element.id);
    if (element.name) return '[name="' + element.name + '"]';
    return null;
  }

  function load(url, push) {
    if (pending) pending.abort();
    pending = new AbortController();
    var focused = describe(document.activeElement);
    var wasOpen = listing.querySelector(".filters-panel") && listing.querySelector(".filters-panel").open;
    listing.setAttribute("aria-busy", "true");
    return fetch(url, { signal: pending.signal, headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector("[data-filters-listing]");
        if (!fresh) throw new Error("no listing");
        listing.innerHTML = fresh.innerHTML;
        document.title = page.title;
        var panel = listing.querySelector(".filters-panel");
        if (panel && wasOpen) panel.open = true;
        openOnWideScreens();
        if (push) history.pushState({ filters: true }, "", url);
        var target = focused && listing.querySelector(focused);
        if (target) target.focus({ preventScroll: true });
        var heading = listing.querySelector(".results-count");
        if (status && heading) status.textContent = heading.textContent.trim();
      })
      .catch(function (error) {
        if (error.name !== "AbortError") window.location.href = url; // fall back to a normal visit
      })
      .finally(function () {
        listing.removeAttribute("aria-busy");
      });
  }

  function queryOf(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") params.append(name, value);
    });
    var query = params.toString();
    return form.action.split("?")[0] + (query ? "?" + query : "");
  }

  listing.addEventListener("change", function (event) {
    var control = event.target;
    var form = control.form;
    if (!form || !form.hasAttribute("data-auto-apply")) return;
    if (control.type === "search" || control.type === "number" || control.type === "text") return;
    load(queryOf(form), true);
  });

  listing.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-auto-apply")) return;
    event.preventDefault();
    load(queryOf(form), true);
  });

  window.addEventListener("popstate", function () {
    load(window.location.href, false);
  });
})();
