"""Every change to livelihood projects and their vote, one function per step, one transaction each."""

from .projects import (
    ROLE_FOR_KIND,
    card_give,
    claim_assign,
    claim_take,
    inspection_record,
    report_submit,
    satisfaction_give,
)
from .votes import Choice, ballot_cast, paper_tally_enter, vote_close, vote_open, vote_publish, vote_resolve_tie

__all__ = [
    "Choice",
    "ROLE_FOR_KIND",
    "ballot_cast",
    "card_give",
    "claim_assign",
    "claim_take",
    "inspection_record",
    "paper_tally_enter",
    "report_submit",
    "satisfaction_give",
    "vote_close",
    "vote_open",
    "vote_publish",
    "vote_resolve_tie",
]
