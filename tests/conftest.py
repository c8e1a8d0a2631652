"""Shared fixtures: a throwaway app per test (tmp instance, SQLite), users of every role."""

import re

import pytest
from apps import close_app, make_app
from seed_users import USERS

from trainer.extensions import db
from trainer.models import User

META_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@pytest.fixture
def app(tmp_path):
    """A fresh app with its own instance folder, database and seeded users."""
    app = make_app(tmp_path)
    yield app
    close_app(app)


@pytest.fixture
def client(app):
    """A test client (not logged in)."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner bound to the app."""
    return app.test_cli_runner()


def _user_id(app, key: str) -> int:
    with app.app_context():
        return User.by_email(USERS[key]["email"]).id


@pytest.fixture
def uid(app):
    """uid(role) -> the database id of that seeded user."""
    return lambda key: _user_id(app, key)


@pytest.fixture
def login_as(app):
    """login_as(role) -> a test client whose session is logged in as that seeded user."""

    def _login(key: str):
        client = app.test_client()
        uid = _user_id(app, key)
        with client.session_transaction() as sess:
            sess["_user_id"] = str(uid)
            sess["_fresh"] = True
        return client

    return _login


@pytest.fixture
def bearer(app):
    """bearer(role) -> request headers with a fresh API token of that seeded user."""

    def _headers(key: str) -> dict:
        with app.app_context():
            user = User.by_email(USERS[key]["email"])
            token = user.new_api_token()
            db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return _headers


@pytest.fixture
def csrf():
    """csrf(client, path="/login") -> the CSRF token the server put in that page's <meta>."""

    def _token(client, path: str = "/login") -> str:
        page = client.get(path, follow_redirects=True)
        match = META_CSRF.search(page.get_data(as_text=True))
        assert match, f"no CSRF meta tag on {path}"
        return match.group(1)

    return _token


@pytest.fixture
def start_session(app, uid):
    """start_session(role, scenario="lost_job") -> id of a new session owned by that user."""
    from trainer.sessions import service

    def _start(key: str, scenario: str = "lost_job") -> int:
        with app.app_context():
            return service.start_session(uid(key), scenario).id

    return _start
