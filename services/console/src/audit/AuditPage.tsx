import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useApiFeatures } from "../api/apiFeatures.ts";
import { type ListPage, usePagedList } from "../api/usePagedList.ts";
import { dayStart, nextDayStart } from "../i18n/calendarDays.ts";
import { useFormat } from "../i18n/format.ts";
import { useSession } from "../session/session.tsx";
import { DataTable } from "../ui/DataTable.tsx";
import { Pager } from "../ui/Pager.tsx";
import { Problem } from "../ui/Problem.tsx";
import { ActorName, HistoryLink } from "./auditCells.tsx";
import { EVENT_TYPES } from "./eventTypes.ts";

type AuditItem = {
  customerId: string;
  revision: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; role: string };
  correlationId: string;
  command: string;
};

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
        <div className="field">
          <label htmlFor="audit-actorId">{t("audit.actor")}</label>
          <input id="audit-actorId" name="actorId" />
        </div>
        <div className="field">
          <label htmlFor="audit-customerId">{t("audit.customerId")}</label>
          <input id="audit-customerId" name="customerId" />
        </div>
        <div className="field">
          <label htmlFor="audit-type">{t("audit.type")}</label>
          <select id="audit-type" name="type" defaultValue="">
            <option value="">{t("common.all")}</option>
            {(features?.choices("GET", "/audit", "type") ?? EVENT_TYPES).map((type) => (
              <option key={type} value={type}>
                {i18nEvent(t, type)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t("audit.recordedFrom")}</label>
          <input id="audit-from" name="from" type="date" />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t("audit.recordedTo")}</label>
          <input id="audit-to" name="to" type="date" />
        </div>
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
