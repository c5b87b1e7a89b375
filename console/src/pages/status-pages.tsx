/**
 * @module /status-pages: the configured status pages (title, address, host names, languages,
 * private or not, components with their state) and each one previewed as the public sees it, in
 * each of its languages: the page rendered by Vigie for signed-in users (private pages without
 * their token), in a sandboxed frame of the same origin.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { useFormat, type Formatter } from '../format.js';
import '../services-texts.js';
import type { Lang, ServiceState, Texts } from '../types.js';
import { Failure, Loading } from '../ui.js';

interface StatusPage {
  id: string;
  title: Texts;
  description: Texts | null;
  path: string;
  hosts: string[];
  languages: Lang[];
  private: boolean;
  components: Array<{ id: string; name: Texts; group: Texts | null; state: ServiceState }>;
}

/** The theme the console shows now, for the preview to match (`auto`: the system's). */
function currentTheme(): 'auto' | 'light' | 'dark' {
  const theme = document.documentElement.dataset['theme'];
  return theme === 'light' || theme === 'dark' ? theme : 'auto';
}

function PageCard({ page, format }: { page: StatusPage; format: Formatter }) {
  const { t } = useTranslation();
  const title = format.text(page.title);
  const theme = currentTheme();
  const headingId = `status-page-${page.id}`;
  return (
    <section className="status-preview" aria-labelledby={headingId} data-page={page.id}>
      <h2 id={headingId}>{title}</h2>
      {page.description && <p>{format.text(page.description)}</p>}
      <dl className="facts">
        <dt>{t('statusPages.address')}</dt>
        <dd>{page.private ? <code>{page.path}</code> : <a href={page.path}>{page.path}</a>}</dd>
        <dt>{t('statusPages.hosts')}</dt>
        <dd>{page.hosts.length > 0 ? page.hosts.join(', ') : t('statusPages.noHosts', { path: page.path })}</dd>
        <dt>{t('statusPages.languages')}</dt>
        <dd>{page.languages.map((l) => t(`statusPages.lang_${l}`)).join(', ')}</dd>
        <dt>{t('statusPages.visibility')}</dt>
        <dd>{page.private ? t('statusPages.private') : t('statusPages.public')}</dd>
      </dl>
      <h3>{t('statusPages.components')}</h3>
      <ul className="status-components">
        {page.components.map((c) => (
          <li key={c.id}>
            {c.group && <span className="muted">{format.text(c.group)} / </span>}
            {format.text(c.name)} <span className={`badge badge-${c.state}`}>{t(`serviceState.${c.state}`)}</span>
          </li>
        ))}
      </ul>
      <div className="status-frames">
        {page.languages.map((lang) => {
          const language = t(`statusPages.lang_${lang}`);
          return (
            <figure key={lang} className="status-frame">
              <figcaption>{t('statusPages.preview', { language })}</figcaption>
              <iframe
                src={`/api/v1/status-pages/${encodeURIComponent(page.id)}/preview?lang=${lang}&theme=${theme}`}
                title={t('statusPages.frameTitle', { title, language })}
                sandbox="allow-same-origin"
                data-lang={lang}
              />
            </figure>
          );
        })}
      </div>
    </section>
  );
}

export default function StatusPagesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const pages = useQuery({ queryKey: ['status-pages'], queryFn: () => api<{ items: StatusPage[] }>('/api/v1/status-pages'), refetchInterval: 60_000 });
  return (
    <>
      <h1>{t('statusPages.title')}</h1>
      <p className="muted">{t('statusPages.intro')}</p>
      {pages.isPending ? (
        <Loading />
      ) : pages.isError ? (
        <Failure error={pages.error} onRetry={() => void pages.refetch()} />
      ) : pages.data.items.length === 0 ? (
        <p>{t('statusPages.none')}</p>
      ) : (
        pages.data.items.map((page) => <PageCard key={page.id} page={page} format={format} />)
      )}
    </>
  );
}
