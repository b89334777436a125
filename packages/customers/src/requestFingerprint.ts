import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** Same request body, same fingerprint, whatever the key order the client sent. */
export const requestFingerprint = (body: unknown): string =>
  createHash("sha256")
    .update(canonicalize(body) ?? "")
    .digest("hex");
