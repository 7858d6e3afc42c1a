"""Recording sensitive actions in the append-only audit log."""

from franchise_platform.request_context import current_source
from network.models import AuditLog


def brand_of(obj):
    if obj is None:
        return None
    if obj._meta.model_name == "brand":
        return obj
    return getattr(obj, "brand", None)


def audit(*, actor, action: str, target, summary: str, data: dict | None = None) -> AuditLog:
    data = dict(data or {})
    source = current_source()  # from where: anonymised address and user agent of the request, if any
    if source:
        data.setdefault("source", source)
    return AuditLog.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        brand=brand_of(target),
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        summary=summary[:500],
        data=data,
    )
