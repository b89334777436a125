import { type LogEntry, type logCreator, logLevel } from "kafkajs";

/** The part of a pino logger the bus uses; any logger with this shape will do. */
export type BusLogger = {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
  debug(details: object, message: string): void;
};

/**
 * Routes kafkajs's own log lines into the service's logger, so a broker outage shows up in
 * one log stream with the rest. The client is created at WARN: kafkajs's INFO lines
 * (every join, every connect) would drown the service's own.
 */
export const kafkaLogsTo =
  (logger: BusLogger): logCreator =>
  () =>
  ({ namespace, level, log }: LogEntry) => {
    const { message, timestamp: _timestamp, logger: _name, ...details } = log;
    const entry = { kafkajs: namespace, ...details };
    if (level === logLevel.ERROR || level === logLevel.NOTHING) logger.error(entry, message);
    else if (level === logLevel.WARN) logger.warn(entry, message);
    else if (level === logLevel.INFO) logger.info(entry, message);
    else logger.debug(entry, message);
  };
