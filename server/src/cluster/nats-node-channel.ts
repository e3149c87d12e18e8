// The NodeChannel over NATS: a call to node X is a NATS request on `<prefix>.node.X.call`
// (only X subscribes to it; no responder or no answer in time is NodeUnreachableError), and
// agents' news is published on `<prefix>.agent-news`, which every node subscribes to. Text
// both ways, parsed with the protocol's schemas when received; what does not parse is
// dropped and reported (a call that does not parse is answered with an error reply).
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { decodeAgentNews, decodeNodeCall, decodeNodeReply, type AgentNews, type NodeCall, type NodeReply } from '@roomwarden/protocol';
import { NodeUnreachableError, type NodeChannel } from './node-channel.ts';

export interface NatsNodeChannelOptions {
  nodeId: string;
  /** Subject prefix, one per cluster (tests use their own). */
  prefix?: string;
  /** How long a call waits for its answer. */
  timeoutMs?: number;
  /** A message that did not parse (EventParseError) or a handler that failed: logged, never thrown. */
  onRejected: (err: unknown, what: string) => void;
}

export class NatsNodeChannel implements NodeChannel {
  readonly #prefix: string;
  readonly #timeoutMs: number;

  constructor(
    private readonly nc: NatsConnection,
    private readonly opts: NatsNodeChannelOptions,
  ) {
    this.#prefix = opts.prefix ?? 'roomwarden';
    this.#timeoutMs = opts.timeoutMs ?? 2_000;
  }

  async call(nodeId: string, call: NodeCall): Promise<NodeReply> {
    let answer: string;
    try {
      answer = (await this.nc.request(this.#callSubject(nodeId), JSON.stringify(call), { timeout: this.#timeoutMs })).string();
    } catch (err) {
      throw new NodeUnreachableError(nodeId, err instanceof Error ? err.message : String(err));
    }
    return decodeNodeReply(answer);
  }

  serve(handler: (call: NodeCall) => Promise<NodeReply>): () => void {
    const sub: Subscription = this.nc.subscribe(this.#callSubject(this.opts.nodeId), {
      callback: (err, msg) => {
        if (err) return this.opts.onRejected(err, 'node calls subscription');
        let call: NodeCall;
        try {
          call = decodeNodeCall(msg.string());
        } catch (parseErr) {
          this.opts.onRejected(parseErr, 'node call');
          msg.respond(JSON.stringify({ type: 'error', code: 'INVALID_CALL', message: parseErr instanceof Error ? parseErr.message.slice(0, 500) : 'invalid call' } satisfies NodeReply));
          return;
        }
        handler(call).then(
          (reply) => msg.respond(JSON.stringify(reply)),
          (handlerErr: unknown) => {
            this.opts.onRejected(handlerErr, `node call ${call.type}`);
            msg.respond(JSON.stringify({ type: 'error', code: 'INTERNAL', message: 'the node could not answer' } satisfies NodeReply));
          },
        );
      },
    });
    return () => sub.unsubscribe();
  }

  publish(news: AgentNews): void {
    this.nc.publish(`${this.#prefix}.agent-news`, JSON.stringify(news));
  }

  onNews(handler: (news: AgentNews) => void): () => void {
    const sub = this.nc.subscribe(`${this.#prefix}.agent-news`, {
      callback: (err, msg) => {
        if (err) return this.opts.onRejected(err, 'agent news subscription');
        let news: AgentNews;
        try {
          news = decodeAgentNews(msg.string());
        } catch (parseErr) {
          return this.opts.onRejected(parseErr, 'agent news');
        }
        if (news.originNode !== this.opts.nodeId) handler(news);
      },
    });
    return () => sub.unsubscribe();
  }

  #callSubject(nodeId: string): string {
    // A node id is one NATS token: dots, wildcards and spaces would change the subject.
    return `${this.#prefix}.node.${nodeId.replace(/[.*> \t\r\n]/g, '_')}.call`;
  }
}
