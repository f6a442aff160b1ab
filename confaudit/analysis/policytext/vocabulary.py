"""Regular-expression vocabularies that several clauses share, written once.

Plain pattern sources (not compiled) so a clause can splice them into its own patterns: a place named here
is recognised alike by the transfers and the residency clause, a body named here alike by the complaints
and the professional-body clause.
"""

from __future__ import annotations

# places a notice may name as where data goes or stays (international_transfers, data_residency_claim)
PLACES = (
    r"united states|usa|u\.s\.a?\.?|us|united kingdom|uk|britain|great britain|england|scotland|wales|eea|"
    r"european economic area|eu|european union|europe|canada|india|australia|israel|switzerland|philippines|ireland|"
    r"germany|france|netherlands|japan|singapore|new zealand|south africa|frankfurt|london|dublin|virginia|"
    r"california|oregon"
)
# UK counselling and psychology bodies by acronym (complaints_regulator, professional_body)
UK_BODIES = r"bacp|ukcp|babcp|ncps|hcpc|bps"
