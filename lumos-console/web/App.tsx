import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { ApiClient, type Caller } from "./api/client";
import { Button } from "./components/ui";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { useTheme } from "./components/theme";
import { clearKey, storedKey, storeKey } from "./lib/session";
import { PAGES, pageOf, pagesFor, type PagePath } from "./lib/routes";
import { SessionContext } from "./session";
import { SignIn } from "./pages/SignIn";
import { Dashboard } from "./pages/Dashboard";

// The pages behind the dashboard load on first use: the SQL workbench alone brings CodeMirror.
const DataBrowser = lazy(() => import("./pages/DataBrowser").then((m) => ({ default: m.DataBrowser })));
const Workbench = lazy(() => import("./pages/Workbench").then((m) => ({ default: m.Workbench })));
const Vectors = lazy(() => import("./pages/Vectors").then((m) => ({ default: m.Vectors })));
const Memories = lazy(() => import("./pages/Memories").then((m) => ({ default: m.Memories })));
const Admin = lazy(() => import("./pages/Admin").then((m) => ({ default: m.Admin })));

function usePath(): [PagePath, (p: PagePath) => void] {
  const [path, setPath] = useState<PagePath>(pageOf(location.pathname));
  useEffect(() => {
    const back = () => setPath(pageOf(location.pathname));
    addEventListener("popstate", back);
    return () => removeEventListener("popstate", back);
  }, []);
  const go = useCallback((p: PagePath) => {
    if (location.pathname !== p) history.pushState(null, "", p);
    setPath(p);
  }, []);
  return [path, go];
}

export function App() {
  const [auth, setAuth] = useState<{ client: ApiClient; caller: Caller } | null>(null);
  const [restoring, setRestoring] = useState(() => storedKey() !== null);
  const [path, go] = usePath();
  const { theme, toggle } = useTheme();
  const queries = useQueryClient();

  const signIn = useCallback(async (key: string) => {
    const client = new ApiClient(key);
    const caller = await client.caller(); // 401 for a wrong key: the sign-in page shows it
    storeKey(key);
    setAuth({ client, caller });
  }, []);

  useEffect(() => {
    const key = storedKey();
    if (!key) return;
    signIn(key).catch(() => clearKey()).finally(() => setRestoring(false));
  }, [signIn]);

  const signOut = useCallback(() => {
    clearKey();
    queries.clear();
    setAuth(null);
  }, [queries]);

  const session = useMemo(() => (auth ? { ...auth, role: auth.caller.role, signOut } : null), [auth, signOut]);

  useEffect(() => {
    const title = PAGES.find((p) => p.path === path)?.title ?? "";
    document.title = session ? `${title} · Lumos-DB` : "Sign in · Lumos-DB";
  }, [path, session]);

  // the address says the page shown ("/" and unknown paths show the dashboard)
  useEffect(() => {
    if (!session) return;
    const allowed = pagesFor(session.caller).some((p) => p.path === path);
    const shown = allowed ? path : "/dashboard";
    if (location.pathname !== shown) history.replaceState(null, "", shown);
  }, [session, path]);

  if (restoring) return null;
  if (!session) return <SignIn onSignIn={signIn} theme={theme} onToggleTheme={toggle} />;

  const visible = pagesFor(session.caller);
  const current = visible.some((p) => p.path === path) ? path : "/dashboard";
  return (
    <SessionContext.Provider value={session}>
      <div className="flex h-full flex-col">
        <header className="flex flex-wrap items-center gap-3 border-b border-border px-4 py-2">
          <span className="font-semibold">Lumos-DB</span>
          <nav aria-label="Pages" className="flex flex-wrap gap-1">
            {visible.map((p) => (
              <a
                key={p.path}
                href={p.path}
                aria-current={current === p.path ? "page" : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  go(p.path);
                }}
                className={`rounded-md px-2 py-1 text-sm ${current === p.path ? "bg-primary text-primary-foreground" : "hover:bg-muted"}`}
              >
                {p.title}
              </a>
            ))}
          </nav>
          <span className="ml-auto text-xs text-muted-foreground" data-testid="role">
            {session.role} key{session.caller.user && ` · user ${session.caller.user}`}{session.caller.collections && ` · collections ${session.caller.collections.join(", ")}`}
          </span>
          <Button variant="ghost" onClick={toggle} aria-label={`Switch to ${theme === "dark" ? "light" : "dark"} theme`} data-testid="theme-toggle">
            {theme === "dark" ? "☀ Light" : "☾ Dark"}
          </Button>
          <Button onClick={signOut}>Sign out</Button>
        </header>
        <main className="min-h-0 flex-1 overflow-auto p-4" tabIndex={0} aria-label="Page">
          <ErrorBoundary key={current}>
            <Suspense fallback={<p role="status" className="text-sm text-muted-foreground">loading…</p>}>
            {current === "/dashboard" && <Dashboard />}
            {current === "/data" && <DataBrowser />}
            {current === "/sql" && <Workbench />}
            {current === "/vectors" && <Vectors />}
            {current === "/memory" && <Memories />}
            {current === "/admin" && <Admin />}
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
    </SessionContext.Provider>
  );
}
