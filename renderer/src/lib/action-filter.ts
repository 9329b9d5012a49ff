// The command palette's filter: every word typed must appear in the action's label (in the
// shown language) or its id, case-insensitively; the registry's order is kept.

export function filterActions<T extends { id: string }>(
  actions: readonly T[],
  query: string,
  label: (a: T) => string,
): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...actions];
  return actions.filter((a) => {
    const text = `${label(a)} ${a.id}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
