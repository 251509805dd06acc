"""Text: the one Markdown path, glossary terms explained on pages, reading grades for editors,
and plain-text helpers (slugs, dates, XML-safe text).
"""
