// Progressive enhancement only; every page works without JavaScript.
(function () {
  'use strict';
  // Error summary pattern: move focus to the summary so screen readers announce it.
  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();
})();
