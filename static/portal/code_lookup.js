// Suggestions for ICD-10-CM code fields in the admin: type a code or words of its
// description, pick a code from the list. Works without this script as a plain text field.
(function () {
  "use strict";
  var list = null;
  var timer = null;

  function ensureList() {
    if (!list) {
      list = document.createElement("datalist");
      list.id = "icd10cm-suggestions";
      document.body.appendChild(list);
    }
    return list;
  }

  function systemOf(input) {
    var row = input.closest("tr");
    var select = row ? row.querySelector("select[name$='-system']") : null;
    return select ? select.value : "";
  }

  function suggest(input) {
    if (systemOf(input) !== "icd10cm" || input.value.trim().length < 2) {
      return;
    }
    var url = input.dataset.icd10cmLookup + "?q=" + encodeURIComponent(input.value.trim());
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        var target = ensureList();
        target.replaceChildren();
        data.results.forEach(function (item) {
          var option = document.createElement("option");
          option.value = item.code;
          option.label = item.code + " " + item.description;
          option.textContent = item.code + " " + item.description;
          target.appendChild(option);
        });
      });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-icd10cm-lookup]")) {
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(function () { suggest(input); }, 200);
  });
})();
