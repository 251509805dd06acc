"""Editors' reports in the admin."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from portal.admin_urls import admin_url
from portal.publishing.references import broken_links


def broken_links_report(request: HttpRequest) -> HttpResponse:
    """Internal links to missing or unpublished objects, and links whose address was removed
    as unsafe (staff only: config/urls.py wraps it in the admin's view)."""
    report = [(item, admin_url(item), links, unsafe) for item, links, unsafe in broken_links()]
    context = {**admin.site.each_context(request), "report": report, "title": gettext("Broken internal links")}
    return render(request, "admin/portal/broken_links.html", context)
