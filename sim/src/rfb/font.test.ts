import { describe, expect, it } from 'vitest';
import { glyphRows, hasGlyph } from './font.ts';

describe('the console font', () => {
  it('draws the dash of room names ("Oslo – Fjord 1") as a hyphen, not as the fallback', () => {
    expect(hasGlyph('–')).toBe(true);
    expect(glyphRows('–')).toEqual(glyphRows('-'));
    expect(glyphRows('–')).not.toEqual(glyphRows('?'));
  });

  it('draws lower case as upper case and unknown characters as the fallback', () => {
    expect(glyphRows('a')).toEqual(glyphRows('A'));
    expect(hasGlyph('€')).toBe(false);
    expect(glyphRows('€')).toEqual(glyphRows('?'));
  });
});
