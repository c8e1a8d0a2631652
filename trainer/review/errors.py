"""Refusals of the review services; pages and the API map `status` to the response."""

from trainer.errors import ServiceError


class ReviewError(ServiceError):
    """A review request the service refuses."""


class BadReview(ReviewError):
    """The input is wrong (a score outside 0-100, no reason...); nothing was changed."""

    status, code = 400, "invalid_review"


class NotAllowed(ReviewError):
    """The caller may not do this here (another coach's comment, a trainee outside their
    teams); nothing was changed."""

    status, code = 403, "forbidden"


class NotFound(ReviewError):
    """No such record, or one the caller may not know about."""

    status, code = 404, "not_found"


class ReviewConflict(ReviewError):
    """The record is in a state that does not allow this (a dispute already resolved...)."""

    status, code = 409, "conflict"
