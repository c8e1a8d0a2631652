"""Background jobs (Huey): the queue built from the app config, job state in the database.

- `get_queue(app)` / `send_job(job_id)`: SqliteHuey in instance/ by default, RedisHuey when
  TRAINER_REDIS_URL or REDIS_URL is set.
- `trainer worker` runs a standalone consumer; `trainer serve` runs one in-process too.
- The job row (models/jobs.py) is the truth: state.py moves it by compare-and-set.
"""

from .queue import JobQueue, QueueUnavailable, get_queue, redis_url, send_job
from .state import JobBusy, JobNotFound, job_view, visible_job

__all__ = ["JobBusy", "JobNotFound", "JobQueue", "QueueUnavailable", "get_queue", "job_view",
           "redis_url", "send_job", "visible_job"]
