"""Security headers every response carries, and the request's anonymised source for the audit log."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from franchise_platform import request_context
from security.addresses import anonymised_client_ip

USER_AGENT_MAX = 255
# Column title of the audit log page (templates/network/audit_log.html) for the recorded source.
AUDIT_SOURCE_LABEL = _("From where")


def _policy(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}".strip() for name, value in directives.items())


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no inline scripts anywhere), Permissions-Policy and
    Cross-Origin-Opener-Policy; HSTS, nosniff, Referrer-Policy and X-Frame-Options come from
    Django's own middleware and settings.

    The Swagger UI page ships an inline <style> block (its scripts are separate files, served by
    SpectacularSwaggerSplitView), so only that page may use inline styles.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = _policy(settings.CONTENT_SECURITY_POLICY)
        relaxed = dict(settings.CONTENT_SECURITY_POLICY)
        relaxed["style-src"] = relaxed.get("style-src", "'self'") + " 'unsafe-inline'"
        self.relaxed_policy = _policy(relaxed)
        self.relaxed_paths = tuple(settings.CONTENT_SECURITY_POLICY_INLINE_STYLE_PATHS)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            relaxed = request.path.startswith(self.relaxed_paths) if self.relaxed_paths else False
            response["Content-Security-Policy"] = self.relaxed_policy if relaxed else self.policy
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RequestSourceMiddleware:
    """Makes the request's anonymised address and user agent available to `network.audit.audit`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_context.set_source(
            {
                "address": anonymised_client_ip(request),
                "user_agent": request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX],
            }
        )
        try:
            return self.get_response(request)
        finally:
            request_context.reset_source(token)
