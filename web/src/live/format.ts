// Small display helpers shared by the live pages.
import { sessionEndReasonLabel } from '@roomwarden/protocol';

export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** "3 min ago", "in 12 s": coarse, for last-seen and last-change columns. */
export function relative(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(s);
  const [n, unit] = abs < 60 ? [abs, 's'] : abs < 3600 ? [Math.floor(abs / 60), 'min'] : abs < 86_400 ? [Math.floor(abs / 3600), 'h'] : [Math.floor(abs / 86_400), 'd'];
  return s <= 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}

/** 125 → "2:05", 3725 → "1:02:05". */
export function clock(totalSeconds: number): string {
  const t = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = String(t % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}


/** A session's end reason for people: the server's message if any, else a known label, else the code. */
export function endReasonText(reason: string | null, message?: string | null): string {
  if (message) return message;
  if (!reason) return '—';
  return sessionEndReasonLabel(reason);
}
