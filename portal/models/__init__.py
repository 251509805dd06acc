"""The core's models, one concern a module, all importable from `portal.models`.

A content type is a concrete subclass of `Publishable` (`publishable.py`). It declares what
the shared machinery needs of it with the class attributes and methods under "Declarations"
there; `portal.registry` finds every content type through the app registry. Nothing in
`portal` imports a content app.
"""

from portal.models.addresses import SlugFromTitleMixin, SlugRedirect, remember_old_slug
from portal.models.authors import Author
from portal.models.dependencies import PageDependency, SourceChange
from portal.models.generation import ContentGeneration
from portal.models.publishable import (
    REVIEW_SOON_DAYS,
    Publishable,
    PublishableQuerySet,
    PublishingRefused,
    Status,
    localised,
    next_review_after,
    prefetch_version,
)
from portal.models.search import SearchDocument, SearchFields
from portal.models.versions import (
    COMMENT_MAX_LENGTH,
    REASON_MAX_LENGTH,
    CommentKind,
    Publication,
    ReviewClaim,
    ReviewComment,
    ReviewRequest,
    WorkingCopy,
    WorkingCopyState,
)

__all__ = [
    "COMMENT_MAX_LENGTH",
    "CommentKind",
    "ReviewClaim",
    "ReviewComment",
    "REASON_MAX_LENGTH",
    "REVIEW_SOON_DAYS",
    "Author",
    "ContentGeneration",
    "PageDependency",
    "Publication",
    "Publishable",
    "PublishableQuerySet",
    "PublishingRefused",
    "ReviewRequest",
    "SearchDocument",
    "SearchFields",
    "SlugFromTitleMixin",
    "SlugRedirect",
    "SourceChange",
    "Status",
    "WorkingCopy",
    "WorkingCopyState",
    "localised",
    "prefetch_version",
    "next_review_after",
    "remember_old_slug",
]
