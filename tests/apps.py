"""A throwaway app per test: its own instance folder, SQLite database and seeded users."""

from seed_users import seed_users

from trainer import create_app
from trainer.extensions import db


def make_app(folder, **config):
    """A fresh app with its own instance folder, database and seeded users, in `folder`."""
    app = create_app({
        "TESTING": True,
        "INSTANCE_PATH": str(folder / "instance"),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'test.sqlite'}",
        "SECRET_KEY": "test-secret",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # cheap hashing: 2 cores, many tests
        "RECORDINGS_DIR": str(folder / "recordings"),
        **config,
    })
    with app.app_context():
        db.create_all()
        seed_users()
    return app


def close_app(app):
    """Release an app's database connections."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
