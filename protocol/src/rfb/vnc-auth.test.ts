import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { desEcbEncrypt, newVncChallenge, verifyVncAuthResponse, vncAuthResponse, vncKey } from './vnc-auth.ts';

// noVNC ships its own DES (with the VNC bit order built in): an independent reference.
async function novncDes(): Promise<{ DESECBCipher: any }> {
  const require = createRequire(import.meta.url);
  const rfbPath = require.resolve('@novnc/novnc');
  return (await import(pathToFileURL(rfbPath.replace(/rfb\.js$/, 'crypto/des.js')).href)) as { DESECBCipher: any };
}

describe('VNC authentication', () => {
  it('is single DES (FIPS 81 / classic known-answer vector)', () => {
    const key = Buffer.from('133457799BBCDFF1', 'hex');
    const out = desEcbEncrypt(key, Buffer.from('0123456789ABCDEF', 'hex'));
    expect(out.toString('hex')).toBe('85e813540f0ab405');
  });

  it('reverses the bits of each key byte and NUL-pads / cuts the password to 8 bytes', () => {
    expect(vncKey('a').toString('hex')).toBe('8600000000000000'); // 'a' = 0x61 = 01100001 → 10000110
    expect(vncKey('password').toString('hex')).toBe('0e86ceceeef64e26');
    expect(vncKey('password-longer-than-8')).toEqual(vncKey('password'));
    expect(vncKey('')).toEqual(Buffer.alloc(8));
  });

  it('answers challenges exactly as noVNC does', async () => {
    const { DESECBCipher } = await novncDes();
    for (const password of ['secret', 'password', 'x', 'longpassword!', '']) {
      const challenge = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
      const chars = Array.from(password, (c) => c.charCodeAt(0));
      const expected = Buffer.from(DESECBCipher.importKey(chars).encrypt({ name: 'DES-ECB' }, challenge) as Uint8Array);
      expect(vncAuthResponse(password, challenge)).toEqual(expected);
    }
  });

  it('verifies a response and refuses a wrong password or a malformed response', () => {
    const challenge = newVncChallenge();
    expect(challenge).toHaveLength(16);
    const response = vncAuthResponse('room-pass', challenge);
    expect(verifyVncAuthResponse('room-pass', challenge, response)).toBe(true);
    expect(verifyVncAuthResponse('other', challenge, response)).toBe(false);
    expect(verifyVncAuthResponse('room-pass', challenge, response.subarray(0, 8))).toBe(false);
    expect(() => vncAuthResponse('p', Buffer.alloc(8))).toThrow(RangeError);
  });
});
