/* The readability panel beside each Markdown preview, the summary and a term's definition (docs/editing.md).
   While the editor types it asks /markdownx/readability/ for the score on the measure of the
   item's language (a reading grade in English, INFLESZ in Spanish), the word count, sentences
   over 25 words and medical words used without an explanation. */
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

  // The language of the item being edited (templates/admin/portal/change_form.html); none on
  // an add form, where the endpoint takes the source language, the one new items are written in.
  function itemLanguage() {
    var node = document.getElementById("portal-item-language");
    return node ? node.getAttribute("data-language") : "";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // The admin's words, in the staff member's language (templates/admin/base_site.html).
  function adminText(name, english) {
    var node = document.getElementById("portal-admin-texts");
    return (node && JSON.parse(node.textContent)[name]) || english;
  }

  // The endpoint words the panel in the staff member's language (data.text, with a note for
  // each long sentence and each medical word); this only lays it out.
  function show(panel, data) {
    var text = data.text;
    panel.textContent = "";
    var summary = element("p", "readability-summary", text.summary);
    if (data.score !== null) {
      summary.textContent = text.summary + " ";
      summary.appendChild(data.too_short_to_judge
        ? element("span", "", text.verdict)
        : element("strong", data.above_target ? "readability-above" : "readability-ok", text.verdict));
    }
    panel.appendChild(summary);
    panel.appendChild(element("p", "", text.counts));
    if (data.long_sentences.length) {
      panel.appendChild(element("p", "", text.long_sentences));
      var list = element("ul", "readability-long");
      data.long_sentences.forEach(function (sentence, index) {
        var item = element("li");
        item.appendChild(element("mark", "", sentence.text));
        item.appendChild(document.createTextNode(" " + text.sentence_notes[index]));
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
    if (data.unexplained_terms.length) {
      panel.appendChild(element("p", "", text.unexplained_terms));
      var terms = element("ul", "readability-terms");
      data.unexplained_terms.forEach(function (term, index) {
        terms.appendChild(element("li", "", term.term + " " + text.term_notes[index]));
      });
      panel.appendChild(terms);
    }
    if (data.alt_text && data.alt_text.length) {
      panel.appendChild(element("p", "", text.alt_text));
      var images = element("ul", "readability-alt-text");
      data.alt_text.forEach(function (problem, index) {
        var item = element("li");
        item.appendChild(element("mark", "", problem.alt));
        item.appendChild(document.createTextNode(" " + text.alt_text_notes[index]));
        images.appendChild(item);
      });
      panel.appendChild(images);
    }
  }

  function attach(field, after, format) {
    var panel = element("div", "readability");
    panel.setAttribute("role", "status");  // announced politely when it changes
    panel.setAttribute("aria-label", adminText("readability", "Readability"));
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
      var language = itemLanguage();
      if (language) { body.append("language", language); }
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
        else { panel.textContent = result.data.error || adminText("readability_failed", "The readability check failed."); }
      }).catch(function () {
        if (request === latest) {
          panel.textContent = adminText("readability_unavailable", "The readability check is not available right now.");
        }
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
