"""A lesson outside the app: the ?lesson= link (codec, address bar, sharing, applying a link),
its files (scenario JSON, CSV, solution, notebook, script) and the code beside a step."""
