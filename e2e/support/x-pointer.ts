// Which window the pointer is in at a point of an X display: moves the pointer there and
// asks the X server (QueryPointer on the root: the top-level window containing it, 0 for
// the root itself). A window whose input region is empty (SHAPE) is never the answer: the
// pointer, and clicks, go through it.
import x11 from 'x11';

export function windowUnderPointer(display: string, x: number, y: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const client = x11.createClient({ display, shm: false }, (err, d) => {
      if (err || !d?.screen[0]) return reject(err ?? new Error(`no screen on ${display}`));
      const root = d.screen[0].root;
      d.client.WarpPointer(0, root, 0, 0, 0, 0, x, y);
      d.client.QueryPointer(root, (qerr, pointer) => {
        d.client.close();
        if (qerr) reject(qerr);
        else resolve(pointer.child);
      });
    });
    client.on('error', reject);
  });
}
