// A loopback reverse proxy that holds every request for a fixed delay before forwarding it, and records when each
// request arrived and when its answer left. From those lifetimes it tells how many round trips ran in sequence:
// the longest chain of requests each of which began after the previous one had ended.
import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface RequestSpan {
  label: string;
  startMs: number;
  endMs: number;
}

export interface LatencyRecorder {
  spans: RequestSpan[];
}

export interface DelayingProxy {
  url: string;
  close(): Promise<void>;
}

/** Forwards everything to `target` (loopback only) after `delayMs`; each request's lifetime goes to `recorder`. */
export async function startDelayingProxy(name: string, target: string, delayMs: number, recorder: LatencyRecorder): Promise<DelayingProxy> {
  const upstream = new URL(target);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(upstream.hostname))
    throw new Error(`the latency proxy forwards to loopback only, not ${upstream.hostname}`);
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const startMs = performance.now();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      setTimeout(() => {
        const headers = { ...req.headers, host: upstream.host };
        const out = httpRequest({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
          reply.on("end", () =>
            recorder.spans.push({
              label: `${name}: ${req.method} ${req.url?.split("?")[0]}${typeof req.headers["x-amz-target"] === "string" ? ` ${req.headers["x-amz-target"]}` : ""}`,
              startMs,
              endMs: performance.now(),
            }),
          );
        });
        out.on("error", () => res.destroy());
        out.end(Buffer.concat(chunks));
      }, delayMs);
    });
  };
  const server = createServer(handle);
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
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        agent.destroy();
      }),
  };
}

/** The longest chain of requests in which each began after the one before it had ended. */
export function sequentialRoundTrips(spans: readonly RequestSpan[]): number {
  const byEnd = [...spans].sort((a, b) => a.endMs - b.endMs);
  const chain: number[] = [];
  let longest = 0;
  byEnd.forEach((span, i) => {
    let best = 0;
    for (let j = 0; j < i; j++) if (byEnd[j]!.endMs <= span.startMs) best = Math.max(best, chain[j]!);
    chain[i] = best + 1;
    longest = Math.max(longest, chain[i]!);
  });
  return longest;
}
