import { describe, expect, it } from 'vitest';
import { buildReport } from './report.js';
import { renderReport, reportHtml, reportJson, reportMarkdown } from './report-render.js';
import { reportInput } from './report.fixture.js';

const report = buildReport(reportInput());

describe('reportMarkdown', () => {
  it('writes the figures, deadlines, impact and timeline in English', () => {
    const md = reportMarkdown(report, 'en');
    expect(md).toMatch(/^# Post-incident report — incident 7: Emergency calls: major outage \\<script\\>alert\(1\)\\<\/script\\>\n/);
    expect(md).toContain('| Time to detect | 4 s | first failure → incident opened |');
    expect(md).toContain('| Time to acknowledge | 1 min | incident opened → acknowledged |');
    expect(md).toContain('| Time to crisis cell activation | 25 min |');
    expect(md).toContain('| Time to first internal communication | 30 s |');
    expect(md).toContain('| Time to first public communication | 1 h 05 min |');
    expect(md).toContain('| Time to first communication to the authorities | 2 h 00 min |');
    expect(md).toContain('| Time to recover | 3 h 00 min |');
    expect(md).toContain('| public-first \\<b\\> | Public | 2021-06-02 15:45:00 UTC (T+1 h 00 min) | Met late at 2021-06-02 15:55:00 UTC (T+1 h 10 min), late by 10 min | Communication lead (carol) |');
    expect(md).toContain('| nis2.early_warning \\<b\\> | Authorities | 2021-06-03 14:45:00 UTC (T+24 h 00 min) | Missed (not met): late by 2 h 00 min | Liaison with authorities (dan) |');
    expect(md).toContain('About 11,800 calls were not routed. (Estimated total: 11,800)');
    expect(md).toContain('| 2021-06-02 14:45:00 UTC | T+0 s | First failure | vigie | First failing result \\| SIP |');
    expect(md).toContain('| 2021-06-02 14:46:04 UTC | T+1 min 4 s | Acknowledged | alice | Acknowledged by Alice |');
    expect(md).toContain('| Crisis cell | #3 — Emergency calls down; activated 2021-06-02 15:10:00 UTC (T+25 min) by vigie: SEV1 incident #7 |');
  });

  it('writes every label in French', () => {
    const md = reportMarkdown(report, 'fr');
    expect(md).toContain('# Rapport post-incident — incident n° 7 : Appels d’urgence');
    expect(md).toContain('## Chiffres');
    expect(md).toContain('| Délai de détection | 4 s | premier échec → ouverture de l\'incident |');
    expect(md).toContain('| Délai de prise en compte | 1 min |');
    expect(md).toContain("| Délai d'activation de la cellule de crise | 25 min |");
    expect(md).toContain('| Délai de première communication aux autorités | 2 h 00 min |');
    expect(md).toContain('## Échéances de communication');
    expect(md).toContain('| Échéance | Destinataires | Date limite | Respectée le / manquée | Responsable |');
    expect(md).toContain('Respectée en retard le 2021-06-02 15:55:00 UTC (T+1 h 10 min), retard de 10 min');
    expect(md).toContain('Manquée (non respectée) : retard de 2 h 00 min');
    expect(md).toContain('Environ 11 800 appels');
    expect(md).toContain('| Prise en compte | alice | Pris en compte par Alice |');
    expect(md).toContain('| Cellule de crise | n° 3 — Appels d’urgence en panne ; activée le 2021-06-02 15:10:00 UTC (T+25 min) par vigie : incident SEV1 n° 7 |');
    expect(md).toContain('| Incidents de la crise | n° 7, n° 9 |');
    for (const english of ['Time to', 'Deadline', 'Timeline', 'Figures', 'Met at', 'Missed', 'Owner']) expect(md).not.toContain(english);
  });

  it('says "none" for the empty sections', () => {
    const bare = buildReport({ ...reportInput(), crisis: undefined, deadlines: [], drafts: [], impact: undefined, timeline: [] });
    const md = reportMarkdown(bare, 'en');
    expect(md).toContain('## Communication deadlines\n\n_none_\n');
    expect(md).toContain('## Impact estimate\n\n_none_\n');
    expect(md).toContain('| Crisis cell | not activated |');
    expect(reportMarkdown(bare, 'fr')).toContain('| Cellule de crise | non activée |');
  });
});

describe('reportHtml', () => {
  it('is a standalone, accessible page with no script, in the language asked', () => {
    const html = reportHtml(report, 'fr');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="fr">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<h1>Rapport post-incident — incident n° 7 : Appels d’urgence : panne majeure &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(html).toContain('<title>Rapport post-incident');
    expect(html).toContain('<th scope="col">Indicateur</th>');
    expect(html).toContain('<tr><th scope="row">Délai de détection</th><td class="num">4 s</td>');
    expect(html).toContain('<th scope="row">Gravité</th><td>SEV1</td>');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son\w+=/i);
    expect(html).not.toMatch(/(src|href)=/i);
    expect(html).toContain('<td class="late">Manquée (non respectée) : retard de 2 h 00 min</td>');
    expect(html).toContain('<td>public-first (fr) &lt;b&gt;</td>');
    expect(html.match(/<section /g)).toHaveLength(7);
    expect(reportHtml(report, 'en')).toContain('<html lang="en">');
    expect(reportHtml(report, 'en')).toContain('<td class="late">Met late at 2021-06-02 15:55:00 UTC (T+1 h 10 min), late by 10 min</td>');
  });
});

describe('reportJson', () => {
  it('is the report itself, with the texts of both languages', () => {
    const json = JSON.parse(reportJson(report));
    expect(json).toEqual(report);
    expect(json.texts.en.figures[0]).toEqual({ key: 'timeToDetectMs', label: 'Time to detect', value: '4 s', measured: 'first failure → incident opened' });
    expect(json.texts.fr.figures[0].label).toBe('Délai de détection');
    expect(renderReport(report, 'json', 'fr')).toBe(reportJson(report));
  });
});
