// JSON, pretty and collapsible: objects and arrays fold (open near the top).
import type { ReactElement } from 'react';
import { useT } from '../../i18n/use-t';

const MAX_CHILDREN = 1000;

function Primitive({ value }: { value: unknown }): ReactElement {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'string') return <span className="json-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-bool">{String(value)}</span>;
  // Not a JSON value (undefined): show what JSON would, or its type.
  return <span>{JSON.stringify(value) ?? typeof value}</span>;
}

export function JsonTree({
  value,
  label,
  depth = 0,
}: {
  value: unknown;
  label?: string;
  depth?: number;
}): ReactElement {
  const t = useT();
  const key = label !== undefined ? <span className="json-key">{label}: </span> : null;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-line">
        {key}
        <Primitive value={value} />
      </div>
    );
  }
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value);
  const open = Array.isArray(value) ? '[' : '{';
  const close = Array.isArray(value) ? ']' : '}';
  if (entries.length === 0) {
    return (
      <div className="json-line">
        {key}
        <span className="json-punct">
          {open}
          {close}
        </span>
      </div>
    );
  }
  return (
    <details className="json-node" open={depth < 2}>
      <summary>
        {key}
        <span className="json-punct">{open}</span>
        <span className="json-count">
          {Array.isArray(value)
            ? t('json.items', { count: entries.length })
            : t('json.keys', { count: entries.length })}
        </span>
        <span className="json-punct">{close}</span>
      </summary>
      <div className="json-children">
        {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
          <JsonTree key={k} label={k} value={v} depth={depth + 1} />
        ))}
        {entries.length > MAX_CHILDREN ? (
          <div className="json-line json-more">… {entries.length - MAX_CHILDREN}</div>
        ) : null}
      </div>
    </details>
  );
}
