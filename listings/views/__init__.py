"""Pages of listings: thin views over selectors and services, one module per screen group."""
