"""Prints one summary line per template from one cfn-lint run and one checkov run over all of them.

Usage (with .venv-lint's python, which has cfn-lint's template decoder):
    lint_report.py CFN_LINT_JSON CFN_LINT_EXIT_CODE CHECKOV_JSON BASE_DIR TEMPLATE...

A template fails on any cfn-lint error or warning, any failed checkov check, or when checkov did not
check it: checkov only counts a file it cannot parse (`parsing_errors`) and still exits 0, so its
exit code alone would let such a file pass. Findings are printed under the template's line.
Exits 1 when any template failed.
"""

import json
import os
import sys
from collections import Counter, defaultdict

from cfnlint.decode import decode


def load_json(path, what):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"lint_report: no readable {what} report in {path}: {e}")


def key(path):
    return os.path.realpath(path)


cfn_path, cfn_exit, checkov_path, base, *templates = sys.argv[1:]
findings = defaultdict(list)

cfn_counts = Counter()
for match in load_json(cfn_path, "cfn-lint"):
    if match["Level"] in ("Error", "Warning"):
        line = match["Location"]["Start"]["LineNumber"]
        findings[key(match["Filename"])].append(
            f"cfn-lint {match['Rule']['Id']} (line {line}): {match['Message']}"
        )
        cfn_counts[key(match["Filename"])] += 1

report = load_json(checkov_path, "checkov")
# One framework gives one report; a list holds one per framework.
if isinstance(report, list):
    report = next((r for r in report if r.get("check_type") == "cloudformation"), {})
results = report.get("results", {})
checks = defaultdict(Counter)
for outcome in ("passed", "failed", "skipped"):
    for check in results.get(f"{outcome}_checks", []):
        path = key(check["file_abs_path"])
        checks[path][outcome] += 1
        if outcome == "failed":
            first, last = check.get("file_line_range") or ("?", "?")
            findings[path].append(
                f"checkov {check['check_id']} {check['resource']} (lines {first}-{last}): {check['check_name']}"
            )
unparsed = {key(path) for path in results.get("parsing_errors", [])}
for path in unparsed:
    findings[path].append("checkov could not parse the template")

failed = []
for template in templates:
    path = key(template)
    decoded, problems = decode(template)
    resources = len(decoded.get("Resources") or {}) if decoded is not None else "?"
    if decoded is None and not cfn_counts[path]:
        findings[path] += [f"does not parse: {p}" for p in problems]
    ck = checks[path]
    if decoded is not None and resources and not ck and path not in unparsed:
        findings[path].append("checkov ran no check on it")
    cfn = f"{cfn_counts[path]} FAILED" if cfn_counts[path] else "clean"
    if path in unparsed:
        checkov = "NOT PARSED"
    elif ck["failed"]:
        checkov = f"{ck['failed']} FAILED"
    else:
        checkov = f"{ck['passed']} passed, {ck['skipped']} suppressed"
    print(
        f"{os.path.relpath(template, base):<40} {resources:>4} resources {os.path.getsize(template):>8} bytes"
        f"  cfn-lint: {cfn:<11} checkov: {checkov}"
    )
    for finding in findings[path]:
        print(f"    {finding}")
    if findings[path]:
        failed.append(template)

if int(cfn_exit) != 0 and not any(cfn_counts.values()):
    print(f"cfn-lint exited {cfn_exit} without reporting an error or warning")
    failed.append("cfn-lint")
sys.exit(1 if failed else 0)
