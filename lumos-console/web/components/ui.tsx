// Small shadcn-style primitives on the theme tokens.
import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

function cx(...c: (string | false | null | undefined)[]) {
  return c.filter(Boolean).join(" ");
}

type Variant = "primary" | "secondary" | "danger" | "ghost";
const variants: Record<Variant, string> = {
  primary: "bg-primary text-primary-foreground hover:opacity-90",
  secondary: "bg-muted text-foreground border border-border hover:bg-border/40",
  danger: "bg-destructive text-destructive-foreground hover:opacity-90",
  ghost: "hover:bg-muted",
};

export function Button({ variant = "secondary", className, ...p }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      type="button"
      {...p}
      className={cx("inline-flex items-center gap-1 rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-50 disabled:cursor-not-allowed", variants[variant], className)}
    />
  );
}

export function Input({ className, ...p }: InputHTMLAttributes<HTMLInputElement>) {
  return <input {...p} className={cx("rounded-md border border-border bg-background px-2 py-1.5 text-sm", className)} />;
}

export function TextArea({ className, ...p }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea {...p} className={cx("rounded-md border border-border bg-background px-2 py-1.5 text-sm font-mono", className)} />;
}

export function Select({ className, ...p }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select {...p} className={cx("rounded-md border border-border bg-background px-2 py-1.5 text-sm", className)} />;
}

export function Label({ children, className }: { children: ReactNode; className?: string }) {
  return <span className={cx("text-xs font-medium text-muted-foreground", className)}>{children}</span>;
}

export function Card({ title, children, className, actions }: { title?: ReactNode; children: ReactNode; className?: string; actions?: ReactNode }) {
  return (
    <section className={cx("rounded-lg border border-border bg-card p-3", className)}>
      {(title || actions) && (
        <div className="mb-2 flex items-center justify-between gap-2">
          {title && <h2 className="text-sm font-semibold">{title}</h2>}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}

export function Badge({ children, tone = "neutral" }: { children: ReactNode; tone?: "neutral" | "good" | "bad" | "info" }) {
  const tones = {
    neutral: "bg-muted text-foreground",
    good: "bg-green-700 text-white",
    bad: "bg-destructive text-destructive-foreground",
    info: "bg-primary text-primary-foreground",
  };
  return <span className={cx("inline-block rounded px-1.5 py-0.5 text-xs font-medium", tones[tone])}>{children}</span>;
}

export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  const text = error instanceof Error ? error.message : String(error);
  return (
    <p role="alert" className="rounded-md border border-destructive px-2 py-1 text-sm text-destructive" data-testid="error">
      {text}
    </p>
  );
}

export function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg border border-border bg-card p-3">
      <div className="text-xs text-muted-foreground">{label}</div>
      <div className="mt-1 text-xl font-semibold tabular-nums" data-testid={testId}>{value}</div>
    </div>
  );
}

export { cx };

/** A list of named things, one chosen (tables, collections): buttons, so Tab and Enter reach each. */
export function PickList<T>({ label, items, name, chosen, onPick, detail, empty }: {
  label: string;
  items: T[] | undefined;
  name: (item: T) => string;
  chosen: string | null | undefined;
  onPick: (name: string) => void;
  detail?: (item: T) => ReactNode;
  empty: string;
}) {
  return (
    <ul className="flex flex-col gap-0.5" aria-label={label}>
      {items?.map((item) => {
        const n = name(item);
        return (
          <li key={n}>
            <button
              type="button"
              onClick={() => onPick(n)}
              aria-current={n === chosen ? "true" : undefined}
              className={cx("w-full rounded px-2 py-1 text-left text-sm", n === chosen ? "bg-primary text-primary-foreground" : "hover:bg-muted")}
            >
              {n}
              {detail?.(item)}
            </button>
          </li>
        );
      })}
      {items?.length === 0 && <li className="text-sm text-muted-foreground">{empty}</li>}
    </ul>
  );
}
