/**
 * @module A form generated from a JSON Schema (the API's own, from /api/v1/openapi.json): objects
 * as fieldsets, strings (a select for enums, a text area for long ones), numbers with their
 * bounds, booleans, lists of strings (one per line), durations as text, an object-level
 * oneOf/anyOf as a type selector, and anything else as JSON. Required fields are marked; each
 * field shows its error, whether found here ({@link validate}) or by the server (`issues[].path`).
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from './i18n.js';
import { childPath, chosenVariant, getAt, isDuration, isObject, objectVariants, setAt, Unparsed, type JsonSchema, type Problem } from './schema-validate.js';

const errorTexts = {
  en: {
    required: 'Required.',
    json: 'Not valid JSON.',
    duration: 'A duration such as 30s, 5m or 1h.',
    invalid: 'Not a valid value.',
    enum: 'One of: {{values}}.',
    type_string: 'Must be text.',
    type_number: 'Must be a number.',
    type_integer: 'Must be a whole number.',
    type_boolean: 'Must be yes or no.',
    type_array: 'Must be a list.',
    type_object: 'Must be an object.',
    minLength: 'At least {{n}} characters.',
    maxLength: 'At most {{n}} characters.',
    pattern: 'Not in the expected format.',
    minimum: 'At least {{n}}.',
    maximum: 'At most {{n}}.',
    exclusiveMinimum: 'More than {{n}}.',
    exclusiveMaximum: 'Less than {{n}}.',
    minItems: 'At least {{n}} items.',
    maxItems: 'At most {{n}} items.',
    unknown: 'Not a known field.',
    choice: 'Choose one.',
  },
  fr: {
    required: 'Obligatoire.',
    json: 'JSON non valide.',
    duration: 'Une durée comme 30s, 5m ou 1h.',
    invalid: 'Valeur non valide.',
    enum: 'Une valeur parmi : {{values}}.',
    type_string: 'Doit être un texte.',
    type_number: 'Doit être un nombre.',
    type_integer: 'Doit être un nombre entier.',
    type_boolean: 'Doit être oui ou non.',
    type_array: 'Doit être une liste.',
    type_object: 'Doit être un objet.',
    minLength: 'Au moins {{n}} caractères.',
    maxLength: 'Au plus {{n}} caractères.',
    pattern: 'Pas au format attendu.',
    minimum: 'Au moins {{n}}.',
    maximum: 'Au plus {{n}}.',
    exclusiveMinimum: 'Plus de {{n}}.',
    exclusiveMaximum: 'Moins de {{n}}.',
    minItems: 'Au moins {{n}} éléments.',
    maxItems: 'Au plus {{n}} éléments.',
    unknown: 'Champ inconnu.',
    choice: 'Faites un choix.',
  },
};

i18n.addResourceBundle('en', 'translation', { schemaForm: { errors: errorTexts.en, requiredNote: 'Fields marked * are required.', lines: 'One per line.', durationHint: 'e.g. 30s, 5m, 1h.', jsonHint: 'In JSON.', unset: '(default)', yes: 'Yes', no: 'No', choose: 'Choose…', defaultIs: 'Default: {{value}}.' } }, true, true);
i18n.addResourceBundle('fr', 'translation', { schemaForm: { errors: errorTexts.fr, requiredNote: 'Les champs marqués * sont obligatoires.', lines: 'Un par ligne.', durationHint: 'ex. 30s, 5m, 1h.', jsonHint: 'En JSON.', unset: '(par défaut)', yes: 'Oui', no: 'Non', choose: 'Choisir…', defaultIs: 'Par défaut : {{value}}.' } }, true, true);

/** Field errors by path: a message already in words (the server's) or a problem to translate. */
export type FieldErrors = ReadonlyMap<string, string>;

/** Turns problems into messages in the current language, one per path (the first). */
export function problemTexts(problems: readonly Problem[], t: (key: string, values?: Record<string, unknown>) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of problems) if (!out.has(p.path)) out.set(p.path, t(`schemaForm.errors.${p.key}`, p.values));
  return out;
}

interface Props {
  schema: JsonSchema;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  errors: FieldErrors;
  /** Paths shown but not editable (e.g. the id of an existing monitor). */
  locked?: ReadonlySet<string>;
  /** Everything shown but not editable. */
  readOnly?: boolean;
  /** The label of an object-level choice (e.g. "Check type"). */
  choiceLabel: string;
  idPrefix: string;
}

