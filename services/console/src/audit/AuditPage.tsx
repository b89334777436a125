import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useApiFeatures } from "../api/apiFeatures.ts";
import { type ListPage, usePagedList } from "../api/usePagedList.ts";
import { dayStart, nextDayStart } from "../i18n/calendarDays.ts";
import { useFormat } from "../i18n/format.ts";
import { useSession } from "../session/session.tsx";
import { DataTable } from "../ui/DataTable.tsx";
import { formFields } from "../ui/fields.tsx";
import { Pager } from "../ui/Pager.tsx";
import { Problem } from "../ui/Problem.tsx";
import type { AuditItem } from "./auditAnswers.ts";
import { ActorName, HistoryLink } from "./auditCells.tsx";
import { EVENT_TYPES } from "./eventTypes.ts";

/** The audit trail (section 4): who did what to which customer, newest recorded first. */
export const AuditPage = () => {
  const { t } = useTranslation();
  const format = useFormat();
  const { api } = useSession();
  const features = useApiFeatures();
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const trail = usePagedList(
    (cursor) => api.get<ListPage<AuditItem>>("/audit", { ...filters, limit: 50, cursor }),
    JSON.stringify(filters),
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    setFilters({
      actorId: text("actorId"),
      customerId: text("customerId"),
      type: text("type"),
      from: dayStart(text("from") ?? ""),
      to: nextDayStart(text("to") ?? ""),
    });
    trail.fromTheStart();
  };
  const field = formFields("audit");
  return (
    <>
      <div className="page-title">
        <h1>{t("audit.title")}</h1>
        {features?.has("GET", "/audit/access") ? (
          <Link to="/audit/access">{t("trust.accessTitle")}</Link>
        ) : null}
        {features?.has("GET", "/audit/checkpoints") ? (
          <Link to="/audit/checkpoints">{t("trust.checkpointsTitle")}</Link>
        ) : null}
      </div>
      <form className="filters" onSubmit={onSubmit} aria-label={t("audit.filters")}>
        {field.text("actorId", t("audit.actor"))}
        {field.text("customerId", t("audit.customerId"))}
        {field.choice(
          "type",
          t("audit.type"),
          (features?.choices("GET", "/audit", "type") ?? EVENT_TYPES).map((type) => ({
            value: type,
            label: i18nEvent(t, type),
          })),
          { blank: t("common.all") },
        )}
        {field.text("from", t("audit.recordedFrom"), { type: "date" })}
        {field.text("to", t("audit.recordedTo"), { type: "date" })}
        <button type="submit">{t("search.submit")}</button>
      </form>
      <Problem error={trail.error} />
      {trail.items ? (
        <DataTable
          testId="audit-trail"
          rows={trail.items}
          rowKey={(item) => `${item.customerId}:${item.revision}`}
          columns={[
            { heading: t("audit.recordedAt"), cell: (item) => format.dateTime(item.recordedAt) },
            { heading: t("audit.occurredAt"), cell: (item) => format.dateTime(item.occurredAt) },
            { heading: t("audit.type"), cell: (item) => i18nEvent(t, item.type) },
            { heading: t("audit.actor"), cell: (item) => <ActorName actor={item.actor} /> },
            { heading: t("audit.customer"), cell: (item) => <HistoryLink customerId={item.customerId} /> },
            { heading: t("audit.revision"), cell: (item) => item.revision, numeric: true },
          ]}
        />
      ) : null}
      <Pager paging={trail.paging} numbered />
    </>
  );
};

/** Event types added to the contract later than this console still show, by their own name. */
export const i18nEvent = (t: (key: string) => string, type: string) =>
  (EVENT_TYPES as readonly string[]).includes(type) ? t(`events.${type}`) : type;
