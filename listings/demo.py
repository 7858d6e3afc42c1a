"""Demo data of this app, called by `seed_demo` after the network exists (filled by its issue)."""


def seed(network) -> None:
    """`network` is network.demo.DemoNetwork; must be idempotent."""
