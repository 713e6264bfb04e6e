"""The Celery application. Workers: `celery -A provenance worker`."""

import os

from celery import Celery
from django.db import IntegrityError, OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "provenance.settings")

app = Celery("provenance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The retry policy of every task that only talks to the database: a dropped connection,
# a serialisation failure, or a unique constraint another worker's concurrent write of
# the same rows tripped (steps are idempotent, so a retry finds them written) is worth
# retrying with jittered backoff; anything else is a bug to see. acks_late so a worker
# that dies mid-task hands the message back.
DB_TASK_OPTIONS = {
    "acks_late": True,
    "autoretry_for": (OperationalError, IntegrityError),
    "retry_backoff": True,
    "retry_jitter": True,
    "max_retries": 5,
}
