from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, skipped when there is no request (a shell, a test's client.login).

    Every login over HTTP (the login page, the API token endpoint, the admin) carries a request
    and is throttled; code running on the server itself has nobody to throttle.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
