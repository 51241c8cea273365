// The signed-in key lives in session storage only: gone when the tab closes, never in a URL or in local storage.
const KEY = "lumos-console.key";


export function storedKey(storage: Storage = sessionStorage): string | null {
  return storage.getItem(KEY);
}
export function storeKey(key: string, storage: Storage = sessionStorage) {
  storage.setItem(KEY, key);
}
export function clearKey(storage: Storage = sessionStorage) {
  storage.removeItem(KEY);
}

/** What a key of a role may do; the console hides the rest (and the server refuses it anyway). */
export function can(role: string | null, action: "write" | "admin"): boolean {
  if (action === "write") return role === "write" || role === "admin";
  return role === "admin";
}
