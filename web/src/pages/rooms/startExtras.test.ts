import { describe, expect, it } from 'vitest';
import { startExtras } from './startExtras.ts';

describe('what Start session sends beyond the mode', () => {
  it('sends nothing more by default, and the display chosen', () => {
    expect(startExtras({ display: undefined, reason: '' }, false, 'modify')).toEqual({ body: {}, ready: true });
    expect(startExtras({ display: 'whiteboard', reason: '' }, false, 'view')).toEqual({ body: { display: 'whiteboard' }, ready: true });
  });

  it('during a meeting, waits for a Modify holder to give a reason and sends it as the override', () => {
    expect(startExtras({ display: undefined, reason: '  ' }, true, 'modify')).toEqual({ body: {}, ready: false });
    expect(startExtras({ display: 'front', reason: ' The presenter asked ' }, true, 'modify')).toEqual({ body: { display: 'front', override: { reason: 'The presenter asked' } }, ready: true });
  });

  it('never lets a View holder start during a meeting, and sends no override outside one', () => {
    expect(startExtras({ display: undefined, reason: 'please' }, true, 'view')).toEqual({ body: {}, ready: false });
    expect(startExtras({ display: undefined, reason: 'left over' }, false, 'modify')).toEqual({ body: {}, ready: true });
  });
});
