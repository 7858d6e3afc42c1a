"""Public pages at the root (/<brand>/ and /<brand>/<franchise>/, the click router /go/...).

Included last by the project URLs, so they never shadow an application page."""

urlpatterns: list = []
