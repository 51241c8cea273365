import { useState, type FormEvent } from "react";
import { ApiError } from "../api/client";
import { Button, ErrorText, Input } from "../components/ui";

export function SignIn({ onSignIn, theme, onToggleTheme }: { onSignIn: (key: string) => Promise<void>; theme: string; onToggleTheme: () => void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSignIn(key.trim());
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? new Error("The server did not accept this key (401): " + err.detail) : err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <main className="flex h-full items-center justify-center p-4">
      <form onSubmit={submit} className="flex w-[26rem] max-w-full flex-col gap-3 rounded-lg border border-border bg-card p-6" aria-labelledby="signin-title">
        <h1 id="signin-title" className="text-lg font-semibold">Lumos-DB console</h1>
        <p className="text-sm text-muted-foreground">
          Sign in with an API key (<code>lumos_…</code>) or a JWT. It is kept in this tab's session storage only.
        </p>
        <label className="flex flex-col gap-1 text-sm">
          API key
          <Input
            type="password"
            autoComplete="off"
            name="key"
            data-testid="key-input"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            required
          />
        </label>
        <ErrorText error={error} />
        <div className="flex items-center justify-between">
          <Button variant="ghost" onClick={onToggleTheme}>{theme === "dark" ? "☀ Light" : "☾ Dark"}</Button>
          <Button type="submit" variant="primary" disabled={busy || !key.trim()}>Sign in</Button>
        </div>
      </form>
    </main>
  );
}
