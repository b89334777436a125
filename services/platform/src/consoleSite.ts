import { existsSync } from "node:fs";
import { join } from "node:path";
import { CONSOLE_DIST } from "@crm/console";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

// Contract section 13: the web console is served by the same process at `/`; the API stays
// at /api/v1 and its documentation at /docs. Client-side routes (/customers/…, /audit, …)
// get the page itself, so a reload or a shared link opens the same screen.

const SERVER_PATHS = /^\/(api|docs|health)(\/|$|\?)/;

/** Serves the console's build when there is one (`npm start` makes it; see @crm/console/build). */
export const serveConsole = async (app: FastifyInstance, dist = CONSOLE_DIST) => {
  if (!existsSync(join(dist, "index.html"))) {
    app.log.warn(`no console build in ${dist}: run \`npm start\` (it builds it) to get the web console`);
    return;
  }
  await app.register(fastifyStatic, {
    root: dist,
    wildcard: false,
    // Hashed file names never change their content; the page itself must always be fresh.
    setHeaders: (reply, path) =>
      reply.header(
        "cache-control",
        path.includes(`${join(dist, "assets")}`) ? "public, max-age=31536000, immutable" : "no-cache",
      ),
  });
  app.get("/*", { schema: { hide: true } }, (request, reply) => {
    if (SERVER_PATHS.test(request.url)) return reply.callNotFound();
    return reply.sendFile("index.html");
  });
};
