"""Checks a request sent to Google against the official API descriptions: the discovery
documents google-api-python-client ships (`mybusinessbusinessinformation` v1,
`businessprofileperformance` v1). My Business v4 (reviews, media) has no discovery document in
the client any more, so its few methods are described here by hand from
https://developers.google.com/my-business/reference/rest/v4/accounts.locations.reviews and
.../accounts.locations.media."""

import json
import re
from functools import cache
from pathlib import Path

import googleapiclient

DOCUMENTS = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"
HOSTS = {
    "mybusinessbusinessinformation.googleapis.com": "mybusinessbusinessinformation.v1.json",
    "businessprofileperformance.googleapis.com": "businessprofileperformance.v1.json",
}
V4_METHODS = [
    # (HTTP method, path regex, query parameters allowed, body fields allowed)
    ("GET", r"^v4/accounts/[^/]+/locations/[^/]+/reviews$", {"pageSize", "pageToken", "orderBy"}, None),
    ("PUT", r"^v4/accounts/[^/]+/locations/[^/]+/reviews/[^/]+/reply$", set(), {"comment"}),
    ("GET", r"^v4/accounts/[^/]+/locations/[^/]+/media$", {"pageSize", "pageToken"}, None),
    (
        "POST",
        r"^v4/accounts/[^/]+/locations/[^/]+/media$",
        set(),
        {"mediaFormat", "locationAssociation", "sourceUrl", "dataRef", "description"},
    ),
    ("DELETE", r"^v4/accounts/[^/]+/locations/[^/]+/media/[^/]+$", set(), None),
]


@cache
def document(name: str) -> dict:
    return json.loads((DOCUMENTS / name).read_text())


def methods(doc: dict):
    def walk(resources):
        for resource in resources.values():
            yield from resource.get("methods", {}).values()
            yield from walk(resource.get("resources", {}))

    return list(walk(doc["resources"]))


def path_regex(method: dict) -> re.Pattern:
    def part(match):
        spec = method["parameters"][match.group(1)]
        pattern = spec.get("pattern", "^[^/]+$").strip("^$")
        return f"(?:{pattern})"

    return re.compile("^" + re.sub(r"\{\+?(\w+)\}", part, method["path"]) + "$")


def required(spec: dict) -> bool:
    return bool(spec.get("required")) or spec.get("description", "").startswith("Required.")


def output_only(spec: dict) -> bool:
    return bool(spec.get("readOnly")) or spec.get("description", "").startswith("Output only.")


def body_problems(doc: dict, value, schema: dict, path: str) -> list[str]:
    if "$ref" in schema:
        schema = doc["schemas"][schema["$ref"]]
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        if not isinstance(value, dict):
            return [f"{path}: an object is expected"]
        problems = []
        for key, item in value.items():
            spec = schema["properties"].get(key)
            if spec is None:
                problems.append(f"{path}.{key}: unknown field")
            elif output_only(spec):
                problems.append(f"{path}.{key}: output-only field written")
            else:
                problems += body_problems(doc, item, spec, f"{path}.{key}")
        return problems
    if kind == "array":
        if not isinstance(value, list):
            return [f"{path}: a list is expected"]
        return [p for i, item in enumerate(value) for p in body_problems(doc, item, schema["items"], f"{path}[{i}]")]
    if kind == "string":
        if not isinstance(value, str):
            return [f"{path}: a string is expected"]
        if "enum" in schema and value not in schema["enum"]:
            return [f"{path}: {value!r} is not one of the enum values"]
    if kind == "integer" and not (isinstance(value, int) and not isinstance(value, bool)):
        return [f"{path}: an integer is expected"]
    if kind == "number" and not (isinstance(value, int | float) and not isinstance(value, bool)):
        return [f"{path}: a number is expected"]
    if kind == "boolean" and not isinstance(value, bool):
        return [f"{path}: a boolean is expected"]
    return []


def problems(request: dict) -> list[str]:
    """Why a recorded request (simulators.server's record) would not match Google's description."""
    path = request["path"].lstrip("/")
    query: dict[str, list[str]] = {}
    for key, value in request["query"]:
        query.setdefault(key, []).append(value)
    if request["host"] == "mybusiness.googleapis.com":
        for method, pattern, allowed, fields in V4_METHODS:
            if method == request["method"] and re.match(pattern, path):
                found = [f"query parameter {k} not accepted" for k in query if k not in allowed]
                if fields is not None:
                    found += [f"body field {k} not accepted" for k in (request["json"] or {}) if k not in fields]
                return found
        return [f"{request['method']} {path}: no such My Business v4 method"]
    doc = document(HOSTS[request["host"]])
    for method in methods(doc):
        if method["httpMethod"] != request["method"] or not path_regex(method).match(path):
            continue
        params = method.get("parameters", {})
        standard = doc.get("parameters", {})
        found = []
        for key, values in query.items():
            spec = params.get(key) or standard.get(key)
            if spec is None or spec.get("location", "query") != "query":
                found.append(f"query parameter {key} not accepted by {method['id']}")
                continue
            if len(values) > 1 and not spec.get("repeated"):
                found.append(f"query parameter {key} repeated")
            for value in values:
                if "enum" in spec and value not in spec["enum"]:
                    found.append(f"query parameter {key}={value} not an enum value")
                if spec.get("type") == "boolean" and value not in ("true", "false"):
                    found.append(f"query parameter {key}={value} not a boolean")
        found += [
            f"required query parameter {key} missing from {method['id']}"
            for key, spec in params.items()
            if spec.get("location") == "query" and required(spec) and key not in query
        ]
        if "request" in method:
            found += body_problems(doc, request["json"], method["request"], method["request"]["$ref"])
        elif request["json"] is not None:
            found.append(f"{method['id']} takes no body")
        return found
    return [f"{request['method']} {path}: no such method in {HOSTS[request['host']]}"]
