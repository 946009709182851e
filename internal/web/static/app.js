// Progressive enhancement only: every form works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Put the keyboard on the first field with an error.
  var bad = document.querySelector("[aria-invalid=true]");
  if (bad) bad.focus();
});
