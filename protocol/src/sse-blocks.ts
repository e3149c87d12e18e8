// Reads a Server-Sent Events body (GET /api/v1/events, as the tests and the benchmarks read
// it) block by block (a block ends at a blank line): each block's `id`, `event` and `data`
// fields, and whether it was a keep-alive comment.
export interface SseBlock {
  id?: string;
  event?: string;
  data?: string;
  keepAlive: boolean;
}

/** Calls `onBlock` for each block until the body ends; an abort of `signal` ends it quietly. */
export async function readSseBlocks(body: ReadableStream<Uint8Array>, signal: AbortSignal, onBlock: (block: SseBlock) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let i: number;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const fields = Object.fromEntries(block.split('\n').filter((l) => /^(id|event|data):/.test(l)).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
        onBlock({ ...fields, keepAlive: block.includes(': keep-alive') });
      }
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  } finally {
    reader.releaseLock();
  }
}
