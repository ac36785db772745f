"""The Celery application; configuration comes from Django settings (CELERY_*)."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("hawran")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def close_old_connections(task=None, **kwargs) -> None:
    """Around each task in a worker, as around each request: drop a connection that is broken or past CONN_MAX_AGE."""
    if task is not None and not getattr(task.request, "is_eager", False):
        from django.db import close_old_connections as django_close_old_connections

        django_close_old_connections()
