// Dark and light themes: a class on <html> switches the CSS tokens; the choice is kept in this browser.
import { createContext, useCallback, useContext, useLayoutEffect, useState, type ReactNode } from "react";

export type Theme = "light" | "dark";

interface ThemeState { theme: Theme; setTheme: (t: Theme) => void; toggle: () => void }

const ThemeContext = createContext<ThemeState | null>(null);
const KEY = "lumos-console.theme";

export function initialTheme(): Theme {
  const saved = typeof localStorage !== "undefined" ? localStorage.getItem(KEY) : null;
  if (saved === "light" || saved === "dark") return saved;
  return typeof matchMedia !== "undefined" && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export function ThemeProvider({ children, theme: fixed }: { children: ReactNode; theme?: Theme }) {
  const [theme, setThemeState] = useState<Theme>(fixed ?? initialTheme);
  // a layout effect: it runs before any child's effect, so a chart that reads the CSS tokens reads this theme's
  useLayoutEffect(() => {
    document.documentElement.classList.toggle("dark", theme === "dark");
  }, [theme]);
  const setTheme = useCallback((t: Theme) => {
    localStorage.setItem(KEY, t);
    setThemeState(t);
  }, []);
  const toggle = useCallback(() => setTheme(theme === "dark" ? "light" : "dark"), [theme, setTheme]);
  return <ThemeContext.Provider value={{ theme, setTheme, toggle }}>{children}</ThemeContext.Provider>;
}

/** The current theme and a way to change it; works without a provider (light, fixed). */
export function useTheme(): ThemeState {
  return useContext(ThemeContext) ?? { theme: "light", setTheme: () => {}, toggle: () => {} };
}
