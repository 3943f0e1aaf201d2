// 适老化 mode: larger text, more spacing, stronger contrast. Remembered on this device
// (localStorage), applied before the page paints; the button in the top bar switches it. Done in
// the browser, so the public pages stay one cached page for everyone.
(function () {
  var KEY = "portal-elder-mode";
  var root = document.documentElement;
  try {
    if (window.localStorage.getItem(KEY) === "1") root.classList.add("elder");
  } catch (e) {}
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-elder-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", root.classList.contains("elder") ? "true" : "false");
      button.addEventListener("click", function () {
        var on = root.classList.toggle("elder");
        button.setAttribute("aria-pressed", on ? "true" : "false");
        try {
          window.localStorage.setItem(KEY, on ? "1" : "0");
        } catch (e) {}
      });
    });
  });
})();
