"""Prints cfn-guard's structured report of rules over example templates as a Markdown table.

Usage:
    guard_report.py REPORT_JSON EXAMPLE...

One row per rule, one column per example (in the order given), each cell PASS, SKIP (the rule
selects nothing in that template) or FAIL; failed checks are listed under the table. Exits 1
when any rule failed on any example, or when an example has no report.
"""

import json
import os
import sys


def main():
    report_path, examples = sys.argv[1], sys.argv[2:]
    with open(report_path) as f:
        reports = json.load(f)
    results = {}
    failures = []
    for report in reports:
        example = os.path.splitext(os.path.basename(report["name"]))[0]
        for rule in report.get("compliant", []):
            results.setdefault(rule, {})[example] = "PASS"
        for rule in report.get("not_applicable", []):
            results.setdefault(rule, {})[example] = "SKIP"
        for failure in report.get("not_compliant", []):
            rule = failure["Rule"]["name"]
            results.setdefault(rule, {})[example] = "FAIL"
            failures.append(f"{example}: {rule}")
    missing = [e for e in examples if not any(e in row for row in results.values())]
    print("| rule | " + " | ".join(examples) + " |")
    print("|---|" + "---|" * len(examples))
    for rule in sorted(results):
        row = results[rule]
        print(f"| `{rule}` | " + " | ".join(row.get(e, "?") for e in examples) + " |")
    counts = {s: sum(list(r.values()).count(s) for r in results.values()) for s in ("PASS", "SKIP", "FAIL")}
    print(
        f"\n{len(results)} rules x {len(examples)} examples: "
        f"{counts['PASS']} PASS, {counts['SKIP']} SKIP, {counts['FAIL']} FAIL"
    )
    for line in failures:
        print(f"FAIL {line}", file=sys.stderr)
    for example in missing:
        print(f"guard-registry: no report for example {example}", file=sys.stderr)
    sys.exit(1 if failures or missing else 0)


if __name__ == "__main__":
    main()
