#!/usr/bin/env python3
"""Check the Flatpak manifest against the project it packages.

Usage: check-flatpak-manifest.py MANIFEST APP_ID BINARY

The manifest cannot be built without the GNOME runtime, which a test machine
has no way to fetch, so this checks what would otherwise only show after a
publish: that it names this application, runs its binary, builds the project
itself, and asks for no permission beyond the ones Diplo needs.
"""
import json
import sys

# Display sockets, GPU, and the network for OpenStreetMap tiles. Files reach
# the sandbox only through the file chooser portal and drag and drop, so no
# --filesystem or D-Bus name is allowed.
ALLOWED_FINISH_ARGS = {
    "--share=ipc",
    "--socket=fallback-x11",
    "--socket=wayland",
    "--device=dri",
    "--share=network",
}


def problems(manifest, app_id, binary):
    if manifest.get("id", manifest.get("app-id")) != app_id:
        yield f"id is {manifest.get('id')!r}, not {app_id!r}"
    if manifest.get("command") != binary:
        yield f"command is {manifest.get('command')!r}, not {binary!r}"
    if manifest.get("runtime") != "org.gnome.Platform":
        yield "the runtime is not org.gnome.Platform"
    for arg in manifest.get("finish-args", []):
        if arg not in ALLOWED_FINISH_ARGS:
            yield f"finish-args asks for {arg}, which Diplo does not need"
    modules = manifest.get("modules", [])
    if not modules:
        yield "no modules"
        return
    app = modules[-1]
    if app.get("buildsystem") != "meson":
        yield "the last module does not build with meson"
    if not any(s.get("type") == "dir" and s.get("path") == ".."
               for s in app.get("sources", [])):
        yield "the last module does not build this project's tree"
    names = [m.get("name") for m in modules if isinstance(m, dict)]
    if "libshumate" not in names:
        yield "libshumate is not built, and the GNOME runtime lacks it"


def main():
    path, app_id, binary = sys.argv[1:4]
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: {e}")
        return 1
    found = list(problems(manifest, app_id, binary))
    for p in found:
        print(f"{path}: {p}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
