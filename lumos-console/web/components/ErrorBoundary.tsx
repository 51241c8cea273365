// A page that throws while rendering shows the error and a way back, instead of blanking the whole console.
import { Component, type ReactNode } from "react";

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (this.state.error) {
      return (
        <div role="alert" className="rounded-md border border-destructive p-3 text-sm">
          <p className="font-semibold text-destructive">This page failed: {this.state.error.message}</p>
          <button type="button" className="mt-2 underline" onClick={() => this.setState({ error: null })}>Try again</button>
        </div>
      );
    }
    return this.props.children;
  }
}
