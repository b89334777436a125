import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/apiClient.ts";
import { Problem } from "./Problem.tsx";

export const Panel = ({
  title,
  id,
  loading,
  error,
  children,
  wide,
}: {
  title: string;
  id: string;
  loading?: boolean;
  error?: ApiError | undefined;
  children: ReactNode;
  wide?: boolean;
}) => {
  const { t } = useTranslation();
  return (
    <section
      className={wide ? "panel panel--wide" : "panel"}
      aria-labelledby={`${id}-title`}
      aria-busy={loading || undefined}
      data-testid={id}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {error ? <Problem error={error} /> : null}
      {loading && !error ? <p className="loading">{t("common.loading")}</p> : null}
      {children}
    </section>
  );
};

/** One headline number; the raw value rides along for the browser tests. */
export const Metric = ({
  label,
  shown,
  raw,
  testId,
  tone,
}: {
  label: string;
  shown: string;
  raw: number | boolean | null | undefined;
  testId: string;
  tone?: "good" | "bad" | undefined;
}) => (
  <div className={tone ? `metric metric--${tone}` : "metric"}>
    <dt>{label}</dt>
    <dd data-testid={testId} data-value={raw === undefined || raw === null ? "" : String(raw)}>
      {shown}
    </dd>
  </div>
);

/** A number cell of a table, with its raw value for the browser tests. */
export const NumberCell = ({
  shown,
  raw,
  testId,
}: {
  shown: string;
  raw: number | null;
  testId?: string;
}) => (
  <td className="number" data-testid={testId} data-value={raw === null ? "" : String(raw)}>
    {shown}
  </td>
);
