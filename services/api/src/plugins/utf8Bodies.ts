import { MIMEType } from "node:util";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { ApiError } from "../apiError.ts";

const UTF_8 = new Set(["utf-8", "utf8"]);

const declaredCharset = (contentType: string): string | undefined => {
  try {
    return new MIMEType(contentType).params.get("charset")?.toLowerCase();
  } catch {
    return undefined; // a malformed header is the body parser's to refuse
  }
};

/**
 * JSON travels as UTF-8 (RFC 8259), and the parser reads bytes as UTF-8: a body declared in
 * another charset would be read as something the client did not send. Contract section 8: 415.
 */
export const utf8Bodies = fp(
  async (app: FastifyInstance) => {
    app.addHook("onRequest", async (request) => {
      const contentType = request.headers["content-type"];
      if (contentType === undefined) return;
      const charset = declaredCharset(contentType);
      if (charset !== undefined && !UTF_8.has(charset))
        throw new ApiError(
          415,
          "unsupported_media_type",
          `a body in charset ${charset} is not accepted: send JSON as UTF-8 (charset=utf-8 or none)`,
        );
    });
  },
  { name: "utf8-bodies" },
);
