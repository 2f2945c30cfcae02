// A fault-injecting loopback HTTP proxy (not a mock): every request is forwarded to the real server behind it (moto,
// or the Genesys simulator) unless a fault says otherwise. It labels requests ("PutSecretValue",
// "POST /api/v2/oauth/clients/{id}/secret"), counts them, records when each started and ended (to count round trips
// in sequence), can add latency, and can be told to fault the next N requests of a label:
//   error / commit-then-error   answer with a status (with or without Retry-After) before / after the server applied it
//   reset / commit-then-reset   drop the connection before / after the server applied it
//   commit-then-truncate        forward, then answer with the server's status and the first half of its body
//   stall                       hold the request for a while, then forward it
//   hang                        accept it and never answer
// Hooks run before forwarding and after the server answered: the kill matrix SIGKILLs the shim from them.
import { randomUUID } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface InjectedFault {
  /** HTTP status for error modes (default 500). */
  status?: number;
  /** AWS error code for __type and x-amzn-ErrorType, or the Genesys error code (default per service). */
  type?: string;
  message?: string;
  /** A Retry-After header value for error modes. */
  retryAfter?: string;
  /** Let this many matching requests through unharmed before the fault applies. */
  after?: number;
  /** For stall: how long (default 2000 ms). */
  stallMs?: number;
  mode?: "error" | "commit-then-error" | "commit-then-truncate" | "reset" | "commit-then-reset" | "stall" | "hang";
  /** commit-then-error: the error body echoes the `secret` the server just issued (in a field and in free text). */
  echoUpstreamSecret?: boolean;
  /** Set by the proxy for echoUpstreamSecret. */
  issuedSecret?: string;
}

export interface RequestRecord {
  /** Position in the shared sequence (1-based) across all proxies that share it. */
  seq: number;
  label: string;
  startedAt: number;
  endedAt: number | undefined;
  proxy: string;
}

/** One sequence shared by several proxies, so "the shim's Nth request" counts across services. */
export class RequestSequence {
  readonly records: RequestRecord[] = [];
  next(label: string, proxy: string): RequestRecord {
    const record: RequestRecord = { seq: this.records.length + 1, label, startedAt: Date.now(), endedAt: undefined, proxy };
    this.records.push(record);
    return record;
  }
  clear(): void {
    this.records.length = 0;
  }
}

/** "drop": the proxy destroys the connection instead of going on (the test has usually just killed the shim). */
export type HookResult = "drop" | void;
export interface ProxyHooks {
  beforeForward?(record: RequestRecord): Promise<HookResult> | HookResult;
  afterForward?(record: RequestRecord): Promise<HookResult> | HookResult;
}

export interface ServiceShape {
  name: string;
  label(req: IncomingMessage): string;
  errorReply(label: string, fault: InjectedFault): { status: number; headers: Record<string, string>; body: string };
}

