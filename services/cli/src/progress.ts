import { SingleBar } from "cli-progress";

/** A progress bar on stderr (stdout carries the command's answer), silent when stderr is not a terminal. */
export const progressBar = (label: string) => {
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} events | {rate} events/s`,
    stream: process.stderr,
    noTTYOutput: false,
    hideCursor: true,
  });
  let started = 0;
  return {
    start: (total: number) => {
      started = Date.now();
      if (process.stderr.isTTY) bar.start(total, 0, { rate: 0 });
    },
    update: (value: number) => {
      const seconds = (Date.now() - started) / 1000;
      if (process.stderr.isTTY) bar.update(value, { rate: seconds > 0 ? Math.round(value / seconds) : 0 });
    },
    stop: () => {
      if (process.stderr.isTTY) bar.stop();
    },
  };
};
