import { describe, expect, it } from 'vitest';
import { asDisplays, selectDisplay } from './display-selection.ts';

const front = { name: 'front', host: '127.0.0.1', port: 5900, password: 'a' };
const whiteboard = { name: 'whiteboard', host: '127.0.0.1', port: 5901 };

describe('the display a session bridges', () => {
  it('is the one session.open names, else the first', () => {
    expect(selectDisplay([front, whiteboard], 'whiteboard')).toEqual({ ok: true, display: whiteboard });
    expect(selectDisplay([front, whiteboard], undefined)).toEqual({ ok: true, display: front });
  });

  it('refuses a name the agent does not bridge, naming those it does', () => {
    expect(selectDisplay([front, whiteboard], 'main')).toEqual({ ok: false, message: 'this agent has no display "main" (it bridges front, whiteboard)' });
    expect(selectDisplay([], undefined)).toEqual({ ok: false, message: 'this agent bridges no display' });
  });

  it('takes one VNC server given without a name as the display main', () => {
    const displays = asDisplays({ host: '127.0.0.1', port: 5900 });
    expect(displays).toEqual([{ name: 'main', host: '127.0.0.1', port: 5900 }]);
    expect(selectDisplay(displays, 'main')).toMatchObject({ ok: true });
    expect(asDisplays([front, whiteboard])).toEqual([front, whiteboard]);
  });
});
