#!/usr/bin/env node
// Measures the advance width of each character of the badge font at 11px in a real Chromium
// (playwright-core and the system browser), and prints the table of src/status/badge-widths.ts.
// Verdana (the first font of the badges' font stack) is not free to install here, so the table
// is measured from DejaVu Sans, the stack's open fallback: it descends from Bitstream Vera, whose
// widths are close to Verdana's. Badges set `textLength`, so a renderer with another font still
// fits the text in the measured box. Run: node scripts/measure-badge-widths.mjs > /tmp/w.txt
import { chromium } from 'playwright-core';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Printable ASCII, Latin-1 letters and signs, and the typographic marks French texts use.
const codes = [];
for (let c = 0x20; c <= 0x7e; c++) codes.push(c);
for (let c = 0xa0; c <= 0xff; c++) codes.push(c);
codes.push(0x152, 0x153, 0x178, 0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2026, 0x20ac, 0x202f);

const browser = await chromium.launch({ executablePath });
try {
  const page = await browser.newPage();
  await page.setContent('<canvas></canvas>');
  const widths = await page.evaluate((list) => {
    const ctx = document.querySelector('canvas').getContext('2d');
    ctx.font = "11px 'DejaVu Sans'";
    return list.map((c) => Math.round(ctx.measureText(String.fromCodePoint(c)).width * 100) / 100);
  }, codes);
  const rows = codes.map((c, i) => `  [0x${c.toString(16)}, ${widths[i]}],`);
  process.stdout.write(`${rows.join('\n')}\n`);
} finally {
  await browser.close();
}
