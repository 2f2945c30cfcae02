// Route tables: "METHOD /template/{id}" → handler. The template string is also the counter and fault key.
import type { RequestContext, SimResponse } from "./http.js";

export type Handler = (ctx: RequestContext) => Promise<SimResponse> | SimResponse;

export interface Route {
  key: string;
  method: string;
  pattern: RegExp;
  paramNames: string[];
  handle: Handler;
}

export function route(method: string, template: string, handle: Handler): Route {
  const paramNames: string[] = [];
  const source = template
    .split("/")
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      paramNames.push(param[1]);
      return "([^/]+)";
    })
    .join("/");
  return { key: `${method} ${template}`, method, pattern: new RegExp(`^${source}$`), paramNames, handle };
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch | undefined {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    candidate.paramNames.forEach((name, index) => {
      params[name] = decodeURIComponent(match[index + 1] ?? "");
    });
    return { route: candidate, params };
  }
  return undefined;
}
