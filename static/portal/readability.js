/* The readability panel beside each Markdown preview, the summary and a term's definition (docs/editing.md).
   While the editor types it asks /markdownx/readability/ for the reading grade, the word
   count, sentences over 25 words and medical words used without an explanation. */
(function () {
  "use strict";
  var ENDPOINT = "/markdownx/readability/";
  var DELAY = 600;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function modelLabel() {
    var app = "", model = "";
    document.body.className.split(/\s+/).forEach(function (name) {
      if (name.indexOf("app-") === 0) { app = name.slice(4); }
      if (name.indexOf("model-") === 0) { model = name.slice(6); }
    });
    return app && model ? app + "." + model : "";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function plural(count, noun) {
    return count + " " + noun + (count === 1 ? "" : "s");
  }

  function show(panel, data) {
    panel.textContent = "";
    var summary = element("p", "readability-summary");
    if (data.grade === null) {
      summary.textContent = "Reading grade: write a sentence to see it.";
    } else {
      summary.textContent = "Reading grade " + data.grade + " (Flesch–Kincaid)" +
        (data.smog === null ? "" : ", SMOG " + data.smog) + "; target " + data.target + ". ";
      var verdict;
      if (data.too_short_to_judge) {
        verdict = element("span", "", (data.grade > data.target ? "Above the target, but too short" : "Too short") +
          " to judge: the target applies from 100 words.");
      } else {
        verdict = element("strong", data.above_target ? "readability-above" : "readability-ok",
          data.above_target ? "Above the target: shorter sentences and plainer words will help."
                            : "Within the target.");
      }
      summary.appendChild(verdict);
    }
    panel.appendChild(summary);
    panel.appendChild(element("p", "", plural(data.words, "word") + " in " + plural(data.sentences, "sentence") + "."));
    if (data.long_sentences.length) {
      panel.appendChild(element("p", "", "Sentences over 25 words:"));
      var list = element("ul", "readability-long");
      data.long_sentences.forEach(function (sentence) {
        var item = element("li");
        item.appendChild(element("mark", "", sentence.text));
        item.appendChild(document.createTextNode(" (" + sentence.words + " words)"));
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
    if (data.unexplained_terms.length) {
      panel.appendChild(element("p", "", "Medical words used without an explanation:"));
      var terms = element("ul", "readability-terms");
      data.unexplained_terms.forEach(function (term) {
        terms.appendChild(element("li", "", term.term + (term.in_glossary
          ? " (in the glossary: patients see its definition at the end of the page)"
          : " (not in the glossary: explain it in the text)")));
      });
      panel.appendChild(terms);
    }
  }

  function attach(field, after, format) {
    var panel = element("div", "readability");
    panel.setAttribute("role", "status");  // announced politely when it changes
    panel.setAttribute("aria-label", "Readability");
    // Below the field's row, not beside it: the input keeps its full width.
    var anchor = after.closest(".flex-container") || after;
    anchor.parentNode.insertBefore(panel, anchor.nextSibling);
    var timer = null;
    var latest = 0;

    function check() {
      var request = ++latest;
      var body = new URLSearchParams();
      body.append("content", field.value);
      body.append("format", format);
      body.append("model", modelLabel());
      var kind = document.getElementById("id_kind");
      if (kind) { body.append("kind", kind.value); }
      fetch(ENDPOINT, {
        method: "POST",
        credentials: "same-origin",
        headers: {"X-CSRFToken": csrfToken()},
        body: body
      }).then(function (response) {
        return response.json().then(function (data) { return {ok: response.ok, data: data}; });
      }).then(function (result) {
        if (request !== latest) { return; }
        if (result.ok) { show(panel, result.data); }
        else { panel.textContent = result.data.error || "The readability check failed."; }
      }).catch(function () {
        if (request === latest) { panel.textContent = "The readability check is not available right now."; }
      });
    }

    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, DELAY);
    });
    var kind = document.getElementById("id_kind");
    if (kind) { kind.addEventListener("change", check); }
    check();
  }

  function init() {
    document.querySelectorAll(".markdownx").forEach(function (container) {
      var field = container.querySelector("textarea");
      var preview = container.querySelector(".markdownx-preview");
      if (field && preview && field.name.indexOf("__prefix__") === -1) { attach(field, preview, "markdown"); }
    });
    // Plain-text fields patients read: a summary, a glossary term's definition.
    ["id_summary", "id_definition"].forEach(function (id) {
      var field = document.getElementById(id);
      if (field) { attach(field, field, "plain"); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
