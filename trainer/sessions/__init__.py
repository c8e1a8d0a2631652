"""The application layer of practice sessions, shared by the pages, the API and the jobs.

Takes ids and plain values (never request objects) and raises ServiceError subclasses that
callers map to a response. Data flows one way: blueprints -> sessions -> jobs / models.

- service.py: start, answer, finish and read sessions; baseline.py: the calm read-aloud;
- voice.py: accept a spoken answer and queue it; answer_job.py: the `answer` job kind;
- recordings.py: answers on disk; library.py: the scenario library; cards.py: stored cards.
"""


def init_app(app):
    """Register the `answer` job kind."""
    from trainer.jobs.kinds import register

    from .answer_job import KIND

    register(app, KIND)
