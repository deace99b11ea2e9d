"""The background job of a large import made in the admin (django-tasks, hub.jobs' worker)."""

from django_tasks import task


@task()
def run_import_task(import_id):
    from .runs import execute

    return execute(import_id)
