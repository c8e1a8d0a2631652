"""Domain errors of the practice sessions; views and the API map `status` to the response."""

from trainer.errors import ServiceError


class PracticeError(ServiceError):
    """A practice request the service refuses (status, code and message as ServiceError)."""


class InvalidAnswer(PracticeError):
    """The answer is empty, too long or cannot be scored."""

    status, code = 400, "invalid_text"


class UnknownScenario(PracticeError):
    """No scenario with that id in the library (or its file does not load)."""

    status, code = 404, "unknown_scenario"


class SessionNotFound(PracticeError):
    """No such session, or one the caller may not see (the two look the same: no leak)."""

    status, code = 404, "session_not_found"


class SessionFinished(PracticeError):
    """The conversation is over; no more answers."""

    status, code = 409, "session_finished"


class Conflict(PracticeError):
    """Another answer to the same line arrived at the same time."""

    status, code = 409, "conflict"


class ScenarioChanged(PracticeError):
    """The scenario file changed under a running session, so its state no longer fits."""

    status, code = 409, "scenario_changed"
