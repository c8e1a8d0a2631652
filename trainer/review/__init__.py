"""Coach review services: no Flask request objects, ids and plain values in, refusals as
ReviewError (a ServiceError) out. Pages (coach/, practice/, admin/), the API and the CLI call
these; each change is written with its audit record in one transaction.

- access.py: which sessions, trainees and teams a coach may review;
- judgements.py: score overrides and confirmations, flag decisions, marking reviewed;
- comments.py, disputes.py: per-answer and per-session comments, trainee disputes;
- assignments.py: scenarios to pass by a date, and certification;
- queue.py: the sessions that need a human; trends.py: team and trainee trends;
- calibration.py: engine against coach and coach against coach; blind.py: blind sessions;
- export.py: CSV and JSON exports; gold.py: coach-reviewed turns as gold-set items.
"""
