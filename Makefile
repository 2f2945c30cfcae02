# genesys-oauth-shim — the two commands a fresh machine needs are `make demo` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CACHE      := .cache
TEST_FILES  = $(shell find test -name '*.test.ts' -not -path '*/fixtures/*' | LC_ALL=C sort)

.PHONY: help install toolchain build docs typecheck format format-check test demo bench lint-terraform clean

# What prettier formats (.prettierrc.json: 160 columns; .prettierignore says what it leaves alone and why).
FORMATTED = "src/**/*.ts" "test/**/*.ts" "bench/**/*.ts" "scripts/**/*.{ts,mjs}" "bin/*.mjs" "docs/consumers/*.mjs"

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

install: node_modules/.installed ## npm ci (only when package-lock.json changed)
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

toolchain: install ## Python venv with moto, hashicorp/external in a filesystem mirror, Terraform if none on PATH
	bash scripts/toolchain.sh

build: install ## Bundle the CLI into terraform/modules/oauth-clients/shim/  (what Terraform runs)
	node scripts/gen-permissions.mjs
	node scripts/build.mjs

docs: install ## Regenerate both modules' variables.tf from src/external/contract.ts, then the READMEs' inputs/outputs tables
	node scripts/gen-inputs.mjs
	node scripts/module-docs.mjs

typecheck: install ## tsc --noEmit: strict, no unused locals or parameters (the project's linter)
	npx tsc --noEmit -p tsconfig.json

format: install ## Format the TypeScript and JavaScript with prettier
	npx prettier --write --log-level warn $(FORMATTED)

format-check: install ## Fail when a file is not formatted as prettier would
	npx prettier --check --log-level warn $(FORMATTED)

test: toolchain build typecheck format-check ## Every test: unit, simulator conformance, shim integration, real-Terraform end-to-end
	node --import tsx --test --test-concurrency=2 $(TEST_FILES)

demo: toolchain build ## terraform apply of terraform/examples/local against the simulator and moto
	node --import tsx scripts/demo.ts

bench: toolchain build ## Benchmarks; they print their figures
	node --import tsx bench/run.ts

lint-terraform: build ## Run our own validator over terraform/
	node bin/genesys-oauth-shim.mjs lint terraform

clean: ## Remove build output and caches
	rm -rf $(CACHE) node_modules
