/* daicho — live evaluation beside the application form (/applications/new,
 * /applications/N/edit). The page works without this script: 「評価を更新」
 * posts the form and the server renders the same panel. Here the form is
 * posted to /api/v1/evaluate as it is filled (debounced), and the server's
 * answer replaces the evaluation panel, the checklist when the requirements
 * that apply change, and the messages beside the fields. The HTML comes from
 * the server's escaping renderer (the same function as the page), never
 * from text typed here. */
'use strict';
(function () {
  /* The printable form's 「印刷する」 button. */
  document.querySelectorAll('[data-print]').forEach(function (el) {
    el.hidden = false;
    el.addEventListener('click', function () { window.print(); });
  });
  var form = document.getElementById('apply-form');
  var panel = document.getElementById('evaluation');
  if (!form || !panel || !window.fetch || !window.URLSearchParams) return;
  var timer = null;
  var seq = 0;

  function csrf() {
    var el = form.querySelector('input[name="csrf"]');
    return el ? el.value : '';
  }

  function fieldErrors(errors) {
    form.querySelectorAll('.field-error.live').forEach(function (el) { el.remove(); });
    form.querySelectorAll('.field.has-error').forEach(function (el) {
      el.classList.remove('has-error');
      el.querySelectorAll('.field-error').forEach(function (e) { e.remove(); });
    });
    (errors || []).forEach(function (e) {
      if (!e.field || e.field.indexOf('answers.') === 0) return;
      var box = form.querySelector('[data-field="' + CSS.escape(e.field) + '"]');
      if (!box) return;
      var p = document.createElement('p');
      p.className = 'field-error live';
      p.setAttribute('role', 'alert');
      p.textContent = e.message;
      box.classList.add('has-error');
      box.appendChild(p);
    });
  }

  function replaceChecklist(html) {
    var current = document.getElementById('checklist');
    if (!current || !html) return;
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var next = doc.getElementById('checklist');
    if (!next) return;
    /* Only when the requirements that apply change: replacing it while
     * someone types evidence would lose the caret for nothing. */
    if (next.getAttribute('data-ids') === current.getAttribute('data-ids')) {
      next.querySelectorAll('.item').forEach(function (item) {
        var id = item.getAttribute('data-item');
        var old = current.querySelector('.item[data-item="' + CSS.escape(id) + '"]');
        if (!old) return;
        old.querySelectorAll('.field-error').forEach(function (e) { e.remove(); });
        item.querySelectorAll('.field-error').forEach(function (e) { old.appendChild(document.importNode(e, true)); });
      });
      return;
    }
    current.replaceWith(document.importNode(next, true));
  }

  function evaluate() {
    var mine = ++seq;
    var body = new URLSearchParams(new FormData(form));
    body.delete('op');
    panel.setAttribute('aria-busy', 'true');
    fetch('/api/v1/evaluate', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': csrf() },
      body: body.toString()
    }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (data) {
      if (mine !== seq || !data) return;   /* a later answer is on its way, or the server refused */
      var doc = new DOMParser().parseFromString('<div>' + data.panel_html + '</div>', 'text/html');
      panel.replaceChildren.apply(panel, Array.prototype.map.call(doc.body.firstChild.childNodes, function (n) {
        return document.importNode(n, true);
      }));
      fieldErrors(data.errors);
      replaceChecklist(data.checklist_html);
    }).catch(function () { /* offline: the button still works */ }).finally(function () {
      if (mine === seq) panel.removeAttribute('aria-busy');
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(evaluate, 500);
  }

  form.addEventListener('change', later);
  form.addEventListener('input', later);
})();
