// A client for the agent's raw data path: an HTTP Upgrade to `roomwarden-relay/1` on the
// relay URL, over HTTP or HTTPS, keeping every byte the relay sends after the 101.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { RELAY_RAW_UPGRADE } from '@roomwarden/protocol';

export type RawUpgrade = { status: 101; peer: RawPeer } | { status: number; body: { error?: { code: string; message: string } } };

export class RawPeer {
  readonly chunks: Buffer[] = [];
  received = 0;
  readonly closed: Promise<{ cleanEnd: boolean }>;
  constructor(readonly socket: Socket) {
    let ended = false;
    socket.on('data', (d: Buffer) => {
      this.chunks.push(d);
      this.received += d.length;
    });
    socket.on('end', () => {
      ended = true;
      socket.end();
    });
    socket.on('error', () => socket.destroy());
    this.closed = new Promise((resolve) => socket.once('close', () => resolve({ cleanEnd: ended })));
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
  send(data: Uint8Array): void {
    this.socket.write(data);
  }
}

/** Asks for the raw upgrade at `url` (ws/wss/http/https); `upgrade` overrides the protocol asked for. */
export function rawUpgrade(url: string, opts: { upgrade?: string; ca?: string | Buffer } = {}): Promise<RawUpgrade> {
  const u = new URL(url);
  const secure = u.protocol === 'wss:' || u.protocol === 'https:';
  u.protocol = secure ? 'https:' : 'http:';
  const client = secure ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(u, { method: 'GET', agent: false, headers: { Connection: 'Upgrade', Upgrade: opts.upgrade ?? RELAY_RAW_UPGRADE }, ...(opts.ca ? { ca: opts.ca } : {}) });
    req.on('upgrade', (res, socket, head) => {
      if (head.length > 0) socket.unshift(head);
      if (res.statusCode !== 101 || res.headers.upgrade !== RELAY_RAW_UPGRADE) reject(new Error(`switched with ${res.statusCode} to ${res.headers.upgrade}`));
      else resolve({ status: 101, peer: new RawPeer(socket as Socket) });
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let body: { error?: { code: string; message: string } } = {};
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          body = {}; // not the contract's JSON (e.g. ws's plain "Bad Request"): the status says enough
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('no answer to the raw upgrade in 5 s')));
    req.end();
  });
}

export async function rawPeer(url: string, opts: { ca?: string | Buffer } = {}): Promise<RawPeer> {
  const r = await rawUpgrade(url, opts);
  if ('peer' in r) return r.peer;
  throw new Error(`raw upgrade refused: ${r.status} ${JSON.stringify(r.body)}`);
}
