import { useTranslation } from "react-i18next";
import { NumberCell, Panel } from "../ui/Panel.tsx";
import { type DashboardQuery, viewParameters } from "./dashboardQuery.ts";
import { useViewAnswer } from "./useViewAnswer.ts";

// Contract 9.6, shown only where the API has it (the dashboard asks its OpenAPI document).

type Velocity = {
  stages?: { stage: string; stays: number; meanDays: number | null; medianDays: number | null }[];
  cycleDays?: { mean: number | null; median: number | null };
};
type ActivityRow = {
  actorId: string;
  role: string;
  interactions: number;
  stageMoves: number;
  wins: number;
  followUpsCompleted: number;
  complaintsHandled: number;
};

/** The list in an answer, whatever its field is called ({stages}, {items}, {actors}). */
const firstList = <T,>(answer: unknown): T[] => {
  if (Array.isArray(answer)) return answer as T[];
  const list = Object.values((answer ?? {}) as Record<string, unknown>).find(Array.isArray);
  return (list ?? []) as T[];
};

export const VelocityPanel = ({ query }: { query: DashboardQuery }) => {
  const { t } = useTranslation();
  const { data, error, loading } = useViewAnswer<Velocity>("/views/stage-velocity", {
    ...viewParameters(query),
    ownerId: query.ownerId || undefined,
  });
  const stages = firstList<NonNullable<Velocity["stages"]>[number]>(data);
  return (
    <Panel title={t("velocity.title")} id="velocity" loading={loading} error={error}>
      {data ? (
        <table className="numbers">
          <thead>
            <tr>
              <th scope="col">{t("funnel.stage")}</th>
              <th scope="col">{t("velocity.stays")}</th>
              <th scope="col">{t("velocity.meanDays")}</th>
              <th scope="col">{t("velocity.medianDays")}</th>
            </tr>
          </thead>
          <tbody>
            {stages.map((row) => (
              <tr key={row.stage}>
                <th scope="row">{t(`stages.${row.stage}`)}</th>
                <NumberCell value={row.stays} testId={`velocity-${row.stage}-stays`} />
                <NumberCell value={row.meanDays} testId={`velocity-${row.stage}-meanDays`} />
                <NumberCell value={row.medianDays} />
              </tr>
            ))}
            {data.cycleDays ? (
              <tr>
                <th scope="row">{t("velocity.cycle")}</th>
                <td />
                <NumberCell value={data.cycleDays.mean} />
                <NumberCell value={data.cycleDays.median} />
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : null}
    </Panel>
  );
};

export const ActivityPanel = ({ query }: { query: DashboardQuery }) => {
  const { t, i18n } = useTranslation();
  const { data, error, loading } = useViewAnswer<unknown>("/views/activity", viewParameters(query));
  const rows = firstList<ActivityRow>(data);
  const columns = ["interactions", "stageMoves", "wins", "followUpsCompleted", "complaintsHandled"] as const;
  return (
    <Panel title={t("activity.title")} id="activity" loading={loading} error={error}>
      {data ? (
        <div className="table-scroll">
          <table className="numbers">
            <thead>
              <tr>
                <th scope="col">{t("activity.actor")}</th>
                {columns.map((column) => (
                  <th scope="col" key={column}>
                    {t(`activity.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.actorId}>
                  <th scope="row">
                    {row.actorId}{" "}
                    <small>{i18n.exists(`roles.${row.role}`) ? t(`roles.${row.role}`) : row.role}</small>
                  </th>
                  {columns.map((column) => (
                    <NumberCell
                      key={column}
                      value={row[column]}
                      testId={`activity-${row.actorId}-${column}`}
                    />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Panel>
  );
};
