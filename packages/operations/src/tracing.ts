import { type Context, context, propagation, ROOT_CONTEXT, type Span, trace } from "@opentelemetry/api";

// Contract section 12: one trace from the HTTP command through the append, the relay, the
// Kafka message (W3C trace context in its headers) and the projector. Spans are made at
// those seams by our own code, through the OpenTelemetry API, rather than by patching
// libraries as they load: the services are ES modules run from TypeScript, where the
// patching instrumentations need loader hooks, and the seams are few. Without
// OTEL_EXPORTER_OTLP_ENDPOINT nothing is set up: the API's tracer is a no-op, no SDK is
// even loaded, and no trace headers are written.

/** W3C trace context as it travels in message headers and event metadata (`traceparent`, `tracestate`). */
export type TraceHeaders = Record<string, string>;

export type Tracing = { enabled: boolean; shutdown(): Promise<void> };

/** Sets up tracing for a process when OTEL_EXPORTER_OTLP_ENDPOINT is set (OTLP over HTTP, JSON). */
export const startTracing = async (
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Tracing> => {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return { enabled: false, shutdown: async () => undefined };
  // Loaded only now: a process without an endpoint pays nothing for the SDK.
  const [
    { BatchSpanProcessor, TracerProvider },
    { OTLPTraceExporter },
    { AsyncLocalStorageContextManager },
    core,
    resources,
  ] = await Promise.all([
    import("@opentelemetry/sdk-trace"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/context-async-hooks"),
    import("@opentelemetry/core"),
    import("@opentelemetry/resources"),
  ]);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
  const provider = new TracerProvider({
    resource: resources.resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME ?? serviceName }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter(),
        scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY ?? 1_000),
      }),
    ],
  });
  trace.setGlobalTracerProvider(provider);
  return { enabled: true, shutdown: () => provider.shutdown() };
};

export const crmTracer = () => trace.getTracer("crm");

/** The active (or given) context as trace headers; undefined while tracing is off or nothing is traced. */
export const traceHeadersOf = (from: Context = context.active()): TraceHeaders | undefined => {
  const carrier: TraceHeaders = {};
  propagation.inject(from, carrier);
  return carrier.traceparent ? carrier : undefined;
};

/** The context trace headers carry (a new root when there are none). */
export const contextFrom = (headers: TraceHeaders | undefined): Context =>
  headers ? propagation.extract(ROOT_CONTEXT, headers) : ROOT_CONTEXT;

/** The context with this span active. */
export const withSpan = (span: Span, parent: Context = context.active()): Context =>
  trace.setSpan(parent, span);

/** Fields for every log line written while a span is active (pino's `mixin`). */
export const traceLogFields = (): Record<string, string> => {
  const span = trace.getActiveSpan()?.spanContext();
  return span && trace.isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : {};
};
