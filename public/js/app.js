// Progressive enhancement only; every page works without JavaScript.
(function () {
  'use strict';
  // Error summary pattern: move focus to the summary so screen readers announce it.
  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();
})();

// Upload progress: poll the status while a file is read in the background, then show the preview.
(function () {
  'use strict';
  var box = document.querySelector('[data-upload-status]');
  if (!box || !window.fetch) return;
  var bar = document.getElementById('upload-progress');
  var text = document.getElementById('upload-progress-text');
  function poll() {
    fetch(box.getAttribute('data-upload-status'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.value = s.percent;
        bar.textContent = s.percent + '%';
        text.textContent = s.text;
        if (s.working) setTimeout(poll, 1000);
        else window.location.reload();
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
