"""Schemathesis hooks for tools/api-fuzz/run.sh (loaded through SCHEMATHESIS_HOOKS)."""

import schemathesis

# OpenAPI matches concrete paths before templated ones, so `/servers/duplicates` and `/servers/merge`
# are their own operations, never `/servers/{serverId}`; schemathesis' negative cases (the schema says
# `not: {enum: [duplicates, merge]}`) would send them there and judge the other route's answer.
SHADOWED = {"duplicates", "merge"}


# `POST /notifications/test` with a valid type really sends: to whatever generated URL or host the
# fuzzer stored, where failing is the documented 502 (a delivery failure, not a server error). Only
# its validation is fuzzed here; the real deliveries are tested against real peers (ServerTests).
SENDING_TYPES = {"simple", "template", "email"}


@schemathesis.hook
def filter_case(context, case):
    """Drops cases whose serverId names a concrete route beside `/servers/{serverId}`, and test
    notifications that would really be sent."""
    if case.operation.path.endswith("/notifications/test"):
        kind = case.body.get("type") if isinstance(case.body, dict) else None
        return not (isinstance(kind, str) and kind in SENDING_TYPES)
    if not case.operation.path.endswith("/servers/{serverId}"):
        return True
    return (case.path_parameters or {}).get("serverId") not in SHADOWED


# A restore takes the archive's bytes as they are: send generated bodies as raw bytes, as for
# application/octet-stream. The server must answer every one with a 4xx and change nothing.
schemathesis.serializer.alias("application/gzip", "application/octet-stream")
