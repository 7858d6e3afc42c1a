from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as account_views
from budgets import public as budgets_public
from franchise_platform import health, uploads

api_v1 = [
    path("auth/", include("accounts.api_urls")),
    path("", include("network.api.urls")),
    path("", include("budgets.api.urls")),
    path("", include("listings.api.urls")),
    path("", include("reporting.api.urls")),
    path("", include("forum.api.urls")),
    path("", include("messaging.api.urls")),
    path("", include("privacy.api.urls")),
]

urlpatterns = [
    # The click router is the hot path: resolved first.
    path("go/<str:pool_slug>/", budgets_public.go, name="click-router"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/language/", account_views.set_language, name="set-language"),
    path("", include("network.urls")),
    path("budgets/", include("budgets.urls")),
    path("listings/", include("listings.urls")),
    path("reports/", include("reporting.urls")),
    path("help/", include("forum.urls")),
    path("messages/", include("messaging.urls")),
    # Public pages last: /<brand>/<franchise>/ must not shadow the pages above.
    path("", include("budgets.public_urls")),
]

# Every user upload goes out through this one view (never a static file server): see uploads.py.
urlpatterns.insert(0, path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", uploads.serve, name="media"))

handler403 = "franchise_platform.error_views.permission_denied"
handler404 = "franchise_platform.error_views.page_not_found"
handler500 = "franchise_platform.error_views.server_error"
