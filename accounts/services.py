from django.db import transaction

from accounts.models import User


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    user.language = language
    user.full_clean(validate_unique=False)
    user.save(update_fields=["language"])
    return user


PROFILE_FIELDS = ("first_name", "last_name", "email", "language")


@transaction.atomic
def user_update_profile(*, user: User, data: dict) -> User:
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(user, field, data[field])
    user.full_clean(validate_unique=False)
    user.save(update_fields=[field for field in PROFILE_FIELDS if field in data] or None)
    return user
