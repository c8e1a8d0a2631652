"""A live server (waitress in a thread, tmp instance, demo users) and real Chromium."""

import os
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _chromium_or_skip():
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
    if os.environ.get("TRAINER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"TRAINER_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def _serve(tmp_path, config, with_consumer=False, seed=None):
    """Yield the base URL of the app served by waitress on a free port, demo users seeded
    (and `seed()` run in the app context, when given)."""
    _chromium_or_skip()  # before any thread starts: a skipped test leaves nothing running
    from waitress import create_server

    from trainer import create_app
    from trainer.cli.admin import seed_demo_users
    from trainer.extensions import db
    from trainer.jobs.consumer import EmbeddedConsumer

    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "browser",
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", **config})
    with app.app_context():
        db.create_all()
        seed_demo_users()
        if seed is not None:
            seed()
    consumer = EmbeddedConsumer(app, workers=1).start() if with_consumer else None
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=5)
    if consumer is not None:
        consumer.stop()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_server(tmp_path):
    """Base URL of the app served by waitress on a free port, with the demo users seeded."""
    yield from _serve(tmp_path, {})


@pytest.fixture
def page():
    """A Chromium page (Debian's chromium; never a downloaded browser)."""
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.set_default_timeout(15_000)
        yield context.new_page()
        context.close()
        browser.close()


@pytest.fixture
def voice_server(tmp_path, request):
    """Like live_server, plus the job consumer `trainer serve` runs (spoken answers work).

    Parametrize it indirectly with a dict to change the app config.
    """
    config = {"RECORDINGS_DIR": str(tmp_path / "recordings"), **getattr(request, "param", {})}
    yield from _serve(tmp_path, config, with_consumer=True)


@pytest.fixture
def mic_page():
    """mic_page(wav) -> a Chromium page whose microphone plays that wav once (then silence)."""
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browsers = []

        def _open(wav, deny=False):
            args = CHROMIUM_ARGS + ["--use-fake-device-for-media-stream",
                                    f"--use-file-for-fake-audio-capture={wav}%noloop"]
            if not deny:
                args.append("--use-fake-ui-for-media-stream")
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=args)
            browsers.append(browser)
            context = browser.new_context()
            context.set_default_timeout(30_000)
            return context.new_page()

        yield _open
        for browser in browsers:
            browser.close()


@pytest.fixture
def seeded_server(tmp_path, request):
    """Like live_server, with recordings, after running the `seed` function given through
    indirect parametrization inside the app context."""
    yield from _serve(tmp_path, {"RECORDINGS_DIR": str(tmp_path / "recordings")},
                      seed=request.param)
