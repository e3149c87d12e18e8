// A TCP port that was free a moment ago, for tests whose configuration must name the
// port before the server listens (public URL, relay URLs). Never a fixed number: test
// files run side by side, and CI may run next to anything.
import net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
