// How the nodes of a cluster reach each other about agents: a call to one node (answered by
// it, or refused after a timeout) and news for every node. Everything crosses as text and
// is parsed with the protocol's schemas on arrival, whatever carries it: NATS between
// processes (nats-node-channel.ts), or NodeHub between apps in one process (tests).
import { decodeAgentNews, decodeNodeCall, decodeNodeReply, type AgentNews, type NodeCall, type NodeReply } from '@roomwarden/protocol';

export class NodeUnreachableError extends Error {
  override readonly name = 'NodeUnreachableError';
  constructor(
    readonly nodeId: string,
    why: string,
  ) {
    super(`node ${nodeId} did not answer: ${why}`);
  }
}

export interface NodeChannel {
  /** Asks one node; rejects with NodeUnreachableError when it does not answer in time. */
  call(nodeId: string, call: NodeCall): Promise<NodeReply>;
  /** Answers the calls for this node. Returns the stop. */
  serve(handler: (call: NodeCall) => Promise<NodeReply>): () => void;
  /** Tells every other node. */
  publish(news: AgentNews): void;
  /** News from the other nodes (never this node's own). Returns the unsubscribe. */
  onNews(handler: (news: AgentNews) => void): () => void;
}

/** The nodes of one process, for tests: each node's channel is `hub.channel(nodeId)`. */
export class NodeHub {
  readonly #servers = new Map<string, (text: string) => Promise<string>>();
  readonly #listeners = new Map<string, Set<(text: string) => void>>();

  readonly #timeoutMs: number;
  readonly #onRejected: (err: unknown) => void;

  /** `onRejected`: news that did not parse (an EventParseError), dropped. */
  constructor(opts: { timeoutMs?: number; onRejected: (err: unknown) => void }) {
    this.#timeoutMs = opts.timeoutMs ?? 2_000;
    this.#onRejected = opts.onRejected;
  }

  channel(nodeId: string): NodeChannel {
    return {
      call: async (to, call) => {
        const server = this.#servers.get(to);
        if (!server) throw new NodeUnreachableError(to, 'no such node');
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new NodeUnreachableError(to, 'timed out')), this.#timeoutMs);
        });
        try {
          return decodeNodeReply(await Promise.race([server(JSON.stringify(call)), timeout]));
        } finally {
          clearTimeout(timer);
        }
      },
      serve: (handler) => {
        const server = async (text: string) => JSON.stringify(await handler(decodeNodeCall(text)));
        this.#servers.set(nodeId, server);
        return () => {
          if (this.#servers.get(nodeId) === server) this.#servers.delete(nodeId);
        };
      },
      publish: (news) => {
        const text = JSON.stringify(news);
        for (const [node, set] of this.#listeners) if (node !== nodeId) for (const l of set) queueMicrotask(() => l(text));
      },
      onNews: (handler) => {
        const listener = (text: string) => {
          let news: AgentNews;
          try {
            news = decodeAgentNews(text);
          } catch (err) {
            this.#onRejected(err);
            return;
          }
          handler(news);
        };
        const set = this.#listeners.get(nodeId) ?? new Set();
        set.add(listener);
        this.#listeners.set(nodeId, set);
        return () => set.delete(listener);
      },
    };
  }
}
