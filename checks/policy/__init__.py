"""The policy check: does the provider tell clients what stays confidential, when it would not, and who
else sees their data?

The crawl's policy pages (privacy notice, confidentiality statement, cookie policy, PDF or HTML) are
extracted and merged into one notice, which `confaudit.analysis.policytext` judges against the 24 clauses of
clauses.md. Every clause has a `missing` and a `vague` rule; the quoted sentences are the evidence.
The clause table (status, quotes, attributes) goes into the result's ``data["clauses"]`` for the report and
the residency / promises checks.

``check`` holds the metadata, the reading of the notice and the clause table; ``rules`` the rule functions;
``guides`` each clause's guidance; ``budgets`` why the clause findings share a capped score budget.
"""

from __future__ import annotations

from confaudit_checks.policy import rules  # registers the rules on CHECK, in the order they are reported
from confaudit_checks.policy.budgets import CLAUSE_BUDGET
from confaudit_checks.policy.check import CHECK
from confaudit_checks.policy.rules import stale_finding

__all__ = ["CHECK", "CLAUSE_BUDGET", "rules", "stale_finding"]
