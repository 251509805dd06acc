/* Move up / Move down buttons beside each position number of an ordered inline (curated
   guides, treatments, care team, components, sources). They swap the numbers with the
   neighbouring row and move the row, so the order on screen is the order that is saved.
   Without JavaScript the numbers work as they are: the server renumbers them 1..n. */
(function () {
  "use strict";

  // The admin's words for the buttons, in the staff member's language (templates/admin/base_site.html).
  function adminText(name, english) {
    var node = document.getElementById("portal-admin-texts");
    return (node && JSON.parse(node.textContent)[name]) || english;
  }

  function rowOf(input) {
    return input.closest("tr.form-row, .inline-related");
  }

  function siblings(input) {
    var prefix = input.name.replace(/-\d+-position$/, "");
    return Array.prototype.filter.call(
      document.querySelectorAll('input[name^="' + prefix + '-"][name$="-position"]'),
      function (other) { return other.name.indexOf("__prefix__") === -1; }
    ).sort(function (a, b) { return (Number(a.value) || 1e9) - (Number(b.value) || 1e9); });
  }

  function move(input, step) {
    var ordered = siblings(input);
    var index = ordered.indexOf(input);
    var other = ordered[index + step];
    if (!other) { return; }
    ordered.forEach(function (field, position) { if (!field.value || field.value === "0") { field.value = String(position + 1); } });
    var value = input.value;
    input.value = other.value;
    other.value = value;
    var row = rowOf(input), otherRow = rowOf(other);
    if (row && otherRow && row.parentNode === otherRow.parentNode) {
      if (step < 0) { otherRow.parentNode.insertBefore(row, otherRow); } else { otherRow.parentNode.insertBefore(otherRow, row); }
    }
    input.focus();
  }

  function button(label, text, input, step) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "position-move";
    element.textContent = text;
    element.setAttribute("aria-label", label);
    element.addEventListener("click", function () { move(input, step); });
    return element;
  }

  function enhance() {
    document.querySelectorAll('input[name$="-position"]').forEach(function (input) {
      if (input.name.indexOf("__prefix__") !== -1 || input.dataset.positionButtons) { return; }
      input.dataset.positionButtons = "1";
      input.after(button(adminText("move_up", "Move up"), "↑", input, -1),
                  button(adminText("move_down", "Move down"), "↓", input, 1));
    });
  }

  document.addEventListener("DOMContentLoaded", enhance);
  document.addEventListener("formset:added", enhance);
})();