type Kind = 'select' | 'checkbox' | 'number' | 'text' | 'textarea' | 'duration' | 'lines' | 'object' | 'json' | 'skip';

function kindOf(schema: JsonSchema): Kind {
  if (schema.const !== undefined) return 'skip';
  if (schema.enum) return 'select';
  if (objectVariants(schema) || (schema.type === 'object' && schema.properties)) return 'object';
  if (schema.anyOf || schema.oneOf) {
    if (isDuration(schema)) return 'duration';
    const branches = schema.anyOf ?? schema.oneOf ?? [];
    const flat = branches.flatMap((b) => b.anyOf ?? b.oneOf ?? [b]);
    return flat.some((b) => b.type === 'string') && !flat.some((b) => b.type === 'object') ? 'text' : 'json';
  }
  switch (schema.type) {
    case 'boolean': return 'checkbox';
    case 'integer':
    case 'number': return 'number';
    case 'string': return (schema.maxLength ?? 0) > 500 || schema.pattern?.includes('[\\s\\S]') || schema.description?.toLowerCase().includes('pem') ? 'textarea' : 'text';
    case 'array': return schema.items?.type === 'string' && !schema.items.enum ? 'lines' : 'json';
    default: return 'json';
  }
}

const domId = (prefix: string, path: string): string => `${prefix}-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

function jsonText(value: unknown): string {
  if (value instanceof Unparsed) return value.text;
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}

export function SchemaForm({ schema, value, onChange, errors, locked, readOnly, choiceLabel, idPrefix }: Props) {
  const { t } = useTranslation();
  const ctx: Ctx = { root: value, onChange, errors, locked: locked ?? new Set(), readOnly: readOnly ?? false, choiceLabel, idPrefix, t };
  return (
    <div className="schema-form">
      <p className="muted">{t('schemaForm.requiredNote')}</p>
      <ObjectFields ctx={ctx} schema={schema} keys={[]} />
    </div>
  );
}

interface Ctx {
  root: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  errors: FieldErrors;
  locked: ReadonlySet<string>;
  readOnly: boolean;
  choiceLabel: string;
  idPrefix: string;
  t: (key: string, values?: Record<string, unknown>) => string;
}

const pathOf = (keys: readonly string[]): string => keys.reduce(childPath, '');

/** The properties of an object (and of its chosen variant, after a selector). */
function ObjectFields({ ctx, schema, keys }: { ctx: Ctx; schema: JsonSchema; keys: string[] }) {
  const value = getAt(ctx.root, keys);
  const variants = objectVariants(schema);
  const chosen = variants ? chosenVariant(variants, value) : undefined;
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([key, property]) => <Field key={key} ctx={ctx} schema={property} keys={[...keys, key]} required={required.has(key)} />);
  if (!variants) return <>{fields}</>;

  const path = pathOf(keys);
  const choicePath = childPath(path, '$choice');
  const id = domId(ctx.idPrefix, choicePath);
  const error = ctx.errors.get(choicePath);
  const choose = (index: string) => {
    let next = getAt(ctx.root, keys);
    for (const v of variants) for (const k of v.required ?? []) next = setAt(next, [k], undefined);
    const picked = variants[Number(index)];
    if (picked) for (const k of picked.required ?? []) next = setAt(next, [k], {});
    ctx.onChange(keys.length === 0 ? (next as Record<string, unknown>) : setAt(ctx.root, keys, next));
  };
  return (
    <>
      {fields}
      <div className="sf-field">
        <span className="sf-label">
          <label htmlFor={id}>{ctx.choiceLabel}</label>
          <span className="sf-required" aria-hidden="true"> *</span>
        </span>
        <select id={id} value={chosen ? String(variants.indexOf(chosen)) : ''} onChange={(e) => choose(e.target.value)} disabled={ctx.readOnly} required aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
          <option value="">{ctx.t('schemaForm.choose')}</option>
          {variants.map((v, i) => <option key={i} value={String(i)}>{v.title ?? (v.required ?? []).join(', ')}</option>)}
        </select>
        {chosen?.description && <p className="hint" lang="en">{chosen.description}</p>}
        {error && <p id={`${id}-error`} className="field-error">{error}</p>}
      </div>
      {chosen && Object.entries(chosen.properties ?? {}).map(([key, property]) => (
        <Field key={key} ctx={ctx} schema={property} keys={[...keys, key]} required />
      ))}
    </>
  );
}

function Field({ ctx, schema, keys, required }: { ctx: Ctx; schema: JsonSchema; keys: string[]; required: boolean }) {
  const kind = kindOf(schema);
  if (kind === 'skip') return null;
  const path = pathOf(keys);
  const name = keys[keys.length - 1]!;
  const id = domId(ctx.idPrefix, path);
  const error = ctx.errors.get(path);
  const value = getAt(ctx.root, keys);
  const disabled = ctx.readOnly || ctx.locked.has(path);
  const set = (next: unknown) => ctx.onChange(setAt(ctx.root, keys, next));
  const mark = required ? <span className="sf-required" aria-hidden="true"> *</span> : null;

  if (kind === 'object') {
    return (
      <fieldset className="sf-object" id={id}>
        <legend>{name}{mark}</legend>
        {schema.description && <p className="hint" lang="en">{schema.description}</p>}
        {error && <p className="field-error">{error}</p>}
        <ObjectFields ctx={ctx} schema={schema} keys={keys} />
      </fieldset>
    );
  }

  const hintParts: ReactNode[] = [];
  if (schema.description) hintParts.push(<span key="d" lang="en">{schema.description} </span>);
  if (kind === 'duration') hintParts.push(<span key="u">{ctx.t('schemaForm.durationHint')} </span>);
  if (kind === 'lines') hintParts.push(<span key="l">{ctx.t('schemaForm.lines')} </span>);
  if (kind === 'json') hintParts.push(<span key="j">{ctx.t('schemaForm.jsonHint')} </span>);
  if (schema.default !== undefined && kind !== 'checkbox' && !(Array.isArray(schema.default) && schema.default.length === 0) && !isObject(schema.default)) {
    hintParts.push(<span key="def">{ctx.t('schemaForm.defaultIs', { value: String(schema.default) })}</span>);
  }
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = [hintParts.length > 0 ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, disabled, 'aria-invalid': error ? true : undefined, 'aria-describedby': described, 'aria-required': required || undefined } as const;

  let input: ReactNode;
  switch (kind) {
    case 'select':
      input = (
        <select {...common} value={value === undefined ? '' : JSON.stringify(value)} onChange={(e) => set(e.target.value === '' ? undefined : JSON.parse(e.target.value))}>
          <option value="">{schema.default !== undefined ? `${ctx.t('schemaForm.unset')} ${String(schema.default)}` : ctx.t('schemaForm.choose')}</option>
          {(schema.enum ?? []).map((e) => <option key={JSON.stringify(e)} value={JSON.stringify(e)}>{String(e)}</option>)}
        </select>
      );
      break;
    case 'checkbox':
      input = <input {...common} type="checkbox" checked={value === undefined ? schema.default === true : value === true} onChange={(e) => set(e.target.checked)} />;
      break;
    case 'number':
      input = (
        <input {...common} type="number" inputMode="numeric" step={schema.type === 'integer' ? 1 : 'any'} min={schema.minimum} max={schema.maximum} value={display(value)}
          onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value))} />
      );
      break;
    case 'lines':
      input = <textarea {...common} rows={3} value={Array.isArray(value) ? value.join('\n') : display(value)} onChange={(e) => set(e.target.value === '' ? undefined : e.target.value.split('\n'))} />;
      break;
    case 'textarea':
      input = <textarea {...common} rows={4} value={display(value)} onChange={(e) => set(e.target.value === '' ? undefined : e.target.value)} />;
      break;
    case 'json':
      input = (
        <textarea {...common} rows={3} className="sf-json" spellCheck={false} value={jsonText(value)}
          onChange={(e) => {
            const text = e.target.value;
            if (text.trim() === '') return set(undefined);
            try {
              set(JSON.parse(text) as unknown);
            } catch {
              set(new Unparsed(text));
            }
          }} />
      );
      break;
    default:
      input = <input {...common} type="text" autoComplete="off" spellCheck={false} value={Array.isArray(value) ? value.join(', ') : display(value)} onChange={(e) => set(e.target.value === '' ? undefined : e.target.value)} />;
  }

  return (
    <div className={kind === 'checkbox' ? 'sf-field sf-check' : 'sf-field'} data-path={path}>
      <span className="sf-label">
        <label htmlFor={id}>{name}</label>
        {mark}
      </span>
      {input}
      {hintParts.length > 0 && <p id={hintId} className="hint">{hintParts}</p>}
      {error && <p id={errorId} className="field-error">{error}</p>}
    </div>
  );
}

