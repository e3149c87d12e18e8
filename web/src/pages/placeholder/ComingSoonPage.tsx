// A page of the product that is not built yet says so plainly.
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { Page } from '../../components/Page.tsx';

export function ComingSoonPage({ title, arrivesWith, what }: { title: string; arrivesWith: string; what: string }) {
  return (
    <Page title={title} description={what}>
      <MessageBar intent="info">
        <MessageBarBody>
          <MessageBarTitle>Not built yet</MessageBarTitle>
          This page arrives with {arrivesWith}.
        </MessageBarBody>
      </MessageBar>
    </Page>
  );
}
