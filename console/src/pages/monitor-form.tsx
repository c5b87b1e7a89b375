/**
 * @module The monitor form, at /monitors/new and /monitors/:id/edit: generated from the API's own
 * JSON Schema of the monitor body (`POST /api/v1/monitors` in /api/v1/openapi.json), with the
 * check blocks offered through a type selector. Checked here as the API checks it, then sent
 * (`POST`, or `PUT` with the whole monitor); the API's `issues[].path` land on their fields.
 * A monitor from the configuration file is shown read-only, with where to change it.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError } from '../api.js';
import { upsertMonitors } from '../monitors-data.js';
import { problemTexts, SchemaForm } from '../schema-form.js';
import { prune, validate, type JsonSchema } from '../schema-validate.js';
import { can, useSession } from '../session.js';
import type { MonitorDetail } from '../types.js';
import { Failure, Loading, Notice, useErrorText } from '../ui.js';
import './monitor-texts.js';

interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> }; parameters?: Array<{ name: string; in: string; schema: JsonSchema }> }>>;
}

/**
 * The monitor body's schema with its check blocks (the values of the list's `type` filter) made
 * into one choice: the API writes them as optional sibling objects, exactly one of which is given.
 */
export function monitorFormSchema(doc: OpenApi): JsonSchema | undefined {
  const collection = doc.paths['/api/v1/monitors'];
  const body = collection?.['post']?.requestBody?.content['application/json']?.schema;
  if (!body?.properties) return undefined;
  const types = (collection?.['get']?.parameters?.find((p) => p.name === 'type' && p.in === 'query')?.schema.enum ?? []).map(String);
  const properties: Record<string, JsonSchema> = {};
  const oneOf: JsonSchema[] = [];
  for (const [key, property] of Object.entries(body.properties)) {
    if (types.includes(key)) {
      const { description, ...block } = property;
      oneOf.push({ title: key, ...(description ? { description } : {}), properties: { [key]: block }, required: [key] });
    } else properties[key] = property;
  }
  return { ...body, properties, ...(oneOf.length > 0 ? { oneOf } : {}) };
}

export function useMonitorSchema() {
  return useQuery({ queryKey: ['openapi'], queryFn: () => api<OpenApi>('/api/v1/openapi.json'), staleTime: Infinity, select: monitorFormSchema });
}

export default function MonitorFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const schema = useMonitorSchema();
  const monitor = useQuery({ queryKey: ['monitor', id], queryFn: () => api<MonitorDetail>(`/api/v1/monitors/${encodeURIComponent(id!)}`), enabled: id !== undefined });

  if (schema.isError) return <Failure error={schema.error} onRetry={() => void schema.refetch()} />;
  if (monitor.isError) return <Failure error={monitor.error} onRetry={() => void monitor.refetch()} />;
  if (schema.isPending || (id !== undefined && monitor.isPending)) return <Loading />;
  if (!schema.data) return <Notice kind="error">{t('monitorForm.noSchema')}</Notice>;
  return <MonitorForm key={id ?? 'new'} schema={schema.data} monitor={monitor.data} />;
}

function MonitorForm({ schema, monitor }: { schema: JsonSchema; monitor: MonitorDetail | undefined }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const client = useQueryClient();
  const errorText = useErrorText();
  const [value, setValue] = useState<Record<string, unknown>>(() => (monitor ? structuredClone(monitor.input) : {}));
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const fromFile = monitor?.source === 'file';
  const editor = can(session?.user.role, 'editor');
  const readOnly = fromFile || !editor;
  const locked = useMemo(() => new Set(monitor ? ['id'] : []), [monitor]);

  const check = (next: Record<string, unknown>) => problemTexts(validate(schema, prune(schema, next)), t);
  const change = (next: Record<string, unknown>) => {
    setValue(next);
    if (checked) setErrors(check(next));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (readOnly) return;
    setChecked(true);
    setFailure(undefined);
    const found = check(value);
    setErrors(found);
    if (found.size > 0) return focusFirstError();
    const body = prune(schema, value) as Record<string, unknown>;
    setBusy(true);
    try {
      const saved = monitor
        ? await api<MonitorDetail>(`/api/v1/monitors/${encodeURIComponent(monitor.id)}`, { method: 'PUT', body })
        : await api<MonitorDetail>('/api/v1/monitors', { method: 'POST', body });
      client.setQueryData(['monitor', saved.id], saved);
      upsertMonitors(client, [saved]);
      navigate(`/monitors/${encodeURIComponent(saved.id)}`);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) {
        const fromServer = new Map<string, string>();
        for (const issue of err.issues) if (!fromServer.has(issue.path)) fromServer.set(issue.path, issue.message);
        setErrors(fromServer);
        const unplaced = [...fromServer].filter(([path]) => !document.querySelector(`[data-path="${CSS.escape(path)}"]`));
        setFailure(unplaced.length > 0 ? t('monitorForm.otherIssues', { list: unplaced.map(([p, m]) => (p ? `${p}: ${m}` : m)).join('; ') }) : undefined);
        focusFirstError();
      } else if (err instanceof ApiError && err.status === 403) setFailure(t('monitorForm.forbidden'));
      else if (err instanceof ApiError && err.code === 'conflict') setErrors(new Map([['id', err.message]]));
      else setFailure(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const title = monitor ? t(fromFile ? 'monitorForm.titleView' : 'monitorForm.titleEdit', { id: monitor.id }) : t('monitorForm.titleNew');
  const back = monitor ? `/monitors/${encodeURIComponent(monitor.id)}` : '/monitors';
  return (
    <div className="monitor-form">
      <p><Link to={back}>{monitor ? (monitor.name ?? monitor.id) : t('monitor.back')}</Link></p>
      <h1>{title}</h1>
      {fromFile && <Notice kind="info">{monitor.configSource ? t('monitorForm.readOnlyAt', monitor.configSource) : t('monitorForm.readOnly')}</Notice>}
      {!fromFile && !editor && <Notice kind="info">{t('monitorForm.forbidden')}</Notice>}
      <form onSubmit={(e) => void submit(e)} noValidate aria-label={title}>
        {checked && errors.size > 0 && <Notice kind="error">{t('monitorForm.invalid', { count: errors.size })}</Notice>}
        <SchemaForm schema={schema} value={value} onChange={change} errors={errors} locked={locked} readOnly={readOnly} choiceLabel={t('monitorForm.checkType')} idPrefix="mf" />
        {failure && <Notice kind="error">{failure}</Notice>}
        {!readOnly && (
          <div className="form-actions">
            <button type="submit" disabled={busy}>{busy ? t('monitorForm.saving') : t('monitorForm.save')}</button>
            <Link to={back}>{t('monitorForm.cancel')}</Link>
          </div>
        )}
      </form>
    </div>
  );
}

/** Moves the focus to the first field with an error, once React has shown it. */
function focusFirstError(): void {
  requestAnimationFrame(() => {
    const field = document.querySelector<HTMLElement>('.schema-form [aria-invalid="true"]');
    field?.focus();
  });
}
