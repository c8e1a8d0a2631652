"""The one base of every refusal the application layer raises (no Flask in here).

Pages, the API and the job runner map a ServiceError to a response or a failed job by its
`status`, `code` and `message`; the packages that raise them subclass it with their own codes.
"""


class ServiceError(Exception):
    """A request the application refuses, with an HTTP-like status, a code and a clear message."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
