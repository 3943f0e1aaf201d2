// A bookmarked tracking link (/opinions/track/#CODE): fill the code in and look it up. The code
// stays after "#", so it never reaches the server's logs.
(function () {
  var code = decodeURIComponent(window.location.hash.slice(1)).replace(/[^0-9A-Za-z]/g, "");
  var field = document.getElementById("id_code");
  if (!code || !field || field.value) return;
  field.value = code;
  field.form.submit();
})();
