/** One Server-Sent Event as a client parses it. */
export type StreamedEvent = { id: string | undefined; data: string };

/**
 * A reader of an SSE response over a real socket, as a downstream service would read it:
 * every event parsed (`id:`, `data:`), comment lines (heartbeats) counted, and a drop() that
 * cuts the connection mid-stream as a network failure would.
 */
export const readEventStream = async (url: string, headers: Record<string, string>) => {
  const connection = new AbortController();
  const response = await fetch(url, { headers, signal: connection.signal });
  const events: StreamedEvent[] = [];
  let comments = 0;
  const listeners = new Set<() => void>();
  const reading = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let pending = "";
    try {
      for await (const chunk of response.body) {
        pending += decoder.decode(chunk, { stream: true });
        let boundary = pending.indexOf("\n\n");
        while (boundary >= 0) {
          const block = pending.slice(0, boundary);
          pending = pending.slice(boundary + 2);
          boundary = pending.indexOf("\n\n");
          const fields = block.split("\n");
          if (fields.every((line) => line.startsWith(":"))) comments += 1;
          const data = fields.filter((line) => line.startsWith("data: ")).map((line) => line.slice(6));
          const id = fields.find((line) => line.startsWith("id: "))?.slice(4);
          if (data.length > 0) events.push({ id, data: data.join("\n") });
        }
        for (const listener of listeners) listener();
      }
    } catch {
      // dropped by drop(), or by the server
    }
    for (const listener of listeners) listener();
  })();
  let ended = false;
  void reading.then(() => {
    ended = true;
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    events,
    comments: () => comments,
    /** Resolves once the condition holds, or rejects after the timeout or when the stream ended first. */
    until: (condition: () => boolean, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`stream: condition not met within ${timeoutMs} ms (${events.length} events)`));
        }, timeoutMs);
        const check = () => {
          if (condition()) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          } else if (ended) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`stream ended before the condition held (${events.length} events)`));
          }
        };
        listeners.add(check);
        check();
      }),
    ended: () => reading,
    drop: async () => {
      connection.abort();
      await reading;
    },
  };
};
