"""Response headers the security middleware of Django 5.2 does not set."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Add the Permissions-Policy header (browser features the pages never use are switched off)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
