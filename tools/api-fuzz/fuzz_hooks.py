"""Schemathesis hooks for tools/api-fuzz/run.sh (loaded through SCHEMATHESIS_HOOKS)."""

import schemathesis

# OpenAPI matches concrete paths before templated ones, so `/servers/duplicates`, `/servers/merge` and `/servers/test-connection`
# are their own operations, never `/servers/{serverId}`; schemathesis' negative cases (the schema says
# `not: {enum: [duplicates, merge]}`) would send them there and judge the other route's answer.
SHADOWED = {"duplicates", "merge", "test-connection"}


# `POST /notifications/test` with a valid type really sends: to whatever generated URL or host the
# fuzzer stored, where failing is the documented 502 (a delivery failure, not a server error). Only
# its validation is fuzzed here; the real deliveries are tested against real peers (ServerTests).
SENDING_TYPES = {"simple", "template", "email", "webhook"}


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


@schemathesis.hook
def map_body(context, body):
    """Points collect and test-connection at a closed loopback port: generated host names would
    otherwise send the server into DNS lookups and connection timeouts for every case. Invalid
    hosts, ports and URLs are left as drawn, so the 400 paths are still fuzzed."""
    operation = getattr(context, "operation", None)
    if operation is None or not isinstance(body, dict):
        return body
    if operation.path.endswith("/backups/collect"):
        if isinstance(body.get("hostname"), str) and body["hostname"].strip() and "/" not in body["hostname"] and " " not in body["hostname"]:
            body["hostname"] = "127.0.0.1"
            if isinstance(body.get("port"), int) and 1 <= body["port"] <= 65535:
                body["port"] = 9
    if operation.path.endswith("/servers/test-connection"):
        for key in ("serverUrl", "server_url"):
            if isinstance(body.get(key), str) and body[key].startswith(("http://", "https://")):
                body[key] = "http://127.0.0.1:9"
    return body


@schemathesis.check
def no_server_error_but_an_unreachable_peer(ctx, response, case):
    """Like schemathesis' not_a_server_error, except for the one documented 5xx: collect answers
    502 BadGatewayError when the Duplicati server it is sent to cannot be reached (no Duplicati
    runs beside the fuzzer, so every well-formed collect ends there)."""
    if response.status_code < 500:
        return None
    if response.status_code == 502 and case.operation.path.endswith("/backups/collect"):
        body = response.json()
        if body.get("error") == "BadGatewayError" and body.get("message"):
            return None
    raise AssertionError(f"Server error {response.status_code}: {response.text[:200]}")
