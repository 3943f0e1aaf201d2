// Print buttons: <button data-print>. A file, not inline script, so a strict CSP holds.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
