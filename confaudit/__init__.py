"""confaudit: audit online-therapy and counselling providers for confidentiality practices."""

# The one place the version is written: pyproject.toml reads it from here ([tool.setuptools.dynamic]),
# so asking for it costs nothing at start-up (no scan of the installed packages' metadata).
__version__ = "0.1.0"

USER_AGENT = f"confaudit/{__version__}"
