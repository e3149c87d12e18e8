import { describe, expect, it } from 'vitest';
import { buildFramebufferUpdateRequest, buildKeyEvent, buildPointerEvent } from '@roomwarden/protocol';
import { isUpdateRequestsOnly } from './session-relay.ts';

describe('isUpdateRequestsOnly (what does not count as activity)', () => {
  const fbur = buildFramebufferUpdateRequest({ incremental: true, x: 0, y: 0, width: 800, height: 600 });

  it('is true for frames made only of FramebufferUpdateRequests', () => {
    expect(isUpdateRequestsOnly(fbur)).toBe(true);
    expect(isUpdateRequestsOnly(Buffer.concat([fbur, fbur, fbur]))).toBe(true);
  });

  it('is false for input, for mixed frames and for anything else', () => {
    expect(isUpdateRequestsOnly(buildPointerEvent(0, 1, 1))).toBe(false);
    expect(isUpdateRequestsOnly(buildKeyEvent(true, 0x61))).toBe(false);
    expect(isUpdateRequestsOnly(Buffer.concat([fbur, buildKeyEvent(true, 0x61), Buffer.alloc(2)]))).toBe(false);
    expect(isUpdateRequestsOnly(Buffer.concat([fbur, Buffer.from([5, 0, 0, 1, 0, 1, 0, 0, 0, 0])]))).toBe(false);
    expect(isUpdateRequestsOnly(Buffer.alloc(0))).toBe(false);
    expect(isUpdateRequestsOnly(fbur.subarray(0, 4))).toBe(false);
  });
});
