"""A directory simulator serving the Google-, Facebook- and Pages Jaunes-style APIs from one
process, with a control API (`/_sim/...`) for tests, benchmarks and demos."""
