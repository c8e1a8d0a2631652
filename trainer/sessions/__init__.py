"""The application layer of practice sessions, shared by the pages, the API and the jobs.

Takes ids and plain values (never request objects) and raises ServiceError subclasses that
callers map to a response. Data flows one way: blueprints -> sessions -> jobs / models.

- service.py: start, answer, finish and read sessions; baseline.py: the calm read-aloud;
- voice.py: accept a spoken answer and queue it; answer_job.py: the `answer` job kind;
- call_job.py: the `call` job kind (QA: score a stored call upload with trainer.calls);
- recordings.py: uploads on disk; library.py: the scenario library; cards.py: stored cards.
"""


def init_app(app):
    """Register the job kinds this layer owns: `answer` and `call`."""
    from trainer.jobs.kinds import register

    from . import answer_job, call_job

    register(app, answer_job.KIND)
    register(app, call_job.KIND)
