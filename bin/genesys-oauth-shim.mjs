#!/usr/bin/env node
import "../terraform/modules/oauth-clients/shim/genesys-oauth-shim.mjs";
