import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { CONTRACT_FILES_DIR } from "../contractFiles.ts";
import type { CustomerEventMessage } from "../customerEventMessage.ts";

// Validators over the checked-in files under schemas/ (not the generator's output in
// memory), so the tests check what a consumer actually downloads.

export const readContractFile = <T = unknown>(path: string): T =>
  JSON.parse(readFileSync(new URL(path, CONTRACT_FILES_DIR), "utf8")) as T;

export const schemaValidator = () => {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  const compiled = new Map<string, ValidateFunction>();
  const compile = (path: string) => {
    let validate = compiled.get(path);
    if (!validate) {
      validate = ajv.compile(readContractFile(path));
      compiled.set(path, validate);
    }
    return validate;
  };
  /** Null when valid, else ajv's errors as text. */
  const check = (path: string, value: unknown): string | null => {
    const validate = compile(path);
    return validate(value) ? null : ajv.errorsText(validate.errors);
  };
  return {
    message: (message: unknown) => check("customer-event-message.schema.json", message),
    eventData: (type: string, version: number, data: unknown) =>
      check(`events/${type}.v${version}.schema.json`, data),
  };
};

export const messageFixtures = (): CustomerEventMessage[] =>
  JSON.parse(
    readFileSync(new URL("./fixtures/customerEventMessages.v1.json", import.meta.url), "utf8"),
  ) as CustomerEventMessage[];
