// The console's reusable pieces, for an app that embeds them (docs/console.md, "Components").
export { DataGrid, type DataGridProps } from "./DataGrid";
export { SqlEditor, type SqlEditorProps } from "./SqlEditor";
export { ResultChart } from "./ResultChart";
export { QueryBuilder, type QueryBuilderProps } from "./QueryBuilder";
export { ThemeProvider, useTheme, type Theme } from "./theme";
export { ConfirmDialog } from "./ConfirmDialog";
export { ApiClient, ApiError } from "../api/client";
export { buildSql, type QuerySpec } from "../lib/queryBuilder";
