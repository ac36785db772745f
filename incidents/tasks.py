"""Celery tasks: each loads its rows and calls one service."""

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from incidents import services
from incidents.models import Article


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=2, max_retries=5, acks_late=True)
def extract_article(article_id: int) -> int:
    """Extract the incidents of one article, once, and geocode them: a message delivered again finds it extracted."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return 0
    return len(services.article_process(article=article))


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=2, max_retries=5, acks_late=True)
def geocode_article(article_id: int) -> int:
    """Geocode the incidents of one article again (queued by the sweep, or by an extraction run again)."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return 0
    return len(services.article_geocode(article=article))


@shared_task(autoretry_for=(DatabaseError,), max_retries=2, acks_late=True)
def requeue_unfinished() -> dict[str, int]:
    """Queue again the work a lost message left unfinished (run by Celery beat)."""
    return services.articles_requeue_unfinished(older_than=settings.INCIDENTS_REQUEUE_AFTER)
