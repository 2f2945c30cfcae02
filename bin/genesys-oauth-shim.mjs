#!/usr/bin/env node
import "../terraform/modules/oauth-client/shim/genesys-oauth-shim.mjs";
