"""The promises check: the notice's promises held against what the site was seen to do.

Five promises clients rely on, each read from the notice by ``confaudit.analysis.policytext`` (the same clause
analysis as the policy check) and each contradicted, or not, by observations: "we never share your data
with advertisers" against advertising pixels; "end-to-end encrypted, secure sessions" against the TLS scan,
plain-HTTP forms and the video platform named; "only essential cookies" against the cookies and trackers
seen; the named processors against the third parties that receive data; and silence about international
transfers against data seen leaving the UK/EEA. Each finding quotes the promise and lists what was observed.

``check`` holds the metadata, the reading and the result's data; ``rules`` the rule functions (imported here
so they register, in declaration order); ``transport``, ``tracking``, ``disclosure`` and ``jurisdiction``
what the rules read. The entry point ``confaudit_checks.promises:CHECK`` names the one ``Check``.
"""

from __future__ import annotations

from confaudit_checks.promises import rules as rules  # registers the rule functions on CHECK
from confaudit_checks.promises.check import CHECK

__all__ = ["CHECK"]
