"""Logout everywhere on a password change.

Django already ends the user's other sessions (each session carries a hash of the password);
API tokens carry no such hash, so they are deleted here and the user signs in again for a new one.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from rest_framework.authtoken.models import Token

User = get_user_model()


@receiver(pre_save, sender=User, dispatch_uid="security.password_change_detect")
def _detect_password_change(sender, instance, update_fields=None, raw=False, **kwargs):
    instance._password_changed = False
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = sender._base_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = stored is not None and stored != instance.password


@receiver(post_save, sender=User, dispatch_uid="security.password_change_revoke_tokens")
def _revoke_tokens_on_password_change(sender, instance, created=False, **kwargs):
    if not created and getattr(instance, "_password_changed", False):
        Token.objects.filter(user=instance).delete()
        instance._password_changed = False
