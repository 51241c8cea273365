// The pages and their paths (the server answers index.html for any of them: the app routes in the browser).
import type { Caller } from "../api/client";

export const PAGES = [
  { path: "/dashboard", title: "Dashboard", needs: "read" },
  { path: "/data", title: "Data", needs: "sql" },
  { path: "/sql", title: "SQL", needs: "sql" },
  { path: "/vectors", title: "Vectors", needs: "read" },
  { path: "/memory", title: "Memory", needs: "read" },
  { path: "/admin", title: "Admin", needs: "admin" },
] as const;

/** The pages a caller may use: SQL and tables need a key bound to no user and no collections (the server's rule). */
export function pagesFor(caller: Caller) {
  return PAGES.filter((p) =>
    p.needs === "admin" ? caller.role === "admin"
      : p.needs === "sql" ? caller.user === null && caller.collections === null
      : true);
}

export type PagePath = (typeof PAGES)[number]["path"];

export function pageOf(pathname: string): PagePath {
  const p = PAGES.find((x) => pathname === x.path || pathname.startsWith(x.path + "/"));
  return p ? p.path : "/dashboard";
}
