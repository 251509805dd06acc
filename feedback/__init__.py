"""Patients' feedback on content pages: "Was this page helpful?", stored with the version
read, personal data removed, and reports of possible medical errors routed to the page's
medical reviewer (docs/editing.md, "Feedback")."""
