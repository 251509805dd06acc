// Names for the admin's autocomplete widgets (select2), which screen readers otherwise
// announce without a name: each takes the label of the select it replaces. Runs after
// Django's own autocomplete.js has set them up, and again for rows added to an inline.
"use strict";
(function () {
  // The admin's words, in the staff member's language (templates/admin/base_site.html).
  function adminText(name, english) {
    const node = document.getElementById("portal-admin-texts");
    return (node && JSON.parse(node.textContent)[name]) || english;
  }

  function labelOf(select) {
    const label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : select.name;
  }

  function name(container) {
    const select = container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") return;
    const text = labelOf(select);
    const selection = container.querySelector(".select2-selection");
    if (selection) {
      selection.removeAttribute("aria-labelledby");
      selection.setAttribute("aria-label", text);
    }
    const rendered = container.querySelector(".select2-selection__rendered");
    if (rendered && rendered.tagName === "SPAN") {
      rendered.removeAttribute("role");
      rendered.removeAttribute("aria-readonly");
    }
    const search = container.querySelector(".select2-search__field");
    if (search) search.setAttribute("aria-label", adminText("search", "Search %(label)s").replace("%(label)s", text));
    // A list may hold only items: move select2's "clear" cross out of the list.
    const list = container.querySelector("ul.select2-selection__rendered");
    if (list) {
      for (const child of Array.from(list.children)) {
        if (child.tagName !== "LI") list.before(child);
      }
    }
  }

  function nameAll() {
    document.querySelectorAll(".select2-container").forEach(name);
  }

  window.addEventListener("load", function () {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
})();
