import type { FollowUpItem } from "@crm/read-models";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type ListPage, usePagedList } from "../api/usePagedList.ts";
import { useFormat } from "../i18n/format.ts";
import { useSession } from "../session/session.tsx";
import { DataTable } from "../ui/DataTable.tsx";
import { Pager } from "../ui/Pager.tsx";
import { Problem } from "../ui/Problem.tsx";
import { useButtonCommand } from "../ui/useButtonCommand.ts";

/** Contract 9.4: my follow-ups, overdue first (the API orders open ones by due date). */
export const FollowUpsPage = () => {
  const { t } = useTranslation();
  const format = useFormat();
  const { api } = useSession();
  const [status, setStatus] = useState<"open" | "done">("open");
  // Open ones (overdue included) come by due date, so the overdue lead the list.
  const list = usePagedList(
    (cursor) => api.get<ListPage<FollowUpItem>>("/follow-ups", { status, limit: 50, cursor }),
    status,
  );
  const completing = useButtonCommand();
  const complete = (followUp: FollowUpItem) =>
    completing.send(
      () => api.post(`/customers/${followUp.customerId}/follow-ups/${followUp.followUpId}/complete`),
      { done: list.reload },
    );
  const items = list.items ?? [];
  return (
    <>
      <div className="page-title">
        <h1>{t("followUps.title")}</h1>
        <label className="field">
          <span>{t("followUps.show")}</span>
          <select
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as "open" | "done");
              list.fromTheStart();
            }}
          >
            <option value="open">{t("followUps.open")}</option>
            <option value="done">{t("followUps.done")}</option>
          </select>
        </label>
      </div>
      <Problem error={list.error ?? completing.problem} />
      {list.data && items.length === 0 ? <p className="empty">{t("common.none")}</p> : null}
      {items.length > 0 ? (
        <DataTable
          testId="follow-ups"
          rows={items}
          rowKey={(item) => item.followUpId}
          columns={[
            {
              heading: t("followUps.due"),
              cell: (item) => (
                <>
                  {format.dateTime(item.dueAt)}{" "}
                  {item.status === "overdue" ? (
                    <span className="tag tag--bad">{t("followUps.overdue")}</span>
                  ) : null}
                </>
              ),
            },
            { heading: t("followUps.what"), cell: (item) => item.title },
            {
              heading: t("audit.customer"),
              cell: (item) => <Link to={`/customers/${item.customerId}`}>{item.customerName}</Link>,
            },
            { heading: t("customer.stage"), cell: (item) => t(`stages.${item.stage}`) },
            {
              heading: t("common.action"),
              cell: (item) =>
                item.status === "done" ? (
                  format.dateTime(item.completedAt)
                ) : (
                  <button type="button" onClick={() => void complete(item)}>
                    {t("followUps.complete")}
                  </button>
                ),
            },
          ]}
        />
      ) : null}
      <Pager paging={list.paging} />
    </>
  );
};
