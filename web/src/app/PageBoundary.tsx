// Around every page: a spinner while its code loads, and a plain message (not a blank
// screen) when its code cannot be loaded (a new version was deployed, the network went
// away) or the page fails while rendering.
import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react';
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';

interface State {
  error: Error | null;
}

class PageErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('page failed', error, info.componentStack);
  }

  override componentDidUpdate(previous: { resetKey: string }): void {
    // Another page was opened: give it its own chance.
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    const chunk = /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(this.state.error.message);
    return (
      <MessageBar intent="error" role="alert" data-testid="page-error">
        <MessageBarBody>
          <MessageBarTitle>{chunk ? 'This page could not be loaded.' : 'This page stopped working.'}</MessageBarTitle>
          {chunk ? 'Roomwarden may have been updated, or the connection dropped.' : this.state.error.message}
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={() => window.location.reload()}>Reload</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
}

export function PageBoundary({ children, resetKey }: { children: ReactNode; resetKey: string }) {
  return (
    <PageErrorBoundary resetKey={resetKey}>
      <Suspense fallback={<Spinner label="Loading…" style={{ marginTop: '10vh' }} />}>{children}</Suspense>
    </PageErrorBoundary>
  );
}
