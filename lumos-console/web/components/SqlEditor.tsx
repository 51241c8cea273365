// CodeMirror 6 with SQL highlighting, completion of the tables and columns given, and Ctrl/Cmd+Enter to run.
import { autocompletion } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { sql, SQLite } from "@codemirror/lang-sql";
import { HighlightStyle, syntaxHighlighting, defaultHighlightStyle } from "@codemirror/language";
import { Compartment, EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, placeholder as cmPlaceholder } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import { useEffect, useRef } from "react";
import { useTheme } from "./theme";

export interface SqlEditorProps {
  value: string;
  onChange: (sql: string) => void;
  onRun?: () => void;
  /** table name to its column names, for completion */
  schema?: Record<string, string[]>;
  label?: string;
}

const darkHighlight = HighlightStyle.define([
  { tag: tags.keyword, color: "#93c5fd", fontWeight: "600" },
  { tag: [tags.string, tags.special(tags.string)], color: "#fca5a5" },
  { tag: tags.number, color: "#86efac" },
  { tag: tags.comment, color: "#94a3b8", fontStyle: "italic" },
  { tag: [tags.typeName, tags.standard(tags.name)], color: "#f0abfc" },
]);

export function SqlEditor({ value, onChange, onRun, schema, label = "SQL editor" }: SqlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const language = useRef(new Compartment());
  const look = useRef(new Compartment());
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };
  const { theme } = useTheme();

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          history(),
          Prec.highest(
            keymap.of([{ key: "Mod-Enter", run: () => (callbacks.current.onRun?.(), true) }]),
          ),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          language.current.of(sql({ dialect: SQLite, schema: schema ?? {}, upperCaseKeywords: true })),
          look.current.of([]),
          autocompletion(),
          cmPlaceholder("SELECT … (Ctrl+Enter runs)"),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-label": label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) callbacks.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({
      effects: language.current.reconfigure(sql({ dialect: SQLite, schema: schema ?? {}, upperCaseKeywords: true })),
    });
  }, [schema]);

  useEffect(() => {
    view.current?.dispatch({
      effects: look.current.reconfigure([
        syntaxHighlighting(theme === "dark" ? darkHighlight : defaultHighlightStyle),
        EditorView.theme(
          {
            "&": { backgroundColor: "var(--background)", color: "var(--foreground)" },
            ".cm-gutters": { backgroundColor: "var(--muted)", color: "var(--muted-foreground)", border: "none" },
            ".cm-cursor": { borderLeftColor: "var(--foreground)" },
            ".cm-activeLine": { backgroundColor: "transparent" },
          },
          { dark: theme === "dark" },
        ),
      ]),
    });
  }, [theme]);

  return <div ref={host} className="h-full min-h-32 overflow-auto rounded-md border border-border" data-testid="sql-editor" />;
}
