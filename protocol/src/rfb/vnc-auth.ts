// VNC authentication (RFC 6143 §7.2.2): the server sends a 16-byte challenge, the client
// answers with it DES-encrypted under the password. Node 20's `des-ecb` is gone under
// OpenSSL 3; `des-ede3-ecb` with one 8-byte key repeated three times is single DES.
// The key is the password cut or NUL-padded to 8 bytes with each byte's bits reversed
// (RFC 6143 erratum 4951). Uses node:crypto only; this module does no I/O.
import { createCipheriv, randomBytes, timingSafeEqual } from 'node:crypto';

export const VNC_CHALLENGE_LENGTH = 16;

function reverseBits(byte: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) r |= ((byte >> i) & 1) << (7 - i);
  return r;
}

/** The 8-byte DES key VNC derives from a password. */
export function vncKey(password: string): Buffer {
  const raw = Buffer.from(password, 'latin1').subarray(0, 8);
  const key = Buffer.alloc(8);
  raw.forEach((b, i) => {
    key[i] = reverseBits(b);
  });
  return key;
}

/** Single-DES ECB encryption of `data` (a multiple of 8 bytes) under an 8-byte key. */
export function desEcbEncrypt(key8: Buffer, data: Uint8Array): Buffer {
  if (key8.length !== 8) throw new RangeError('DES key must be 8 bytes');
  if (data.length % 8 !== 0) throw new RangeError('DES input must be a multiple of 8 bytes');
  const cipher = createCipheriv('des-ede3-ecb', Buffer.concat([key8, key8, key8]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** The client's 16-byte response to a VNC authentication challenge. */
export function vncAuthResponse(password: string, challenge: Uint8Array): Buffer {
  if (challenge.length !== VNC_CHALLENGE_LENGTH) throw new RangeError('VNC challenge must be 16 bytes');
  return desEcbEncrypt(vncKey(password), challenge);
}

export function newVncChallenge(): Buffer {
  return randomBytes(VNC_CHALLENGE_LENGTH);
}

/** Server side: does `response` answer `challenge` for `password`? Constant-time compare. */
export function verifyVncAuthResponse(password: string, challenge: Uint8Array, response: Uint8Array): boolean {
  if (response.length !== VNC_CHALLENGE_LENGTH) return false;
  return timingSafeEqual(vncAuthResponse(password, challenge), response);
}
