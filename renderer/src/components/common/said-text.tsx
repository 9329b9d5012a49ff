// What the back end said, as shown: commands and code it quotes in `backticks` (the Chinese
// messages do, shared/messages) become <code>, so they read as code, not as words to translate.
import { Fragment, type ReactElement } from 'react';

export function SaidText({ text }: { text: string }): ReactElement {
  const parts = text.split(/`([^`]+)`/);
  return <>{parts.map((p, i) => (i % 2 === 1 ? <code key={i}>{p}</code> : <Fragment key={i}>{p}</Fragment>))}</>;
}

/** The same text for places that take a plain string (a title, an aria-label). */
export function plainText(text: string): string {
  return text.replace(/`([^`]+)`/g, '$1');
}
