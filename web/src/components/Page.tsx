// Page frame: title, optional description and actions, and an error bar.
import type { ReactNode } from 'react';
import { MessageBar, MessageBarBody, MessageBarTitle, Text, Title2, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXXL}`, maxWidth: '1200px' },
  header: { display: 'flex', alignItems: 'flex-start', justifyContent: 'space-between', gap: tokens.spacingHorizontalL },
  titles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

export function Page(props: { title: string; description?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  const s = useStyles();
  return (
    <section className={s.page} aria-label={props.title}>
      <div className={s.header}>
        <div className={s.titles}>
          <Title2 as="h1">{props.title}</Title2>
          {props.description ? <Text>{props.description}</Text> : null}
        </div>
        {props.actions ? <div className={s.actions}>{props.actions}</div> : null}
      </div>
      {props.children}
    </section>
  );
}

export function ErrorBar({ error, title }: { error: string | null | undefined; title?: string }) {
  if (!error) return null;
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        {title ? <MessageBarTitle>{title}</MessageBarTitle> : null}
        {error}
      </MessageBarBody>
    </MessageBar>
  );
}
