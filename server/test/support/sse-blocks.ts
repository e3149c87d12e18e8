// The SSE block reader lives in protocol (the benchmarks read the stream too).
export { readSseBlocks, type SseBlock } from '@roomwarden/protocol';
