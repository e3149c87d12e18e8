// A secret the server shows only once (enrollment and SCIM tokens), with copy buttons.
import type { ReactNode } from 'react';
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Dismiss20Regular } from '@fluentui/react-icons';
import { CopyButton } from './CopyButton.tsx';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS },
  line: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    wordBreak: 'break-all',
    userSelect: 'all',
  },
});

export function SecretLine({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const s = useStyles();
  return (
    <span className={s.line}>
      <code className={s.code} data-testid={testId}>
        {value}
      </code>
      <CopyButton text={value} label={label} />
    </span>
  );
}

export function SecretOnce(props: { title: string; children: ReactNode; onDismiss: () => void }) {
  const s = useStyles();
  return (
    <MessageBar intent="success" layout="multiline" data-testid="secret-once">
      <MessageBarBody className={s.body}>
        <MessageBarTitle>{props.title}</MessageBarTitle>
        <Text>Copy it now: it is shown only this once and cannot be read again.</Text>
        {props.children}
      </MessageBarBody>
      <MessageBarActions containerAction={<Button appearance="transparent" aria-label="Dismiss" icon={<Dismiss20Regular />} onClick={props.onDismiss} />} />
    </MessageBar>
  );
}
