"""Schemathesis hooks for .ci/fuzz-api.sh (loaded through SCHEMATHESIS_HOOKS).

Only one thing is configured here: which "schema-valid request rejected" (ST202) results are the
contract's own rules rather than a gap between the OpenAPI document and the server. Each rule
below is one the contract demands and OpenAPI 3.0 cannot state; everything else stays a failure.
"""

import json

import schemathesis

# Contract section 2: refusals that depend on the customer's state, not on the request's shape
# (a back-dated command is out_of_order, a second win is invalid_transition, a referrer that does
# not exist is unknown_referrer, a purchase before a win is not_a_customer).
# The same holds for the request's history: an Idempotency-Key the fuzzer already used with another
# body is idempotency_key_reused (422), an If-Match with an old revision is revision_mismatch (412).
DOMAIN_REFUSALS = {
    422: {"invalid_transition", "out_of_order", "not_a_customer", "unknown_referrer", "idempotency_key_reused"},
    412: {"revision_mismatch"},
}

# Field rules that move with time or relate two fields, with the server's words for them.
RULES_NO_SCHEMA_STATES = {
    # "not more than 5 minutes in the future": the bound moves with the clock.
    ("occurredAt", "must not be more than 5 minutes in the future"),
    # Views and audit: a window [from, to) needs from < to; OpenAPI cannot compare two parameters.
    ("to", "from must be before to"),
    ("createdTo", "createdFrom must be before createdTo"),
    # A 64-bit event position as a decimal string: "below 2^64" is no pattern anyone could read.
    ("from", "must be an event position below 2^64"),
    # Cursors are opaque tokens the API gave out; a made-up one is refused.
    ("cursor", "is not a cursor from a previous page"),
}


# A position this store never gave out (contract section 11: another store's, a restored backup's)
# depends on the store, not on the request's shape; its message names the position.
FOREIGN_POSITION = ("after", "does not belong to this event store")


def _names_rule(detail: dict) -> bool:
    path, message = detail.get("path"), str(detail.get("message"))
    if (path, message) in RULES_NO_SCHEMA_STATES:
        return True
    return path == FOREIGN_POSITION[0] and FOREIGN_POSITION[1] in message


def _is_contract_rule(status: int, body: object) -> bool:
    if not isinstance(body, dict):
        return False
    if status in DOMAIN_REFUSALS:
        return body.get("error") in DOMAIN_REFUSALS[status]
    if status == 400 and body.get("error") == "validation_failed":
        details = body.get("details") or []
        return bool(details) and all(_names_rule(detail) for detail in details)
    return False


# Paths that are also a value of a sibling's path parameter: /customers/export.csv is
# /customers/{id} with the id "export.csv" for every method but GET, so PATCH there is that route's
# (a 400 naming the id) and its Allow header lists that route's methods too.
OVERLAPPING_PATHS = {"/api/v1/customers/export.csv"}


@schemathesis.hook
def filter_failure(context, failure, case, response):
    code = getattr(failure, "code", None)
    if code in ("ST204", "ST205"):
        return case.operation.path not in OVERLAPPING_PATHS and case.path not in OVERLAPPING_PATHS
    if code != "ST202":
        return True
    try:
        body = json.loads(response.content)
    except (ValueError, TypeError):
        return True
    return not _is_contract_rule(response.status_code, body)
