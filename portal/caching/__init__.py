"""Caching: the page store answered in front of Django, the content generation that retires
stored pages, and the parts of pages rendered once per generation. No module outside this
package knows how pages are stored.
"""
