// noVNC in a React component: opens the RFB connection once (the ticket in the URL is
// one-time), follows its state, and closes it when the component goes away. Created on
// the next tick so that React's development double-mount does not spend the ticket on a
// connection that is torn down at once.
import { useEffect, useRef, useState, type RefObject } from 'react';
import RFB from '@novnc/novnc';

export type RfbState =
  | { phase: 'idle' }
  | { phase: 'connecting' }
  | { phase: 'connected'; desktopName: string | null }
  | { phase: 'disconnected'; clean: boolean; reason: string | null };

export interface RfbHandle {
  state: RfbState;
  sendCtrlAltDel: () => void;
  disconnect: () => void;
}

export function useRfb(target: RefObject<HTMLDivElement | null>, url: string | null, opts: { viewOnly: boolean; scale: boolean; onConnected?: () => void }): RfbHandle {
  const [state, setState] = useState<RfbState>(url ? { phase: 'connecting' } : { phase: 'idle' });
  const rfb = useRef<RFB | null>(null);
  const onConnected = useRef(opts.onConnected);
  onConnected.current = opts.onConnected;
  const initial = useRef(opts);
  initial.current = opts;

  useEffect(() => {
    const el = target.current;
    if (!url || !el) return;
    let failure: string | null = null;
    let name: string | null = null;
    const timer = setTimeout(() => {
      setState({ phase: 'connecting' });
      const r = new RFB(el, url, { shared: true });
      r.viewOnly = initial.current.viewOnly;
      r.scaleViewport = initial.current.scale;
      r.background = '#1b1b1b';
      r.addEventListener('connect', () => {
        setState({ phase: 'connected', desktopName: name });
        onConnected.current?.();
        r.focus({ preventScroll: true });
      });
      r.addEventListener('desktopname', (e) => {
        name = e.detail.name;
        setState((prev) => (prev.phase === 'connected' ? { ...prev, desktopName: name } : prev));
      });
      r.addEventListener('securityfailure', (e) => {
        failure = e.detail.reason ?? `The remote desktop refused the connection (security result ${e.detail.status})`;
      });
      r.addEventListener('disconnect', (e) => {
        rfb.current = null;
        setState({ phase: 'disconnected', clean: e.detail.clean, reason: failure });
      });
      rfb.current = r;
    }, 0);
    return () => {
      clearTimeout(timer);
      const r = rfb.current;
      rfb.current = null;
      r?.disconnect();
    };
  }, [target, url]);

  useEffect(() => {
    if (rfb.current) rfb.current.viewOnly = opts.viewOnly;
  }, [opts.viewOnly, state.phase]);
  useEffect(() => {
    if (rfb.current) rfb.current.scaleViewport = opts.scale;
  }, [opts.scale, state.phase]);

  return {
    state,
    sendCtrlAltDel: () => rfb.current?.sendCtrlAltDel(),
    disconnect: () => rfb.current?.disconnect(),
  };
}
