#!/usr/bin/env bash
# Prints the project's shared folder (vendored sources, the lint corpus), or nothing when there is none (a user's
# own clone). The one place that knows where to look, in order:
#   $GENESYS_OAUTH_SHIM_SHARED_DIR                  set explicitly
#   <checkout>/../shared                             the usual layout
#   <main checkout>/../shared                        from a git worktree
#   <origin>/../shared                               from a clone of a local checkout (e.g. a clean clone in /tmp)
# The tests call this script too (sharedDir() in test/support/toolchain.ts), so there is one list.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
candidates=()
[ -n "${GENESYS_OAUTH_SHIM_SHARED_DIR:-}" ] && candidates+=("$GENESYS_OAUTH_SHIM_SHARED_DIR")
candidates+=("$root/../shared")
if common=$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null); then
  candidates+=("$(dirname "$common")/../shared")
fi
if origin=$(git -C "$root" config --get remote.origin.url 2>/dev/null); then
  origin=${origin#file://}
  case "$origin" in /*) candidates+=("$origin/../shared") ;; esac
fi
for dir in "${candidates[@]}"; do
  if [ -d "$dir/vendor" ] || [ -d "$dir/corpus" ]; then
    (cd "$dir" && pwd)
    exit 0
  fi
done
