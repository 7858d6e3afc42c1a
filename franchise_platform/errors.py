"""The domain error that services raise; views and the API turn it into a 4xx."""


class DomainError(Exception):
    """A rule of the business was broken; `message` is shown to the user (translated)."""

    def __init__(self, message, *, code: str = "invalid"):
        super().__init__(str(message))
        self.message = message
        self.code = code
