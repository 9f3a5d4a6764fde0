// Public pages: a "Print" button (CSP forbids inline handlers, so it is wired here).
document.querySelectorAll('[data-print]').forEach(function (button) {
  button.hidden = false;
  button.addEventListener('click', function () { window.print(); });
});
