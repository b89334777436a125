import { context, type Span, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { contextFrom, crmTracer, type TraceHeaders, withSpan } from "./tracing.ts";

/**
 * A server span per HTTP request, continuing the caller's trace (a `traceparent` header), and
 * active while the handler runs, so what the handler appends is part of the request's trace.
 * preHandler, not onRequest: the body is parsed in between, outside the request's context.
 */
export const requestTracing = fp(
  async (app: FastifyInstance) => {
    const spans = new WeakMap<FastifyRequest, Span>();
    app.addHook("onRequest", async (request, reply) => {
      const route = request.routeOptions.url ?? "unknown route";
      const span = crmTracer().startSpan(
        `${request.method} ${route}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            "http.request.method": request.method,
            "http.route": route,
          },
        },
        contextFrom(request.headers as TraceHeaders),
      );
      spans.set(request, span);
      // The request's log lines (fastify's "request completed" included) name its trace.
      request.log = request.log.child({ traceId: span.spanContext().traceId });
      reply.log = request.log;
    });
    app.addHook("preHandler", (request, _reply, done) => {
      const span = spans.get(request);
      if (!span) return done();
      context.with(withSpan(span, context.active()), done);
    });
    app.addHook("onResponse", async (request, reply) => {
      const span = spans.get(request);
      if (!span) return;
      span.setAttribute("http.response.status_code", reply.statusCode);
      span.setAttribute("crm.correlation_id", String(reply.getHeader("x-correlation-id") ?? ""));
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
  },
  { name: "request-tracing" },
);
