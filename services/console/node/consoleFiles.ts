import { fileURLToPath } from "node:url";

/** Where the console's build lives; the platform serves it at `/`. */
export const CONSOLE_DIST = fileURLToPath(new URL("../dist", import.meta.url));

/** The console's own folder: its sources and its Vite config. */
export const CONSOLE_ROOT = fileURLToPath(new URL("..", import.meta.url));
