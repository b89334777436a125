import type { ActorActivity } from "@crm/views";
import { useTranslation } from "react-i18next";
import { listIn } from "../api/listIn.ts";
import { type Column, DataTable } from "../ui/DataTable.tsx";
import { AnswerPanel, NumberCell } from "../ui/Panel.tsx";
import { type DashboardQuery, viewParameters } from "./dashboardQuery.ts";
import { useViewAnswer } from "./useViewAnswer.ts";

// Contract 9.6, shown only where the API has it (the dashboard asks its OpenAPI document).

type Velocity = {
  stages?: { stage: string; stays: number; meanDays: number | null; medianDays: number | null }[];
  cycleDays?: { mean: number | null; median: number | null };
};
/** What the activity view counts for each actor. */
const COUNTED = ["interactions", "stageMoves", "wins", "followUpsCompleted", "complaintsHandled"] as const;

export const VelocityPanel = ({ query }: { query: DashboardQuery }) => {
  const { t } = useTranslation();
  const velocity = useViewAnswer<Velocity>("/views/stage-velocity", {
    ...viewParameters(query),
    ownerId: query.ownerId || undefined,
  });
  return (
    <AnswerPanel title={t("velocity.title")} id="velocity" answer={velocity}>
      {(data) => (
        <DataTable
          rows={listIn<NonNullable<Velocity["stages"]>[number]>(data)}
          rowKey={(row) => row.stage}
          columns={[
            { heading: t("funnel.stage"), cell: (row) => t(`stages.${row.stage}`), names: true },
            {
              heading: t("velocity.stays"),
              figure: (row) => ({ value: row.stays, testId: `velocity-${row.stage}-stays` }),
            },
            {
              heading: t("velocity.meanDays"),
              figure: (row) => ({ value: row.meanDays, testId: `velocity-${row.stage}-meanDays` }),
            },
            { heading: t("velocity.medianDays"), figure: (row) => ({ value: row.medianDays }) },
          ]}
          lastRow={
            data.cycleDays ? (
              <tr>
                <th scope="row">{t("velocity.cycle")}</th>
                <td />
                <NumberCell value={data.cycleDays.mean} />
                <NumberCell value={data.cycleDays.median} />
              </tr>
            ) : null
          }
        />
      )}
    </AnswerPanel>
  );
};

export const ActivityPanel = ({ query }: { query: DashboardQuery }) => {
  const { t, i18n } = useTranslation();
  const activity = useViewAnswer<unknown>("/views/activity", viewParameters(query));
  return (
    <AnswerPanel title={t("activity.title")} id="activity" answer={activity}>
      {(data) => (
        <DataTable
          rows={listIn<ActorActivity>(data)}
          rowKey={(row) => row.actorId}
          columns={[
            {
              heading: t("activity.actor"),
              cell: (row) => (
                <>
                  {row.actorId}{" "}
                  <small>{i18n.exists(`roles.${row.role}`) ? t(`roles.${row.role}`) : row.role}</small>
                </>
              ),
              names: true,
            },
            ...COUNTED.map(
              (column): Column<ActorActivity> => ({
                heading: t(`activity.${column}`),
                figure: (row) => ({ value: row[column], testId: `activity-${row.actorId}-${column}` }),
              }),
            ),
          ]}
        />
      )}
    </AnswerPanel>
  );
};
