"""Public pages: the helpers every public view uses (preview, old slugs, 400 page, search page,
health), A–Z grouping, fast URLs and the template context.
"""
