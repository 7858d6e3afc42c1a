"""The domain error that services raise; views and the API turn it into a 4xx."""


class DomainError(Exception):
    """A rule of the business was broken; `message` is shown to the user (translated)."""

    def __init__(self, message, *, code: str = "invalid", status: int = 400):
        super().__init__(str(message))
        self.message = message
        self.code = code
        # 400 by default; 409 when the request conflicts with one already made (an idempotency
        # key reused with other figures, as payment APIs answer).
        self.status = status
