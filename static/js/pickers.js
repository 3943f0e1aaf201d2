// Searchable pickers (common/pickers.py): a select with data-search-url asks the server for
// matches as one types; only the chosen options are in the page. Tom Select escapes every label.
(function () {
  function start(select) {
    var url = select.getAttribute("data-search-url");
    var error = "";
    var label = select.labels && select.labels[0] ? select.labels[0].textContent.trim() : "";
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: ["text"],
      maxOptions: 20,
      loadThrottle: 250,
      preload: "focus",
      placeholder: select.getAttribute("data-placeholder"),
      // after a pick, the box is empty for the next name (else "卢" + "郑" is searched as "卢郑")
      onItemAdd: function () {
        this.setTextboxValue("");
        this.refreshOptions(false);
      },
      plugins: select.multiple ? ["remove_button"] : [],
      load: function (query, callback) {
        fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          // a refusal (429 too many searches, 403 signed out) says why instead of "no one"
          .then(function (response) { return response.json(); })
          .then(function (data) { error = data.error || ""; callback(data.results); })
          .catch(function () { error = ""; callback(); });
      },
      render: {
        no_results: function (data, escape) {
          return '<div class="no-results">' + escape(error || select.getAttribute("data-no-results")) + "</div>";
        },
        loading: function (data, escape) {
          return '<div class="spinner-border spinner-border-sm m-2" role="status"><span class="visually-hidden">'
            + escape(select.getAttribute("data-loading")) + "</span></div>";
        },
      },
    });
    // The label now points at the search box; the hidden select keeps its name for screen readers.
    if (label) select.setAttribute("aria-label", label.replace(/\*$/, ""));
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-search-url]").forEach(start);
  });
})();
