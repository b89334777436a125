import { reportResult } from "../childProcess.ts";
import { profileWindow } from "../profiling.ts";

// `node burnCpu.ts job|server`, for profiling.int.spec.ts: burns CPU first in `settingUp`, then in
// `measuredWork`, as a benchmark writes its history before it measures. `job` marks the second
// stretch itself and reports; `server` reports ready after the first and works until SIGTERM.

function settingUp(ms: number): number {
  let x = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) for (let i = 0; i < 20_000; i++) x += Math.sqrt(i);
  return x;
}

function measuredWork(ms: number): number {
  let x = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) for (let i = 0; i < 20_000; i++) x += Math.cbrt(i);
  return x;
}

settingUp(300);
if (process.argv[2] === "job") {
  const measured = profileWindow("measured");
  measuredWork(300);
  measured.end();
  reportResult({ done: true });
} else {
  reportResult({ ready: true });
  const work = () => {
    measuredWork(20);
    setImmediate(work);
  };
  work();
  process.once("SIGTERM", () => process.exit(0));
}
