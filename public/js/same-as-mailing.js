// "Same as the business mailing address" (Owner/Operator form): the address it replaces is hidden while
// the box is ticked. The server copies the business mailing address on save, so without JavaScript the
// fields simply stay in view.
(function () {
  'use strict';
  var boxes = document.querySelectorAll('input[data-same-as-mailing]');
  Array.prototype.forEach.call(boxes, function (box) {
    var address = document.getElementById(box.getAttribute('aria-controls'));
    if (!address) return;
    function sync() { address.hidden = box.checked; }
    box.addEventListener('change', sync);
    sync();
  });
})();
