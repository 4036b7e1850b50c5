// File inputs keep their visible label as their accessible name.
// The USWDS file input script names the input after its drop zone with aria-label
// ("Drag file here or choose from folder", then "Change file"), which hides the label
// ("Inventory spreadsheet") from screen readers and speech input: WCAG 2.5.3 Label in
// Name (https://www.w3.org/WAI/WCAG22/Understanding/label-in-name.html). Here the label
// names the input again and the drop-zone words, whenever USWDS sets them, move into
// its description, after the hint and any error.
(function () {
  'use strict';
  if (!window.MutationObserver) return;
  var inputs = document.querySelectorAll('input.usa-file-input, input.usa-file-input__input');
  Array.prototype.forEach.call(inputs, function (input) {
    var label = input.labels && input.labels[0];
    if (!label) return;
    if (!label.id) label.id = input.id + '-label';
    var action = document.createElement('span');
    action.id = input.id + '-action';
    action.hidden = true; // still read as part of the description it is referenced from
    label.parentNode.insertBefore(action, label.nextSibling);
    input.setAttribute('aria-labelledby', label.id);
    var describedBy = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    describedBy.push(action.id);
    input.setAttribute('aria-describedby', describedBy.join(' '));
    function moveDropZoneWords() {
      var words = input.getAttribute('aria-label');
      if (words === null) return;
      action.textContent = words;
      input.removeAttribute('aria-label');
    }
    moveDropZoneWords();
    new MutationObserver(moveDropZoneWords).observe(input, { attributes: true, attributeFilter: ['aria-label'] });
  });
})();
