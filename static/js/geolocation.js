// The opinion form's "add my position": the phone's position, only when the citizen asks and allows it.
(function () {
  var box = document.querySelector("[data-geo-box]");
  if (!box || !navigator.geolocation) return;
  box.classList.remove("d-none");
  var status = box.querySelector("[data-geo-status]");
  box.querySelector("[data-geo-button]").addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(
      function (position) {
        document.querySelector("[data-geo=latitude]").value = position.coords.latitude.toFixed(6);
        document.querySelector("[data-geo=longitude]").value = position.coords.longitude.toFixed(6);
        status.textContent = status.dataset.found;
      },
      function () {
        status.textContent = status.dataset.failed;
      },
      { enableHighAccuracy: true, timeout: 10000 }
    );
  });
})();
