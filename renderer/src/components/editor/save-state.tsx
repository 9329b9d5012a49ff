// The editor toolbar's save status ("Saving…", "Unsaved changes", "Saved"), the same for
// kiln.yaml and the code files; announced politely to screen readers.
import type { ReactElement } from 'react';
import { useT } from '../../i18n/use-t';

export function SaveStateText({ dirty, saveState }: { dirty: boolean; saveState: string }): ReactElement {
  const t = useT();
  const text =
    saveState === 'saving'
      ? t('editor.saving')
      : dirty
        ? t('editor.unsaved')
        : saveState === 'saved'
          ? t('editor.saved')
          : '';
  return (
    <span className="save-state" data-testid="save-state" data-state={dirty ? 'dirty' : saveState} aria-live="polite">
      {text}
    </span>
  );
}
