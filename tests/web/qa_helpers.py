"""Plain helpers shared by the QA web tests (imported by name, not through conftest)."""

from pathlib import Path

from trainer.extensions import db

CALLS = Path(__file__).parents[1] / "data" / "calls"


def run_call_jobs(app) -> None:
    """Run every queued call job here and now, as a call worker would."""
    from trainer.jobs.runner import run_job
    from trainer.models import Job

    with app.app_context():
        queued = db.session.scalars(db.select(Job.id).where(Job.kind == "call",
                                                            Job.status == "queued")).all()
        for job_id in queued:
            run_job(job_id)
