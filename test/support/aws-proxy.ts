// A fault-injecting loopback proxy in front of moto (not a mock): it counts Secrets Manager operations by their
// X-Amz-Target header and, when told, answers the next N calls of an operation with an AWS JSON error instead of
// (or after) forwarding them. Everything else reaches moto unchanged.
import { randomUUID } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export const SECRETS_MANAGER_WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  "CreateSecret",
  "PutSecretValue",
  "UpdateSecret",
  "TagResource",
  "UntagResource",
  "DeleteSecret",
  "RestoreSecret",
  "UpdateSecretVersionStage",
  "RotateSecret",
]);

export interface InjectedFault {
  /** HTTP status (default 500). */
  status?: number;
  /** AWS error code for __type and x-amzn-ErrorType (default InternalServiceError). */
  type?: string;
  message?: string;
  /**
   * error (default): answer with the error, moto never sees the call.
   * commit-then-error: forward to moto (the write happens), then answer with the error instead of moto's reply.
   * reset: destroy the connection without an answer. commit-then-reset: forward, then destroy the connection.
   */
  mode?: "error" | "commit-then-error" | "reset" | "commit-then-reset";
}

export interface SecretsManagerProxy {
  /** http://127.0.0.1:PORT, for AWS_ENDPOINT_URL_SECRETS_MANAGER */
  url: string;
  /** Calls received per operation ("CreateSecret", ...), faulted ones included. */
  counts(): Record<string, number>;
  /** Calls of write operations received (faulted ones included). */
  writeCount(): number;
  /** Calls that were answered with an injected fault, per operation. */
  faultCounts(): Record<string, number>;
  /** The next `times` calls of `operation` ("PutSecretValue" or "secretsmanager.PutSecretValue") fail. */
  failNext(operation: string, times: number, fault?: InjectedFault): void;
  /** Clears counts and pending faults. */
  reset(): void;
  close(): Promise<void>;
}

const TARGET_PREFIX = "secretsmanager.";

function operationName(value: string): string {
  return value.startsWith(TARGET_PREFIX) ? value.slice(TARGET_PREFIX.length) : value;
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

function sendFault(res: ServerResponse, operation: string, fault: InjectedFault): void {
  const type = fault.type ?? "InternalServiceError";
  const body = JSON.stringify({ __type: type, message: fault.message ?? `injected fault for ${operation}` });
  res.writeHead(fault.status ?? 500, {
    "content-type": "application/x-amz-json-1.1",
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": randomUUID(),
    "x-amzn-errortype": type,
  });
  res.end(body);
}

/** preserveHost: forward the Host header as signed, so a moto that checks SigV4 signatures (IAM enforcement) accepts it. */
export async function startSecretsManagerProxy(targetUrl: string, options: { preserveHost?: boolean } = {}): Promise<SecretsManagerProxy> {
  const preserveHost = options.preserveHost === true;
  const target = new URL(targetUrl);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(target.hostname)) {
    throw new Error(`the proxy forwards to loopback only, not ${target.hostname}`);
  }
  const counts = new Map<string, number>();
  const faulted = new Map<string, number>();
  const pending = new Map<string, { times: number; fault: InjectedFault }[]>();
  const sockets = new Set<Socket>();

  const takeFault = (operation: string): InjectedFault | undefined => {
    const queue = pending.get(operation);
    const head = queue?.[0];
    if (queue === undefined || head === undefined) return undefined;
    head.times -= 1;
    if (head.times <= 0) queue.shift();
    if (queue.length === 0) pending.delete(operation);
    return head.fault;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const header = req.headers["x-amz-target"];
    const operation = typeof header === "string" ? operationName(header) : undefined;
    const fault = operation === undefined ? undefined : takeFault(operation);
    if (operation !== undefined) counts.set(operation, (counts.get(operation) ?? 0) + 1);
    if (operation !== undefined && fault !== undefined) {
      faulted.set(operation, (faulted.get(operation) ?? 0) + 1);
      const mode = fault.mode ?? "error";
      if (mode === "commit-then-error" || mode === "commit-then-reset") await forward(target, req, body, preserveHost);
      if (mode === "reset" || mode === "commit-then-reset") {
        req.socket.destroy();
        return;
      }
      sendFault(res, operation, fault);
      return;
    }
    const upstream = await forward(target, req, body, preserveHost);
    res.writeHead(upstream.status, upstream.headers);
    res.end(upstream.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = JSON.stringify({ __type: "ProxyError", message: `aws-proxy: ${String(error)}` });
      res.writeHead(502, { "content-type": "application/x-amz-json-1.1", "content-length": Buffer.byteLength(body) });
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
    counts: () => Object.fromEntries(counts),
    writeCount: () => [...counts].reduce((sum, [op, n]) => (SECRETS_MANAGER_WRITE_OPERATIONS.has(op) ? sum + n : sum), 0),
    faultCounts: () => Object.fromEntries(faulted),
    failNext(operation, times, fault = {}) {
      if (!Number.isInteger(times) || times < 1) throw new Error(`failNext: times must be a positive integer, got ${times}`);
      const op = operationName(operation);
      const queue = pending.get(op) ?? [];
      queue.push({ times, fault });
      pending.set(op, queue);
    },
    reset() {
      counts.clear();
      faulted.clear();
      pending.clear();
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
