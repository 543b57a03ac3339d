"""`make audit`: pip-audit's JSON report on the installed environment, judged.

Fails (exit 1) on any known vulnerability in an installed dependency that is not
ignored in the Makefile (AUDIT_IGNORE, each with its reason). Dependencies pip-audit
could not look up (the vulnerability service unreachable: a mirror that serves only the
package index) are listed as a warning; with AUDIT_STRICT=1 they fail the audit too.
"""

from __future__ import annotations

import json
import os
import sys


def main(path: str) -> int:
    try:
        with open(path, encoding="utf-8") as file:
            report = json.load(file)
    except (OSError, ValueError) as exc:
        print(f"audit: pip-audit left no report to read ({exc})")
        return 1
    found = [d for d in report.get("dependencies", []) if d.get("vulns")]
    skipped = [d for d in report.get("dependencies", []) if d.get("skip_reason")]
    audited = len(report.get("dependencies", [])) - len(skipped)
    for dep in found:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            print(f"audit: {dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixes})")
    unlookedup = [d for d in skipped if "editable" not in d.get("skip_reason", "")]
    if unlookedup:
        names = ", ".join(d["name"] for d in unlookedup[:8])
        more = f" and {len(unlookedup) - 8} more" if len(unlookedup) > 8 else ""
        print(
            f"audit: WARNING: {len(unlookedup)} dependencies could not be looked up "
            f"({names}{more}): is the vulnerability service (pypi.org's JSON API) reachable?"
        )
    print(f"audit: {audited} dependencies audited, {len(found)} with known vulnerabilities")
    if found:
        print(
            "audit: upgrade the pin in pyproject.toml (see DEVELOPERS.md), or ignore it "
            "in the Makefile's AUDIT_IGNORE with the reason"
        )
        return 1
    if unlookedup and os.environ.get("AUDIT_STRICT") == "1":
        print("audit: AUDIT_STRICT=1: dependencies that could not be audited fail the audit")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
