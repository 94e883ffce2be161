/* daicho — small helpers; every page works without this script. */
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  /* Buttons that need a confirmation carry data-confirm. */
  document.querySelectorAll('[data-confirm]').forEach(function (el) {
    el.addEventListener('click', function (ev) {
      if (!window.confirm(el.getAttribute('data-confirm'))) ev.preventDefault();
    });
  });
});
