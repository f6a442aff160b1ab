"""How much the clause rules may cost together, and why there is a cap at all.

Counted naively, 48 clause rules at clauses.md's severities (high 20, medium 10, low 3 points) turn every
real notice into 0: the corpus's full notices lose 70-140 points. So:

- a missing *core* clause (confidentiality commitment, risk of harm, safeguarding: severity high) is a
  FAIL and costs 20 points (and, through the engine's caps, limits the grade to C);
- any other missing clause is a WARN at its clauses.md severity (half price: medium 5, low 1.5), and a
  vague clause is a WARN one severity lower (high -> medium 5, medium -> low 1.5, low -> info 0);
- together the clause findings deduct at most `CLAUSE_BUDGET` (60) points, through the check's score
  budget (`Check.budgets`, applied by `confaudit.results.scoring`, worst first): every finding keeps its real
  status and severity, and the deductions the budget trims say so in the score arithmetic;
- `not-found` (critical, 40), `ad-use-disclosed` (high, 20), `over-promise` (medium, 10), `stale` (low 3,
  medium 10 when over five years) and `unreadable` (high) are outside the budget.

A complete, specific notice scores 100; a decent practice notice with a few gaps 75-95; a sparse one
bottoms out at 40 from clauses alone; a site with no notice at all scores 0 (not-found plus every clause
missing), so a missing notice is never better than a poor one.
"""

from __future__ import annotations

from confaudit.model import ScoreBudget

CLAUSE_BUDGET = 60.0
BUDGETS: tuple[ScoreBudget, ...] = (
    ScoreBudget("clause findings", ["policy/missing/*", "policy/vague/*"], CLAUSE_BUDGET),
)
