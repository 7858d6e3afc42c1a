"""The navigation each user sees: every app registers the entries it offers and who may use
them (AppConfig.ready), so a role only ever sees links it may follow."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    order: int
    visible: Callable


_items: list[NavItem] = []


def register(item: NavItem) -> None:
    if all(existing.key != item.key for existing in _items):
        _items.append(item)
        _items.sort(key=lambda entry: entry.order)


def items_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [item for item in _items if item.visible(user)]