export interface FaultProxy {
  url: string;
  name: string;
  counts(): Record<string, number>;
  faultCounts(): Record<string, number>;
  failNext(label: string, times: number, fault?: InjectedFault): void;
  /** Latency added to every request before it is forwarded. */
  setLatency(ms: number): void;
  setHooks(hooks: ProxyHooks | undefined): void;
  /** Clears counts, pending faults, latency and hooks. */
  reset(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

interface Upstream {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

function forward(target: URL, req: IncomingMessage, body: Buffer, preserveHost: boolean): Promise<Upstream> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || (name === "host" && !preserveHost) || name === "connection" || name === "transfer-encoding") continue;
    headers[name] = value;
  }
  if (!preserveHost) headers["host"] = target.host;
  headers["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const upstream = httpRequest(
      { protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const out: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value === undefined || name === "connection" || name === "transfer-encoding" || name === "keep-alive") continue;
            out[name] = value;
          }
          out["content-length"] = String(Buffer.concat(chunks).length);
          resolve({ status: res.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
        });
        res.on("error", reject);
      },
    );
    upstream.on("error", reject);
    upstream.end(body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** preserveHost: forward the Host header as signed, so a moto that checks SigV4 signatures (IAM enforcement) accepts it. */
export interface FaultProxyOptions {
  preserveHost?: boolean;
}

export async function startFaultProxy(
  targetUrl: string,
  shape: ServiceShape,
  sequence: RequestSequence = new RequestSequence(),
  options: FaultProxyOptions = {},
): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(target.hostname)) throw new Error(`the proxy forwards to loopback only, not ${target.hostname}`);
  const counts = new Map<string, number>();
  const faulted = new Map<string, number>();
  const pending = new Map<string, { times: number; skip: number; fault: InjectedFault }[]>();
  const sockets = new Set<Socket>();
  const hung = new Set<ServerResponse>();
  let latencyMs = 0;
  let hooks: ProxyHooks | undefined;

  const takeFault = (label: string): InjectedFault | undefined => {
    const head = pending.get(label)?.[0];
    if (!head) return undefined;
    if (head.skip > 0) {
      head.skip -= 1;
      return undefined;
    }
    head.times -= 1;
    if (head.times <= 0) pending.get(label)!.shift();
    if (pending.get(label)!.length === 0) pending.delete(label);
    return head.fault;
  };

  const drop = (req: IncomingMessage): void => void req.socket.destroy();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const label = shape.label(req);
    const record = sequence.next(label, shape.name);
    res.once("close", () => (record.endedAt ??= Date.now()));
    counts.set(label, (counts.get(label) ?? 0) + 1);
    if (latencyMs > 0) await sleep(latencyMs);
    if ((await hooks?.beforeForward?.(record)) === "drop") return drop(req);
    const fault = takeFault(label);
    const mode = fault?.mode ?? "error";
    if (fault) faulted.set(label, (faulted.get(label) ?? 0) + 1);
    if (fault && mode === "hang") {
      hung.add(res);
      return;
    }
    if (fault && mode === "stall") await sleep(fault.stallMs ?? 2000);
    if (fault && mode === "reset") return drop(req);
    if (fault && mode === "error") {
      const reply = shape.errorReply(label, fault);
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
      return;
    }
    const upstream = await forward(target, req, body, options.preserveHost === true);
    if ((await hooks?.afterForward?.(record)) === "drop") return drop(req);
    if (fault && mode === "commit-then-reset") return drop(req);
    if (fault && mode === "commit-then-truncate") {
      const half = upstream.body.subarray(0, Math.floor(upstream.body.length / 2));
      res.writeHead(upstream.status, { ...upstream.headers, "content-length": String(half.length) });
      res.end(half);
      return;
    }
    if (fault && mode === "commit-then-error") {
      let issued: string | undefined;
      if (fault.echoUpstreamSecret) issued = (JSON.parse(upstream.body.toString("utf8")) as { secret?: string }).secret;
      const reply = shape.errorReply(
        label,
        issued ? { ...fault, message: `could not finish after issuing the secret ${issued}; try again`, issuedSecret: issued } : fault,
      );
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
      return;
    }
    res.writeHead(upstream.status, upstream.headers);
    res.end(upstream.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return void res.destroy();
      const body = JSON.stringify({ message: `fault-proxy: ${String(error)}` });
      res.writeHead(502, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    name: shape.name,
    counts: () => Object.fromEntries(counts),
    faultCounts: () => Object.fromEntries(faulted),
    failNext(label, times, fault = {}) {
      if (!Number.isInteger(times) || times < 1) throw new Error(`failNext: times must be a positive integer, got ${times}`);
      const queue = pending.get(label) ?? [];
      queue.push({ times, skip: fault.after ?? 0, fault });
      pending.set(label, queue);
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    setHooks(next) {
      hooks = next;
    },
    reset() {
      counts.clear();
      faulted.clear();
      pending.clear();
      latencyMs = 0;
      hooks = undefined;
      for (const res of hung) res.destroy();
      hung.clear();
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

// --- the two services' shapes ---

const AWS_TARGET_PREFIX = "secretsmanager.";

export function awsOperationName(value: string): string {
  return value.startsWith(AWS_TARGET_PREFIX) ? value.slice(AWS_TARGET_PREFIX.length) : value;
}

export const SECRETS_MANAGER_SHAPE: ServiceShape = {
  name: "secretsmanager",
  label(req) {
    const header = req.headers["x-amz-target"];
    return typeof header === "string" ? awsOperationName(header) : `${req.method} ${req.url}`;
  },
  errorReply(label, fault) {
    const type = fault.type ?? "InternalServiceError";
    const body = JSON.stringify({ __type: type, message: fault.message ?? `injected fault for ${label}` });
    const headers: Record<string, string> = {
      "content-type": "application/x-amz-json-1.1",
      "content-length": String(Buffer.byteLength(body)),
      "x-amzn-requestid": randomUUID(),
      "x-amzn-errortype": type,
    };
    if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
    return { status: fault.status ?? 500, headers, body };
  },
};

/** "GET /api/v2/oauth/clients/{id}", "POST /oauth/token", as the simulator's counters name routes. */
export function genesysRoute(method: string, url: string): string {
  const path = new URL(url, "http://x").pathname;
  const templated = path.replace(/^(\/api\/v2\/oauth\/clients\/)[^/]+/, "$1{id}");
  return `${method} ${templated}`;
}

export function genesysShape(name: string): ServiceShape {
  return {
    name,
    label: (req) => genesysRoute(req.method ?? "GET", req.url ?? "/"),
    errorReply(_label, fault) {
      const status = fault.status ?? 500;
      const body = JSON.stringify({
        message: fault.message ?? "injected fault",
        code: fault.type ?? (status === 429 ? "too.many.requests" : "internal.server.error"),
        status,
        ...(fault.issuedSecret ? { secret: fault.issuedSecret } : {}),
      });
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
        "inin-correlation-id": randomUUID(),
      };
      if (fault.retryAfter !== undefined) headers["retry-after"] = fault.retryAfter;
      return { status, headers, body };
    },
  };
}
