"""confaudit: audit online-therapy and counselling providers for confidentiality practices."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("confaudit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

USER_AGENT = f"confaudit/{__version__}"
