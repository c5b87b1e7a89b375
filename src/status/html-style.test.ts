import { describe, expect, it } from 'vitest';
import { DARK, LIGHT, STATUS_CSS, STATUS_CSS_HASH, type Palette } from './html-style.js';

/** WCAG 2.1 relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const TEXT: (keyof Palette)[] = ['fg', 'muted', 'link', 'operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];

describe('status page palettes', () => {
  for (const [name, palette] of [['light', LIGHT], ['dark', DARK]] as const) {
    it(`${name}: every text colour is at least 4.5:1 on the page and on surfaces`, () => {
      for (const key of TEXT) {
        expect(contrast(palette[key], palette.bg), `${key} on bg`).toBeGreaterThanOrEqual(4.5);
        expect(contrast(palette[key], palette.surface), `${key} on surface`).toBeGreaterThanOrEqual(4.5);
      }
      // The button: page background on link colour.
      expect(contrast(palette.bg, palette.link)).toBeGreaterThanOrEqual(4.5);
    });

    it(`${name}: focus ring, borders and bars are at least 3:1 (non-text contrast)`, () => {
      for (const key of ['focus', 'border', 'nodata'] as const) expect(contrast(palette[key], palette.bg), key).toBeGreaterThanOrEqual(3);
    });
  }

  it('is one sheet with its CSP hash', () => {
    expect(STATUS_CSS).toContain('prefers-color-scheme:dark');
    expect(STATUS_CSS).toContain(':root.theme-dark');
    expect(STATUS_CSS_HASH).toMatch(/^'sha256-[A-Za-z0-9+/]{43}='$/);
  });
});
