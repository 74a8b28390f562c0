#!/usr/bin/env python3
"""Check that the README's dataset example is a valid dataset.

Usage: check-readme-example.py README DIPLO

Runs `DIPLO --validate` on the first ```json block of README, so that the
example a newcomer copies keeps up with the format.
"""
import os
import re
import subprocess
import sys
import tempfile


def main():
    readme, diplo = sys.argv[1:3]
    with open(readme, encoding="utf-8") as f:
        match = re.search(r"^```json\n(.*?)^```", f.read(), re.S | re.M)
    if match is None:
        print(f"{readme}: no ```json block")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "example.geojson")
        with open(path, "w", encoding="utf-8") as f:
            f.write(match.group(1))
        result = subprocess.run([diplo, "--validate", path],
                                capture_output=True, text=True)
    sys.stdout.write(result.stdout + result.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
