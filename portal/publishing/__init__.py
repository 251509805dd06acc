"""Publishing: the editorial workflow, working copies and medical sign-off, history and revert,
the review queue, where content is referenced, and rehearsing a page as it was published.
"""
