"""Records that are written once and never changed: the ledger, the audit log, listing revisions.

The model refuses a second save and any delete, and its queryset refuses bulk updates and
deletes, so neither a service nor a stray admin action can rewrite history. Each model says why
in `append_only_message`.

Money history that its own service may still correct (pledges, ledger accounts' cached balances,
a day's imported costs and charges) is `KeptModel`: updated in place, never deleted.
"""

from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError(self.model.append_only_message)

    def delete(self):
        raise TypeError(self.model.append_only_message)


class AppendOnlyModel(models.Model):
    append_only_message = "This record is append-only."

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise TypeError(self.append_only_message)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(self.append_only_message)


class KeptQuerySet(models.QuerySet):
    """Rows that are never deleted (money history); their service may still correct them."""

    def delete(self):
        raise TypeError(self.model.kept_message)


class KeptModel(models.Model):
    """Money history: refuses `delete()` on the row and on its querysets. Foreign keys that point
    at what it hangs off (franchise, pool) are `PROTECT`, so no cascade removes it either."""

    kept_message = "This record is money history and is never deleted."

    objects = KeptQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise TypeError(self.kept_message)


class DayFiguresQuerySet(KeptQuerySet):
    def supersede(self):
        """Remove a day's figures that the same transaction replaces with the platform's revised
        ones (a re-imported report, the day's charges computed again): the only deletion these
        rows allow. The ledger keeps every amount that moved, the refund and the new charge."""
        return super(KeptQuerySet, self).delete()
