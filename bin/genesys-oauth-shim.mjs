#!/usr/bin/env node
import "../dist/genesys-oauth-shim.mjs";
