"""Loopback worlds the tests audit: site builders, the servers behind them, and the test CAs.

Shared by every layer of the suite (and by ``make fixtures``, which records evidence from them), so no test
module imports another test module for a site.
"""
