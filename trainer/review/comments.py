"""Coach comments on an answer or on the whole session; only their author may edit them."""

from __future__ import annotations

from typing import Any

from trainer import audit
from trainer.extensions import db
from trainer.models import CalibrationSession, Comment, PracticeSession, User
from trainer.models.clock import utcnow

from .checks import MAX_COMMENT, check_text, turn_of
from .errors import NotAllowed, NotFound


def add_comment(session: PracticeSession, author: User, body: Any, turn_index: Any = None,
                calibration: CalibrationSession | None = None, commit: bool = True) -> Comment:
    """Add a comment (the trainee sees it, unless it belongs to a blind calibration)."""
    body = check_text(body, "the comment", MAX_COMMENT)
    turn = turn_of(session, turn_index)
    comment = Comment(session_id=session.id, turn_id=turn.id if turn else None,
                      author_id=author.id, body=body,
                      calibration_id=calibration.id if calibration else None)
    db.session.add(comment)
    if commit:
        db.session.commit()
    return comment


def edit_comment(comment_id: Any, author: User, body: Any) -> Comment:
    """Change one's own comment; the earlier wording stays in the audit log."""
    comment = db.session.get(Comment, comment_id) if isinstance(comment_id, int) else None
    if comment is None:
        raise NotFound(f"no comment {comment_id}")
    if comment.author_id != author.id:
        raise NotAllowed("you can only edit your own comments")
    body = check_text(body, "the comment", MAX_COMMENT)
    if body != comment.body:
        audit.record("comment.edit", "comment", comment.id, actor=author,
                     old={"session": comment.session_id, "body": comment.body},
                     new={"session": comment.session_id, "body": body})
        comment.body, comment.updated_at = body, utcnow()
        db.session.commit()
    return comment


def comments_of(session_id: int, calibration_id: int | None = None,
                author_id: int | None = None) -> list[Comment]:
    """A session's comments, oldest first: the open ones, or one calibration's (optionally
    one author's only, for a blind reviewer)."""
    query = db.select(Comment).where(Comment.session_id == session_id)
    query = query.where(Comment.calibration_id == calibration_id if calibration_id is not None
                        else Comment.calibration_id.is_(None))
    if author_id is not None:
        query = query.where(Comment.author_id == author_id)
    return list(db.session.scalars(query.order_by(Comment.created_at, Comment.id)))
