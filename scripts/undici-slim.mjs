// What the bundle gets for `import … from "undici"` (scripts/build.mjs aliases it here): the dispatchers and the
// request API the shim uses (an ES module, so a missing export is a build error), without undici's index, which loads fetch, WebSocket, EventSource, the mock agents,
// the cache stores and every interceptor at start-up (about 60% of undici's bytes, evaluated on every Terraform
// run). An import of anything not exported here fails the build, not the run: add it here when src/ needs it.
// makeDispatcher is undici's own (index.js, MIT), so request() behaves exactly as the package's.
import Dispatcher from "undici/lib/dispatcher/dispatcher.js";
import Agent from "undici/lib/dispatcher/agent.js";
import Client from "undici/lib/dispatcher/client.js";
import Pool from "undici/lib/dispatcher/pool.js";
import errors from "undici/lib/core/errors.js";
import util from "undici/lib/core/util.js";
import api from "undici/lib/api/index.js";
import globalDispatcher from "undici/lib/global.js";

const { getGlobalDispatcher, setGlobalDispatcher } = globalDispatcher;

const { InvalidArgumentError } = errors;

Object.assign(Dispatcher.prototype, api);

function makeDispatcher(fn) {
  return (url, opts, handler) => {
    if (typeof opts === "function") {
      handler = opts;
      opts = null;
    }

    if (!url || (typeof url !== "string" && typeof url !== "object" && !(url instanceof URL))) {
      throw new InvalidArgumentError("invalid url");
    }

    if (opts != null && typeof opts !== "object") {
      throw new InvalidArgumentError("invalid opts");
    }

    if (opts && opts.path != null) {
      if (typeof opts.path !== "string") {
        throw new InvalidArgumentError("invalid opts.path");
      }

      let path = opts.path;
      if (!opts.path.startsWith("/")) {
        path = `/${path}`;
      }

      url = new URL(util.parseOrigin(url).origin + path);
    } else {
      if (!opts) {
        opts = typeof url === "object" ? url : {};
      }

      url = util.parseURL(url);
    }

    const { agent, dispatcher = getGlobalDispatcher() } = opts;

    if (agent) {
      throw new InvalidArgumentError("unsupported opts.agent. Did you mean opts.client?");
    }

    return fn.call(
      dispatcher,
      {
        ...opts,
        origin: url.origin,
        path: url.search ? `${url.pathname}${url.search}` : url.pathname,
        method: opts.method || (opts.body ? "PUT" : "GET"),
      },
      handler,
    );
  };
}

const request = makeDispatcher(api.request);
const stream = makeDispatcher(api.stream);
const pipeline = makeDispatcher(api.pipeline);

export { Agent, Client, Dispatcher, Pool, errors, getGlobalDispatcher, pipeline, request, setGlobalDispatcher, stream };
