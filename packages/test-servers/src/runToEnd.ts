import { spawn } from "node:child_process";

export type Finished = { code: number; stdout: string; stderr: string };

/**
 * Runs a command to its end and hands back its exit code and everything it printed. With
 * `showStderr`, its stderr is also shown as it comes (a first start of a local server downloads
 * and builds for a minute or more, and a silent wait that long looks like a hang).
 */
export const runToEnd = (
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  { showStderr = false }: { showStderr?: boolean } = {},
): Promise<Finished> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
      if (showStderr) process.stderr.write(chunk);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
