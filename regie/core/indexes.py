"""The indexes Regie's list pages and home counters rely on, by table.

A counter on a home page is a `.count()` the database answers from an index;
a list page reads one page in index order. Dropping one of these indexes makes
a page slow at national scale without failing anything else, so
`core/tests/test_indexes.py` fails when a migration drops one, and
docs/performance.md ("Lists and counters") says what each one serves.

Names are the database's: those Django derived from the fields (``*_idx`` with
a hash) stay as the migrations created them.
"""

from __future__ import annotations

RELIED_ON: dict[str, dict[str, str]] = {
    "crisiscard_cardrequest": {
        "crisiscard__region__5685dd_idx": "request list and coordinator counters by region and state",
        "crisiscard__consult_98de32_idx": "consultant's home counters and 'mine' list",
        "cardrequest_urgent_idx": "coordinator counter: urgent and not yet in conversation",
        "cardrequest_unconfirmed_idx": "coordinator counter: weight not yet confirmed",
        "cardrequest_region_applied_idx": "region report: a region's applications in a quarter",
        "cardrequest_queue_idx": "matching queue: a region's waiting applications in order",
    },
    "crisiscard_evaluation": {
        "evaluation_completed_at_idx": "region report: the evaluations completed in a quarter",
    },
    "crisiscard_conversation": {
        "conversation_author_date_idx": "workload: a consultant's conversations in the window",
    },
    "crisiscard_printitem": {
        "crisiscard__region__498c5e_idx": "print queue page and its home counter",
    },
    "audit_accessevent": {
        "audit_accessevent_occurred_at_3fa75ccb": "log manager counter: events of the last day",
        "accessevent_emergency_idx": "log manager counter: emergency events of the last day",
        "accessevent_denied_idx": "log manager counter: refused events of the last day",
    },
    "people_roleassignment": {
        "people_role_role_810fd7_idx": "coordinator's consultant counters and list",
    },
    "recovery_recoverycase": {
        "recovery_re_organis_0e7689_idx": "team lead's case list and attention counter",
    },
    "recovery_casemember": {
        "casemember_person_role_idx": "team member counters and 'your cases': own memberships",
    },
    "recovery_casecontact": {
        "casecontact_case_date_idx": "'needs attention': a case's recent contacts",
    },
    "coordination_timeentry": {
        "coordinatio_person__0aca61_idx": "workload: a person's time entries in the window",
    },
    "recovery_goalaction": {
        "recovery_go_owner_p_297fec_idx": "team member counter: actions due",
    },
    "coordination_qualityreview": {
        "coordinatio_status_811fee_idx": "review queue page and its counters",
    },
    "coordination_informationsession": {
        "coordinatio_region__8ad191_idx": "session list pages and the waiting counter",
    },
    "privacy_erasurerequest": {
        "erasure_status_due_idx": "erasure tasks page and its counters",
    },
}
