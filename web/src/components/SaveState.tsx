// "Saved" after a successful save, "Unsaved changes" while edited: the same words on
// every form that saves as a whole (Settings > General, single sign-on, a role).
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Filled } from '@fluentui/react-icons';

const useStyles = makeStyles({
  saved: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, color: tokens.colorPaletteGreenForeground1 },
});

export function SaveState({ saved, dirty }: { saved: boolean; dirty: boolean }) {
  const s = useStyles();
  return (
    <>
      {saved ? (
        <span className={s.saved} role="status" data-testid="saved-state">
          <CheckmarkCircle20Filled /> Saved
        </span>
      ) : null}
      {dirty ? <Text>Unsaved changes</Text> : null}
    </>
  );
}
