import { type FormEvent, useState } from "react";
import { type ApiError, asApiError } from "../api/apiClient.ts";

// One command form's round trip: send, then either done, or the API's refusal with
// its field-level problems kept for the fields to show.

export const useCommand = <T>(
  send: (form: HTMLFormElement) => Promise<T>,
  onDone: (result: T) => void,
  onRefused?: (error: ApiError) => void,
) => {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    setError(null);
    try {
      const result = await send(form);
      form.reset();
      onDone(result);
    } catch (caught) {
      const error = asApiError(caught);
      setError(error);
      onRefused?.(error);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (name: string) => error?.fieldProblems[name];
  return { onSubmit, busy, error, fieldError };
};
