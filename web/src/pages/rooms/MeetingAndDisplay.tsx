// The Start session dialog's part for DESIGN "Remote session" 9 and 10: "This room is in a
// meeting" before anyone clicks Start, with a reason field for Remote access Modify holders
// to start anyway (the override, audited with its reason); and, when the room's agent
// bridges several displays, which one to show (the first is the default).
import { Field, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { mayOverrideMeeting, type Level } from '@roomwarden/protocol';
import { MAX_OVERRIDE_REASON, type MeetingAndDisplayChoice } from './startExtras.ts';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, marginTop: tokens.spacingVerticalM },
});

export function MeetingAndDisplay(props: {
  inMeeting: boolean;
  level: Level;
  displays: readonly string[];
  choice: MeetingAndDisplayChoice;
  onChange: (choice: MeetingAndDisplayChoice) => void;
}) {
  const s = useStyles();
  const { choice } = props;
  const canOverride = mayOverrideMeeting(props.level);
  return (
    <div className={s.root}>
      {props.displays.length > 1 ? (
        <Field label="Screen">
          <RadioGroup value={choice.display ?? props.displays[0]} onChange={(_e, d) => props.onChange({ ...choice, display: d.value })} aria-label="Screen" data-testid="start-session-display">
            {props.displays.map((name, i) => (
              <Radio key={name} value={name} label={i === 0 ? `${name} (default)` : name} />
            ))}
          </RadioGroup>
        </Field>
      ) : null}
      {props.inMeeting ? (
        <MessageBar intent="warning" data-testid="start-session-meeting">
          <MessageBarBody>
            <MessageBarTitle>This room is in a meeting</MessageBarTitle>
            {canOverride
              ? 'The people in the room will see you connect. Say why you need to start now: the reason is kept in the audit log.'
              : 'Only someone with Remote access Modify on this room can start a session during a meeting. Try again when the meeting ends.'}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {props.inMeeting && canOverride ? (
        <Field label="Reason to start during the meeting" required hint={`${choice.reason.trim().length}/${MAX_OVERRIDE_REASON}`}>
          <Textarea
            value={choice.reason}
            maxLength={MAX_OVERRIDE_REASON}
            onChange={(_e, d) => props.onChange({ ...choice, reason: d.value })}
            placeholder="e.g. The presenter asked for help with the display input"
            data-testid="start-session-override-reason"
          />
        </Field>
      ) : null}
      {props.inMeeting && !canOverride ? <Text size={200}>Your remote access on this room is View.</Text> : null}
    </div>
  );
}
