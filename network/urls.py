from django.urls import path

from network import pages, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("network/", views.franchise_list, name="network-franchises"),
    path("network/franchises/<int:pk>/", views.franchise_detail, name="network-franchise"),
    path("members/", views.members, name="members"),
    path("members/<int:pk>/revoke/", views.membership_revoke, name="membership-revoke"),
    path("members/<int:pk>/role/", views.membership_change, name="membership-change"),
    path("members/invitations/<int:pk>/cancel/", views.invitation_cancel, name="invitation-cancel"),
    path("members/rights/", pages.capability_grant, name="capability-grant"),
    path("members/rights/<int:pk>/revoke/", pages.capability_revoke, name="capability-revoke"),
    path("network/brands/<int:pk>/approval/", pages.approval_policy, name="approval-policy"),
    path("network/stores/new/", pages.store_create, name="store-create"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("audit/", views.audit_log, name="audit-log"),
]
