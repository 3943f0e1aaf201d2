// A background export's page (notifications/export.html): ask for its progress every two seconds
// until the file is ready (or making it failed), then show the download.
(function () {
  var box = document.getElementById("export");
  if (!box) return;
  var bar = box.querySelector("[data-bar]");
  var state = box.querySelector("[data-state]");
  var percent = box.querySelector("[data-percent]");
  var download = box.querySelector("[data-download]");
  function show(s) {
    bar.value = s.percent;
    bar.textContent = s.percent + "%";
    percent.textContent = s.percent + "%";
    state.textContent = s.state_label;
    if (s.download) {
      download.href = s.download;
      download.classList.remove("d-none");
    }
    return s.state === "waiting" || s.state === "running";
  }
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (s) {
        if (s && show(s)) window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  if (show({ state: box.dataset.state || "running", state_label: state.textContent, percent: bar.value, download: download.classList.contains("d-none") ? "" : download.href })) poll();
})();
