/* daicho — live evaluation beside the web-meeting planning form
 * (/meetings/new). The page works without this script: 「評価する」 posts the
 * form and the server renders the result panel. Here the same form is
 * posted (action=evaluate) as it is filled, debounced, and the panel of the
 * server's answer replaces the current one: the HTML comes from the
 * server's escaping renderer, never from text typed here. */
'use strict';
(function () {
  /* The checklist's 「印刷する」 button. */
  document.querySelectorAll('[data-meeting-print]').forEach(function (el) {
    el.hidden = false;
    el.addEventListener('click', function () { window.print(); });
  });
  var form = document.getElementById('meeting-form');
  var panel = document.querySelector('.meeting-panel');
  if (!form || !panel || !window.fetch || !window.URLSearchParams || !window.DOMParser) return;
  var timer = null;
  var seq = 0;

  function evaluate() {
    var mine = ++seq;
    var body = new URLSearchParams(new FormData(form));
    body.set('action', 'evaluate');
    panel.setAttribute('aria-busy', 'true');
    fetch(form.getAttribute('action'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString()
    }).then(function (r) {
      return r.text();
    }).then(function (text) {
      if (mine !== seq) return;   /* a later answer is on its way */
      var doc = new DOMParser().parseFromString(text, 'text/html');
      var next = doc.querySelector('.meeting-panel');
      var error = doc.querySelector('.meeting-error');
      if (!next) return;
      panel.replaceChildren.apply(panel, Array.prototype.map.call(next.childNodes, function (n) {
        return document.importNode(n, true);
      }));
      var shown = document.querySelector('.meeting-error');
      if (shown) shown.remove();
      if (error) form.parentNode.parentNode.insertBefore(document.importNode(error, true), form.parentNode);
    }).catch(function () { /* offline: the button still works */ }).finally(function () {
      if (mine === seq) panel.removeAttribute('aria-busy');
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(evaluate, 400);
  }

  form.addEventListener('change', later);
  form.addEventListener('input', later);
})();
