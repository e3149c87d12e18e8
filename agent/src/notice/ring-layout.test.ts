import { describe, expect, it } from 'vitest';
import { ringLayout, toLatin1 } from './ring-layout.ts';

const font = { charWidth: 10, lineHeight: 18 };

describe('the ring layout', () => {
  it('puts four bars on the edges, leaving the middle free, and the label at the top centre inside the top bar', () => {
    const l = ringLayout(1280, 720, 'Remote session: Ada (control)', font, 8, 6);
    expect(l.top).toEqual({ x: 0, y: 0, width: 1280, height: 8 });
    expect(l.bottom).toEqual({ x: 0, y: 712, width: 1280, height: 8 });
    expect(l.left).toEqual({ x: 0, y: 8, width: 8, height: 704 });
    expect(l.right).toEqual({ x: 1272, y: 8, width: 8, height: 704 });
    const labelWidth = 'Remote session: Ada (control)'.length * 10 + 12;
    expect(l.label).toEqual({ x: Math.floor((1280 - labelWidth) / 2), y: 8, width: labelWidth, height: 30 });
    expect(l.text).toBe('Remote session: Ada (control)');
  });

  it('cuts a label too long for the screen with "..."', () => {
    const l = ringLayout(320, 240, 'x'.repeat(100), font, 8, 6);
    expect(l.text).toBe(`${'x'.repeat(24)}...`); // (320 - 4 × 8 - 2 × 6) / 10 = 27 characters
    expect(l.label.x).toBeGreaterThanOrEqual(8);
    expect(l.label.x + l.label.width).toBeLessThanOrEqual(312);
  });
});

describe('the label in Latin-1', () => {
  it('keeps Latin-1, drops accents it cannot draw, and marks the rest', () => {
    expect(toLatin1('Zoë Müller')).toBe('Zoë Müller');
    expect(toLatin1('Łukasz Dvořák')).toBe('?ukasz Dvorák');
    expect(toLatin1('李 (control)')).toBe('? (control)');
  });
});
