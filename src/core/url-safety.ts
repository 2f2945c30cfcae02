import { ShimError } from "./errors.js";

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\]|::1)$/i;

/** Plain http only to loopback; anything else must be https. Used for every configurable URL. */
export function checkUrlIsSafe(value: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ShimError("UNSAFE_URL", `${source} is not a valid absolute URL.`, { hint: "Use https://host[:port]." });
  }
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:" && LOOPBACK.test(url.hostname)) return url;
  throw new ShimError(
    "UNSAFE_URL",
    `${source} uses ${url.protocol}//${url.hostname}: plain http is only allowed for loopback addresses (127.0.0.1, localhost, ::1).`,
    { hint: "Use an https:// URL." },
  );
}
