"""JSON errors: {"error": {"code", "message"}} with a 4xx status."""

from flask import jsonify


class ApiError(Exception):
    """Raised by API views; turned into the JSON error shape."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(status: int, code: str, message: str):
    """The one JSON error shape of the API."""
    return jsonify({"error": {"code": code, "message": message}}), status
