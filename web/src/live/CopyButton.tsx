// Copies a text to the clipboard and says so.
import { useState } from 'react';
import { Button } from '@fluentui/react-components';
import { Checkmark20Regular, Copy20Regular } from '@fluentui/react-icons';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch (err) {
      console.warn('Clipboard not available', err);
      setState('failed');
    }
  };
  return (
    <Button size="small" icon={state === 'copied' ? <Checkmark20Regular /> : <Copy20Regular />} onClick={() => void copy()} aria-label={label}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy by hand' : 'Copy'}
    </Button>
  );
}
