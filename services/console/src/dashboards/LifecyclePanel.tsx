import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Chart } from "../ui/Chart.tsx";
import { DataTable } from "../ui/DataTable.tsx";
import { Metric, Panel } from "../ui/Panel.tsx";
import { type DashboardQuery, viewFilters, viewParameters } from "./dashboardQuery.ts";
import { useViewAnswer } from "./useViewAnswer.ts";
import { LIFECYCLE_STAGES, type LifecycleAnswer } from "./viewAnswers.ts";

export const LifecyclePanel = ({ query }: { query: DashboardQuery }) => {
  const { t } = useTranslation();
  const { data, error, loading } = useViewAnswer<LifecycleAnswer>("/views/lifecycle", {
    ...viewParameters(query),
    ...viewFilters(query),
  });
  const option = useMemo(
    () =>
      data && {
        tooltip: { trigger: "item" },
        grid: { left: 40, right: 16, top: 16, bottom: 28 },
        xAxis: { type: "category", data: LIFECYCLE_STAGES.map((stage) => t(`lifecycle.${stage}`)) },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", data: LIFECYCLE_STAGES.map((stage) => data.counts[stage]) }],
      },
    [data, t],
  );
  const stageName = (stage: string | null) => (stage === null ? t("lifecycle.new") : t(`lifecycle.${stage}`));
  return (
    <Panel title={t("lifecycleView.title")} id="lifecycle" loading={loading} error={error} wide>
      {data && option ? (
        <>
          <dl className="metrics">
            {LIFECYCLE_STAGES.map((stage) => (
              <Metric
                key={stage}
                label={t(`lifecycle.${stage}`)}
                value={data.counts[stage]}
                testId={`lifecycle-${stage}`}
              />
            ))}
            <Metric label={t("lifecycleView.pool")} value={data.pool} testId="lifecycle-pool" />
          </dl>
          <div className="panel__columns">
            <Chart option={option} label={t("lifecycleView.chartLabel")} height={220} />
            <div>
              <h3>{t("lifecycleView.transitions")}</h3>
              {data.transitions.length === 0 ? (
                <p className="empty">{t("common.none")}</p>
              ) : (
                <DataTable
                  rows={data.transitions}
                  rowKey={(row) => `${row.from}-${row.to}`}
                  columns={[
                    { heading: t("lifecycleView.from"), cell: (row) => stageName(row.from) },
                    { heading: t("lifecycleView.to"), cell: (row) => stageName(row.to) },
                    { heading: t("lifecycleView.count"), figure: (row) => ({ value: row.count }) },
                  ]}
                />
              )}
            </div>
          </div>
        </>
      ) : null}
    </Panel>
  );
};
