"""/api/v1/ routes of the crisis card, next to its views: requests, parties and
signatures, cards and evaluations (requests.py), the requests' transitions
(transitions.py), the plan, its draft and versions (plan.py) and the FHIR export
(fhir.py). Access through ..access, as the pages."""

from ninja import Router

from . import fhir, plan, requests, transitions

router = Router()
router.add_router("", requests.router)
router.add_router("", transitions.router)
router.add_router("", plan.router)
router.add_router("", fhir.router)
