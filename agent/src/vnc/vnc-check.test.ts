import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkVnc } from './vnc-check.ts';

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A minimal RFB 3.8 server with VNC authentication: accepts any response when `accept`, names its desktop. */
async function rfbServer(accept: boolean): Promise<number> {
  const server = createServer((socket: Socket) => {
    let step = 0;
    socket.write('RFB 003.008\n');
    socket.on('data', () => {
      step++;
      if (step === 1) socket.write(Buffer.from([1, 2])); // one security type: VNC authentication
      else if (step === 2) socket.write(Buffer.alloc(16, 7)); // the challenge
      else if (step === 3 && !accept) {
        const reason = Buffer.from('Authentication failed');
        const len = Buffer.alloc(4);
        len.writeUInt32BE(reason.length);
        socket.end(Buffer.concat([Buffer.from([0, 0, 0, 1]), len, reason]));
      } else if (step === 3) socket.write(Buffer.from([0, 0, 0, 0]));
      else if (step === 4) {
        const name = Buffer.from('Room 4.01');
        const init = Buffer.alloc(24);
        init.writeUInt16BE(1280, 0);
        init.writeUInt16BE(720, 2);
        init.writeUInt32BE(name.length, 20);
        socket.write(Buffer.concat([init, name]));
      }
    });
    socket.on('error', () => socket.destroy());
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as { port: number }).port;
}

describe('checkVnc', () => {
  it('completes the handshake with the password and reads the desktop name', async () => {
    const port = await rfbServer(true);
    expect(await checkVnc({ host: '127.0.0.1', port, password: 'secret' })).toEqual({ ok: true, desktopName: 'Room 4.01' });
  });

  it('says why when the server refuses the password', async () => {
    const port = await rfbServer(false);
    const r = await checkVnc({ host: '127.0.0.1', port, password: 'wrong' });
    expect(r).toEqual({ ok: false, message: expect.stringContaining('refused the password: Authentication failed') });
  });

  it('says why when there is no password but the server needs one', async () => {
    const port = await rfbServer(true);
    const r = await checkVnc({ host: '127.0.0.1', port });
    expect(r).toEqual({ ok: false, message: expect.stringContaining('requires a password') });
  });

  it('says why when nothing listens', async () => {
    const port = await rfbServer(true);
    servers.splice(0).forEach((s) => s.close());
    await new Promise((r) => setTimeout(r, 50));
    const r = await checkVnc({ host: '127.0.0.1', port });
    expect(r).toEqual({ ok: false, message: expect.stringContaining('cannot reach the VNC server') });
  });
});
