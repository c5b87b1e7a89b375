/**
 * @module Status pages through the API, read-only: what each configured page is (title, where
 * it is served, languages, components, private or not — never its token) and a preview of it
 * as the public sees it, rendered from the status service's in-memory snapshot for signed-in
 * users (private pages included, without their token).
 */
import type { z } from 'zod';
import { renderStatusPage } from '../../status/render-html.js';
import type { StatusService } from '../../status/status-service.js';
import type { StatusPageDefinition } from '../../status/status.schema.js';
import { ApiError, notFound } from '../errors.js';
import type { statusPageList, statusPageView } from '../schemas/status-page.schemas.js';

type View = z.output<typeof statusPageView>;

export class StatusPageViewService {
  constructor(
    private readonly status: () => StatusService | undefined,
    private readonly now: () => number,
  ) {}

  list(): z.output<typeof statusPageList> {
    return { items: (this.status()?.pages() ?? []).map((page) => this.view(page)) };
  }

  /** The page's HTML in `lang` (default: its first language), with links to its public address. */
  preview(id: string, opts: { lang?: 'en' | 'fr' | undefined; theme: 'auto' | 'light' | 'dark' }): string {
    const status = this.status();
    const page = status?.pages().find((p) => p.id === id);
    if (!status || !page) throw notFound('status page', id);
    const snapshot = status.snapshot(id);
    if (!snapshot) throw new ApiError(503, 'unavailable', 'the status page is not built yet; try again in a few seconds');
    const lang = opts.lang && page.languages.includes(opts.lang) ? opts.lang : page.languages[0]!;
    const basePath = `/status/${page.id}`;
    const origin = status.publicUrl()?.replace(/\/+$/, '') ?? '';
    return renderStatusPage(snapshot, { lang, languages: page.languages, basePath, baseUrl: `${origin}${basePath}`, now: this.now(), theme: opts.theme });
  }

  private view(page: StatusPageDefinition): View {
    const snapshot = this.status()?.snapshot(page.id);
    const groups = new Map((snapshot?.groups ?? []).map((g) => [g.id, g.name]));
    const components: View['components'] = snapshot
      ? snapshot.components.map((c) => ({ id: c.id, name: c.name, group: c.groupId ? (groups.get(c.groupId) ?? null) : null, state: c.state }))
      : [];
    return {
      id: page.id,
      title: page.title,
      description: page.description ?? null,
      path: `/status/${page.id}`,
      hosts: page.hosts,
      languages: page.languages,
      private: page.private_token !== undefined,
      components,
    };
  }
}
