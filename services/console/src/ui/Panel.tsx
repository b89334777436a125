import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api/apiClient.ts";
import { useFormat } from "../i18n/format.ts";
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

/** An API answer on screen, as useApiData keeps it. */
type Answer<T> = { data?: T; error?: ApiError | undefined; loading: boolean };

/** A panel of one API answer: "loading", the API's refusal, or what `children` shows of the answer. */
export const AnswerPanel = <T,>({
  answer,
  children,
  ...panel
}: {
  title: string;
  id: string;
  wide?: boolean;
  answer: Answer<T>;
  children: (data: NonNullable<T>) => ReactNode;
}) => (
  <Panel {...panel} loading={answer.loading} error={answer.error}>
    {answer.data ? children(answer.data) : null}
  </Panel>
);

/** How a figure reads: a count (also days), an amount of money or a share. */
export type FigureKind = "count" | "money" | "percent";

export type Figure = {
  /** The API's number, written on the element for the browser tests. */
  value: number | null | undefined;
  as?: FigureKind;
  /** Words in place of the formatted number (a ratio, a verdict). */
  shown?: string;
  testId?: string;
};

const rawValue = (value: unknown) => (value === undefined || value === null ? "" : String(value));

/** One headline number of a panel. */
export const Metric = ({
  label,
  value,
  as = "count",
  shown,
  testId,
  tone,
}: Omit<Figure, "value"> & {
  label: string;
  /** A yes/no figure (a verdict) comes with its words in `shown`. */
  value: Figure["value"] | boolean;
  testId: string;
  tone?: "good" | "bad" | undefined;
}) => {
  const format = useFormat();
  return (
    <div className={tone ? `metric metric--${tone}` : "metric"}>
      <dt>{label}</dt>
      <dd data-testid={testId} data-value={rawValue(value)}>
        {shown ?? format[as](typeof value === "boolean" ? null : value)}
      </dd>
    </div>
  );
};

/** A number cell of a table. */
export const NumberCell = ({ value, as = "count", shown, testId }: Figure) => {
  const format = useFormat();
  return (
    <td className="number" data-testid={testId} data-value={rawValue(value)}>
      {shown ?? format[as](value)}
    </td>
  );
};
